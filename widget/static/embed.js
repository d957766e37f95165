/*
 * #WeStandBYyou <wsby-widget>, dependency-free. Embed:
 *   <wsby-widget view="counter" lang="de" theme="auto"><a href="https://SERVICE/">…</a></wsby-widget>
 *   <script type="module" src="https://SERVICE/widget/v1/embed.js" async></script>
 * Attributes: view counter|list|card, lang, theme auto|light|dark, parliament, godparent,
 * refresh (seconds). Styling: --wsby-text, --wsby-muted, --wsby-accent (+ -dark), --wsby-bg,
 * ::part(). Events: wsby:load, wsby:error.
 * CSP: the styles are a constructable stylesheet, which CSP does not govern, so a site needs
 * only: script-src https://SERVICE; connect-src https://SERVICE
 */

const ORIGIN = new URL(import.meta.url).origin;

// As in westandbyyou.widget.i18n (a test compares them).
export const STRINGS = {
  as_of: {
    en: 'as of {date}', de: 'Stand: {date}', fr: 'au {date}', nl: 'stand van {date}',
    it: 'aggiornato al {date}', be: 'па стане на {date}', ru: 'по состоянию на {date}',
  },
  stands_by: {
    en: '{name} stands by {prisoner}', de: '{name} steht an der Seite von {prisoner}',
    fr: '{name} soutient {prisoner}', nl: '{name} staat naast {prisoner}',
    it: '{name} sta al fianco di {prisoner}', be: '{name} падтрымлівае {prisoner}',
    ru: '{name} поддерживает {prisoner}',
  },
  released_on: {
    en: 'released on {date}', de: 'freigelassen am {date}', fr: 'libéré·e le {date}',
    nl: 'vrijgelaten op {date}', it: 'rilasciato/a il {date}', be: 'вызвалены/ая {date}',
    ru: 'освобождён(а) {date}',
  },
  released: {
    en: 'released', de: 'freigelassen', fr: 'libéré·e', nl: 'vrijgelaten', it: 'rilasciato/a',
    be: 'вызвалены/ая', ru: 'освобождён(а)',
  },
  days_detained: {
    en: { one: 'detained for {n} day', other: 'detained for {n} days' },
    de: { one: 'seit {n} Tag in Haft', other: 'seit {n} Tagen in Haft' },
    fr: {
      one: 'détenu·e depuis {n} jour', many: 'détenu·e depuis {n} de jours',
      other: 'détenu·e depuis {n} jours',
    },
    nl: { one: 'al {n} dag gevangen', other: 'al {n} dagen gevangen' },
    it: {
      one: 'detenuto/a da {n} giorno', many: 'detenuto/a da {n} di giorni',
      other: 'detenuto/a da {n} giorni',
    },
    be: {
      one: 'за кратамі {n} дзень', few: 'за кратамі {n} дні', many: 'за кратамі {n} дзён',
      other: 'за кратамі {n} дня',
    },
    ru: {
      one: 'в заключении {n} день', few: 'в заключении {n} дня', many: 'в заключении {n} дней',
      other: 'в заключении {n} дня',
    },
  },
  unknown_parliament: {
    en: 'Unknown parliament “{slug}”: please check the widget code.',
    de: 'Unbekanntes Parlament „{slug}“: bitte den Widget-Code prüfen.',
    fr: 'Parlement inconnu « {slug} » : veuillez vérifier le code du widget.',
    nl: 'Onbekend parlement ‘{slug}’: controleer de widgetcode.',
    it: 'Parlamento sconosciuto «{slug}»: controlla il codice del widget.',
    be: 'Невядомы парламент «{slug}»: праверце код віджэта.',
    ru: 'Неизвестный парламент «{slug}»: проверьте код виджета.',
  },
  unknown_godparent: {
    en: 'Unknown godparent “{slug}”: please check the widget code.',
    de: 'Unbekannte*r Pat*in „{slug}“: bitte den Widget-Code prüfen.',
    fr: 'Parrain ou marraine inconnu·e « {slug} » : veuillez vérifier le code du widget.',
    nl: 'Onbekende peter of meter ‘{slug}’: controleer de widgetcode.',
    it: 'Padrino o madrina sconosciuto/a «{slug}»: controlla il codice del widget.',
    be: 'Невядомы хросны бацька «{slug}»: праверце код віджэта.',
    ru: 'Неизвестный крёстный родитель «{slug}»: проверьте код виджета.',
  },
};

// AA contrast on white (light) and #121212 (dark). `all: initial`: no inherited host styles.
const DARK = '--f:var(--wsby-text-dark,#f2f2f3);--m:var(--wsby-muted-dark,#c3c3c9);' +
  '--a:var(--wsby-accent-dark,#ff9d9d);color-scheme:dark';
const CSS = `:host{all:initial;display:block;font:inherit}:host([hidden]){display:none}
.wsby{all:initial;display:block;font-family:inherit;font-size:clamp(12px,1em,36px);
line-height:1.45;overflow-wrap:anywhere;--f:var(--wsby-text,#1b1b1f);
--m:var(--wsby-muted,#55555c);--a:var(--wsby-accent,#b0151f);color:var(--f);
background:var(--wsby-bg,transparent)}
.wsby--dark{${DARK}}@media (prefers-color-scheme:dark){.wsby--auto{${DARK}}}
p,ul{margin:0 0 .5em}ul{padding-left:1.25em}.wsby__headline{font-size:1.15em}
.wsby__count{color:var(--a);font-size:1.35em}.wsby__meta{margin:0;font-size:.85em}
.wsby__meta,.wsby__party,.wsby__n{color:var(--m)}a{color:var(--a)}summary{cursor:pointer;font-weight:600}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
`;

let sheet;
const feeds = new Map(); // query -> Feed

// Never throw into the host page.
const warned = new Set();
const warn = (text) => warned.has(text) || warned.add(text) && console.warn(`[wsby] ${text}`);
function guard(fn, ...args) {
  try {
    return fn(...args);
  } catch (error) {
    warn(`${error}`);
  }
}

// As the server writes them. Chromium lacks Belarusian dates and numbers (grouped as ru).
const locale = (lang) => ({ en: 'en-GB', be: 'ru' })[lang] || lang;
const BE = 'студзеня лютага сакавіка красавіка мая чэрвеня ліпеня жніўня верасня кастрычніка ' +
  'лістапада снежня';
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
const t = (key, lang, values) => fill(STRINGS[key][lang], values || {});
const number = (lang, n) => new Intl.NumberFormat(locale(lang), { useGrouping: 'always' }).format(n);
const date = (lang, day) => lang === 'be'
  ? `${day.getUTCDate()} ${BE.split(' ')[day.getUTCMonth()]} ${day.getUTCFullYear()} г.`
  : day.toLocaleDateString(locale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const isoDay = (value) => /^\d{4}-\d\d-\d\d$/.test(value) && new Date(value);

// Strings become text nodes, never HTML.
function h(tag, cls, part, ...children) {
  const el = document.createElement(tag);
  el.className = cls || '';
  if (part) el.setAttribute('part', part);
  el.append(...children);
  return el;
}

class Feed {
  widgets = new Set();
  state = {};
  last = 0;

  constructor(query) {
    this.query = query;
  }

  add(widget) {
    this.widgets.add(widget);
    widget.show(this.state);
    this.last ? this.plan() : this.load();
  }

  remove(widget) {
    this.widgets.delete(widget);
    if (!this.widgets.size) clearTimeout(this.timer), feeds.delete(this.query);
  }

  plan() {
    clearTimeout(this.timer);
    if (this.busy || !this.widgets.size) return;
    this.due = this.last + 1000 * Math.min(...[...this.widgets].map((w) => w.refresh));
    this.timer = setTimeout(() => document.visibilityState === 'visible' && this.load(),
      this.due - Date.now());
  }

  async load() {
    this.last = Date.now();
    this.busy = true;
    let next;
    try {
      next = { data: await this.fetch(), fetched: new Date() };
    } catch ({ message, reason = 'unavailable' }) {
      warn(`${this.query}: ${message}`);
      // Keep the last good data, dated by its last good answer.
      const { data, fetched } = reason === 'config' ? {} : this.state;
      next = { data, fetched, stale: data && fetched, error: reason, message };
    }
    const [before, after] = [this.state, next].map((s) => s.data?.summary.godparents);
    // Announced once, by one widget.
    if (before >= 0 && after >= 0 && before !== after) {
      [...this.widgets][0].live.textContent = next.data.summary.headline;
    }
    this.busy = false;
    this.state = next;
    for (const widget of this.widgets) widget.show(next);
    this.plan();
  }

  async fetch() {
    const fail = (reason, message) => {
      throw { reason, message };
    };
    // no-cache: the browser sends If-None-Match itself (no CORS preflight).
    const response = await fetch(`${ORIGIN}/api/v1/widget?${this.query}`, {
      credentials: 'omit',
      cache: this.state.data ? 'no-cache' : 'default',
      signal: AbortSignal.timeout(20000),
    });
    const { status } = response;
    const body = await response.text();
    if (status === 400 || status === 404) fail('config', guard(() => JSON.parse(body).detail));
    if (status !== 200) fail('unavailable', `HTTP ${status}`);
    if (body === this.body) return this.state.data;
    const doc = guard(JSON.parse, body);
    // Garbage counts as an outage.
    if (typeof doc?.summary?.headline !== 'string' || !doc.parliaments?.map) {
      fail('invalid', 'not a widget document');
    }
    this.body = body;
    return doc;
  }
}

document.addEventListener('visibilitychange', () => {
  for (const feed of feeds.values()) {
    if (document.visibilityState === 'visible' && !feed.busy && Date.now() >= feed.due) feed.load();
  }
});

class WsbyWidget extends HTMLElement {
  static observedAttributes = ['view', 'lang', 'theme', 'parliament', 'godparent', 'refresh'];

  connectedCallback() {
    guard(() => {
      if (!this.box) {
        const shadow = this.attachShadow({ mode: 'open' });
        if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        this.box = h('div', '', '', h('slot'));
        this.live = h('p', 'sr');
        this.live.setAttribute('aria-live', 'polite');
        shadow.replaceChildren(this.box, this.live);
      }
      this.subscribe();
    });
  }

  disconnectedCallback() {
    guard(() => this.feed.remove(this));
    this.feed = null;
  }

  attributeChangedCallback(name) {
    if (this.feed) guard(() => (name === 'refresh' ? this.feed.plan() : this.subscribe()));
  }

  get refresh() {
    return Math.max(30, +this.getAttribute('refresh') || 300);
  }

  attr(name, options) {
    const value = (this.getAttribute(name) || '').trim();
    return !options || options.includes(value) ? value : options[0];
  }

  subscribe() {
    const tag = this.attr('lang') || this.closest('[lang]')?.lang || '';
    const lang = tag.split(/[-_]/)[0].toLowerCase();
    this.lang = STRINGS.as_of[lang] ? lang : 'en';
    const query = new URLSearchParams({ lang: this.lang });
    for (const name of ['parliament', 'godparent']) this.attr(name) && query.set(name, this.attr(name));
    const key = `${query}`;
    if (this.feed?.query !== key) {
      this.feed?.remove(this);
      if (!feeds.has(key)) feeds.set(key, new Feed(key));
      (this.feed = feeds.get(key)).add(this);
    }
    this.render();
  }

  // An unchanged poll must not move keyboard focus.
  show(state) {
    const prev = this.state || {};
    this.state = state;
    if (['data', 'stale', 'error'].every((k) => prev[k] === state[k])) return;
    guard(() => this.render());
    const { error: reason, message } = state;
    if (state.data && !state.stale) this.emit('load', { summary: state.data.summary });
    if (reason && reason !== prev.error) this.emit('error', { reason, message });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(`wsby:${type}`, { bubbles: true, composed: true, detail }));
  }

  render() {
    const { state, box, lang } = this;
    if (!state?.data && !state?.error) return;
    const view = this.attr('view', ['counter', 'list', 'card']);
    const theme = this.attr('theme', ['auto', 'light', 'dark']);
    const godparent = this.attr('godparent');
    const shown = view === 'card' && !godparent ? 'counter' : view;
    const root = h('div', `wsby wsby--${shown} wsby--${theme}`, 'root');
    root.lang = lang;
    if (state.error === 'config') {
      const wrong = godparent && !/parliament/.test(state.message) ? 'godparent' : 'parliament';
      const notice = h('p', 'wsby__notice', 'notice',
        t(`unknown_${wrong}`, lang, { slug: this.attr(wrong) }));
      notice.setAttribute('role', 'status');
      root.append(notice);
    } else if (!state.data) {
      root.append(this.textContent.trim() ? h('slot') : link());
    } else {
      const { summary, parliaments } = state.data;
      if (shown === 'card') root.append(card(parliaments, lang));
      else root.append(headline(summary.headline));
      if (shown === 'list') root.append(groups(parliaments, lang, state.data.labels));
      root.append(meta(state, lang));
    }
    box.replaceChildren(root);
  }
}

function headline(text) {
  const found = /\d(?:[\d.,\s]*\d)?/.exec(text) || { index: 0, 0: '' };
  const end = found.index + found[0].length;
  const count = h('strong', 'wsby__count', 'count', found[0]);
  return h('p', 'wsby__headline', 'headline', text.slice(0, found.index), count, text.slice(end));
}

// Built off-document and inserted at once: one layout for 1,000+ names.
// A trimmed group links to its whole list.
function groups(parliaments, lang, labels) {
  const fragment = document.createDocumentFragment();
  for (const p of parliaments) {
    const items = p.godparents.map((g) => h('li', '', 'godparent',
      h('span', 'wsby__name', '', g.name),
      ...(g.party ? [' ', h('span', 'wsby__party', '', `(${g.party})`)] : []),
      ' — ', h('span', 'wsby__prisoners', '', g.prisoners.map((x) => x.name).join(', '))));
    const total = p.total ?? items.length;
    if (total > items.length) {
      items.push(h('li', 'wsby__more', 'more', link(fill(labels?.show_all || '{n}',
        { n: number(lang, total) }), `/?parliament=${encodeURIComponent(p.slug)}&lang=${lang}`)));
    }
    const group = h('details', 'wsby__group', 'group',
      h('summary', '', 'group-title', `${p.name} `,
        h('span', 'wsby__n', 'group-count', `(${number(lang, total)})`)),
      h('ul', '', 'godparents', ...items));
    group.open = true;
    fragment.append(group);
  }
  return fragment;
}

function card(parliaments, lang) {
  const g = parliaments[0].godparents[0];
  const prisoner = g.prisoners.map((p) => p.name + status(p, lang)).join('; ');
  return h('p', 'wsby__card', 'card', t('stands_by', lang, { name: g.name, prisoner }));
}

function status(p, lang) {
  const day = isoDay(p.released_on);
  const n = p.days_detained;
  if (p.status === 'released') {
    return ', ' + (day ? t('released_on', lang, { date: date(lang, day) }) : t('released', lang));
  }
  if (p.status !== 'detained' || !Number.isInteger(n)) return '';
  const forms = STRINGS.days_detained[lang];
  return ', ' + fill(forms[new Intl.PluralRules(lang).select(n)] || forms.other, { n: number(lang, n) });
}

function link(text = '#WeStandBYyou', path = '/') {
  const a = h('a', 'wsby__link', 'link', text);
  return Object.assign(a, { href: ORIGIN + path, target: '_blank', rel: 'noopener' });
}

function meta(state, lang) {
  const p = h('p', 'wsby__meta', 'meta', link());
  const day = state.stale || isoDay(state.data.summary.updated);
  if (day) {
    const time = h('time', '', '', t('as_of', lang, { date: date(lang, day) }));
    time.dateTime = day.toISOString().slice(0, 10);
    p.append(' · ', time);
  }
  return p;
}

// Safe to include twice.
guard(() => customElements.get('wsby-widget') || customElements.define('wsby-widget', WsbyWidget));
