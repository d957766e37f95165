/*
 * #WeStandBYyou widget <wsby-widget>: one dependency-free ES module. Embed it with
 *   <wsby-widget view="counter" lang="de" theme="auto"><a href="https://SERVICE/">…</a></wsby-widget>
 *   <script type="module" src="https://SERVICE/widget/v1/embed.js" async></script>
 * (the link shows until, or unless, the script runs). Attributes, all watched: view
 * counter|list|card, lang en|de|fr|nl|it|be|ru (default: the page's), theme auto|light|dark,
 * parliament, godparent (slugs; card needs one), refresh (seconds >= 30, default 300).
 * Branding: --wsby-text, --wsby-muted, --wsby-accent (and -dark of each), --wsby-bg;
 * ::part(root headline count meta link group group-title group-count godparents godparent
 * card notice). Events, bubbling and composed: wsby:load, wsby:error.
 * CSP: styles are a constructable stylesheet (never <style> or style=""), which CSP does not
 * govern, so a site needs only `script-src https://SERVICE; connect-src https://SERVICE`.
 * Privacy: no request but to this file's origin; no cookies, referrer or storage.
 */

const ORIGIN = new URL(import.meta.url).origin;

// Sentences composed here, as in westandbyyou.widget.i18n (a test compares them).
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

// Colours pass WCAG AA on white (light) and #121212 (dark); the background is transparent.
const DARK = '--f:var(--wsby-text-dark,#f2f2f3);--m:var(--wsby-muted-dark,#c3c3c9);' +
  '--a:var(--wsby-accent-dark,#ff9d9d);color-scheme:dark';
// `all: initial` stops the host page's inherited styles; only its font family gets through.
const CSS = `:host{all:initial;display:block;font:inherit}:host([hidden]){display:none}
.wsby{all:initial;display:block;font-family:inherit;font-size:clamp(12px,1em,36px);
line-height:1.45;overflow-wrap:anywhere;--f:var(--wsby-text,#1b1b1f);
--m:var(--wsby-muted,#55555c);--a:var(--wsby-accent,#b0151f);color:var(--f);
background:var(--wsby-bg,transparent)}
.wsby--dark{${DARK}}@media (prefers-color-scheme:dark){.wsby--auto{${DARK}}}
p,ul{margin:0 0 .5em}ul{padding-left:1.25em}.wsby__headline{font-size:1.15em}
.wsby__count{color:var(--a);font-size:1.35em}.wsby__meta{margin:0;font-size:.85em}
.wsby__meta,.wsby__party,.wsby__n{color:var(--m)}a{color:var(--a)}
summary{cursor:pointer;font-weight:600}.wsby__notice{border-left:3px solid var(--a);padding-left:.5em}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
@media (prefers-reduced-motion:no-preference){.new{animation:new 2s}}
@keyframes new{from{background:color-mix(in srgb,var(--a) 30%,transparent)}}`;

let sheet; // shared by every widget
const warned = new Set();

// Never throw into the host page: one console line per distinct problem.
function guard(fn, ...args) {
  try {
    return fn(...args);
  } catch (error) {
    warn(`widget failed: ${error}`);
  }
}

function warn(message) {
  if (!warned.has(message)) console.warn(`[wsby] ${message}`);
  warned.add(message);
}


// en-GB writes "24 November 2026" as the server does; Chromium has no Belarusian date or
// number data, so be gets its months here and Russian digit grouping (the same as CLDR's be).
const locale = (lang) => ({ en: 'en-GB', be: 'ru' })[lang] || lang;
const BE = 'студзеня лютага сакавіка красавіка мая чэрвеня ліпеня жніўня верасня кастрычніка ' +
  'лістапада снежня';
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
const t = (key, lang, values) => fill(STRINGS[key][lang], values || {});
// Grouping always, like the server (Italian would skip it below 10,000).
const number = (lang, n) => new Intl.NumberFormat(locale(lang), { useGrouping: 'always' }).format(n);
const date = (lang, day) => lang === 'be'
  ? `${day.getUTCDate()} ${BE.split(' ')[day.getUTCMonth()]} ${day.getUTCFullYear()} г.`
  : new Intl.DateTimeFormat(locale(lang),
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(day);
const isoDay = (value) => /^\d{4}-\d\d-\d\d$/.test(value) ? new Date(value + 'T00:00Z') : null;

function counted(key, lang, n) {
  const forms = STRINGS[key][lang];
  return fill(forms[new Intl.PluralRules(lang).select(n)] || forms.other, { n: number(lang, n) });
}

// Strings become text nodes, never HTML.
function h(tag, cls, part, ...children) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (part) el.setAttribute('part', part);
  el.append(...children);
  return el;
}


// Garbage counts as an outage.
const valid = (doc) => typeof doc?.summary?.headline === 'string' &&
  Number.isInteger(doc.summary.godparents) && Array.isArray(doc.parliaments) &&
  doc.parliaments.every((p) => p.godparents.every((g) => g.prisoners.map));

const feeds = new Map(); // query -> Feed

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

  // A hidden page is checked again when it becomes visible.
  plan() {
    clearTimeout(this.timer);
    this.due = this.last + 1000 * Math.min(...[...this.widgets].map((w) => w.refresh));
    if (!this.busy) {
      this.timer = setTimeout(() => document.visibilityState === 'visible' && this.load(),
        this.due - Date.now());
    }
  }

  async load() {
    this.last = Date.now();
    this.busy = true;
    const next = await this.fetch().catch((e) => this.failed('invalid', 0, e));
    const before = this.state.data?.summary.godparents;
    const after = next.data?.summary.godparents;
    // A changed count is announced once, by the first widget.
    if (before >= 0 && after >= 0 && before !== after) {
      [...this.widgets][0].live.textContent = next.data.summary.headline;
    }
    this.busy = false;
    this.state = next;
    for (const widget of this.widgets) widget.show(next);
    this.plan();
  }

  async fetch() {
    let response, body;
    try {
      // `no-cache`: the browser revalidates with If-None-Match from its own cache (304),
      // without the CORS preflight a script-set header would cost.
      response = await fetch(`${ORIGIN}/api/v1/widget?${this.query}`, {
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: this.state.data ? 'no-cache' : 'default',
        signal: AbortSignal.timeout(20000),
      });
      body = await response.text();
    } catch (e) {
      return this.failed('unavailable', 0, e);
    }
    const { status } = response;
    if (status === 400 || status === 404) {
      const message = guard(() => JSON.parse(body).detail);
      warn(`${status} ${message}`);
      return { error: 'config', status, message };
    }
    if (status !== 200) return this.failed('unavailable', status, `HTTP ${status}`);
    if (body === this.body) return { data: this.state.data, fetched: new Date() };
    const doc = guard(JSON.parse, body);
    if (!valid(doc)) return this.failed('invalid', status, 'not a widget document');
    this.body = body;
    return { data: doc, fetched: new Date() };
  }

  // Keep the last good data, dated.
  failed(error, status, message) {
    const { data, fetched } = this.state;
    warn(`${this.query}: ${message}; showing ${data ? 'the last good data' : 'the link'}`);
    return { data, fetched, stale: data && fetched, error, status, message: String(message) };
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
        const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
        if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        this.box = h('div', '', '', h('slot'));
        // Outside what re-renders, so only a new count is spoken.
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
    return Math.max(30, this.getAttribute('refresh') || 300);
  }

  attr(name, options) {
    const value = (this.getAttribute(name) || '').trim();
    return !options || options.includes(value) ? value : options[0];
  }

  subscribe() {
    const lang = (this.attr('lang') || this.closest('[lang]')?.lang || '').split(/[-_]/)[0];
    this.lang = STRINGS.as_of[lang.toLowerCase()] ? lang.toLowerCase() : 'en';
    const query = new URLSearchParams({ lang: this.lang });
    for (const name of ['parliament', 'godparent']) this.attr(name) && query.set(name, this.attr(name));
    const key = String(query);
    if (this.feed?.query !== key) {
      this.feed?.remove(this);
      if (!feeds.has(key)) feeds.set(key, new Feed(key));
      (this.feed = feeds.get(key)).add(this);
    }
    this.render();
  }

  // An unchanged poll must not move keyboard focus or reopen closed groups.
  show(state) {
    const prev = this.state || {};
    this.state = state;
    if (prev.data === state.data && prev.stale === state.stale && prev.error === state.error) {
      return;
    }
    guard(() => this.render(prev.data && state.data &&
      prev.data.summary.godparents !== state.data.summary.godparents));
    const { error: reason, status, message } = state;
    if (state.data && !state.stale) this.emit('load', { summary: state.data.summary });
    if (reason && reason !== prev.error) this.emit('error', { reason, status, message });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(`wsby:${type}`, { bubbles: true, composed: true, detail }));
  }

  render(changed) {
    const { state, box, lang } = this;
    if (!state || !(state.data || state.error)) return;
    const view = this.attr('view', ['counter', 'list', 'card']);
    const godparent = this.attr('godparent');
    const shown = view === 'card' && !godparent ? 'counter' : view;
    const root = h('div', `wsby wsby--${shown} wsby--${this.attr('theme', ['auto', 'light', 'dark'])}`, 'root');
    root.lang = lang;
    const data = state.error !== 'config' && state.data;
    if (!data) {
      // Service down: the snippet's own text (or a bare link) until the data comes.
      const placeholder = this.textContent.trim() ? h('slot') : link();
      if (state.error !== 'config') root.append(placeholder);
      else {
        const notice = h('p', 'wsby__notice', 'notice', godparent && !/parliament/.test(state.message)
          ? t('unknown_godparent', lang, { slug: godparent })
          : t('unknown_parliament', lang, { slug: this.attr('parliament') }));
        notice.setAttribute('role', 'status');
        root.append(notice);
      }
    } else if (shown === 'card') {
      root.append(card(data, lang), meta(state, lang));
    } else {
      root.append(headline(data.summary, changed));
      if (shown === 'list') root.append(groups(data, lang, box));
      root.append(meta(state, lang));
    }
    box.replaceChildren(root);
  }
}

function headline(summary, changed) {
  const text = summary.headline;
  const found = /\d(?:[\d.,\s]*\d)?/.exec(text) || { index: text.length, 0: '' };
  const count = h('strong', `wsby__count${changed ? ' new' : ''}`, 'count', found[0]);
  const end = found.index + found[0].length;
  return h('p', 'wsby__headline', 'headline', text.slice(0, found.index), count, text.slice(end));
}

// Built off-document, inserted at once: one layout for 1,000+ names.
function groups(data, lang, box) {
  const closed = [...box.querySelectorAll('details:not([open])')].map((d) => d.dataset.slug);
  const fragment = document.createDocumentFragment();
  for (const p of data.parliaments) {
    const items = p.godparents.map((g) => h('li', '', 'godparent',
      h('span', 'wsby__name', '', g.name),
      ...(g.party ? [' ', h('span', 'wsby__party', '', `(${g.party})`)] : []),
      ' — ', h('span', 'wsby__prisoners', '', g.prisoners.map((x) => x.name).join(', '))));
    const group = h('details', 'wsby__group', 'group',
      h('summary', '', 'group-title', `${p.name} `,
        h('span', 'wsby__n', 'group-count', `(${number(lang, items.length)})`)),
      h('ul', '', 'godparents', ...items));
    group.dataset.slug = p.slug;
    group.open = !closed.includes(p.slug);
    fragment.append(group);
  }
  return fragment;
}

function card(data, lang) {
  const g = data.parliaments[0]?.godparents[0] || { prisoners: [] };
  const prisoner = g.prisoners.map((p) => p.name + status(p, lang)).join('; ');
  return h('p', 'wsby__card', 'card', t('stands_by', lang, { name: g.name, prisoner }));
}

function status(p, lang) {
  const day = isoDay(p.released_on);
  if (p.status === 'released') {
    return ', ' + (day ? t('released_on', lang, { date: date(lang, day) }) : t('released', lang));
  }
  const n = p.days_detained;
  return p.status === 'detained' && Number.isInteger(n) ? ', ' + counted('days_detained', lang, n) : '';
}

function link() {
  const a = h('a', 'wsby__link', 'link', '#WeStandBYyou');
  return Object.assign(a, { href: `${ORIGIN}/`, target: '_blank', rel: 'noopener' });
}

// Stale data is dated by its last good answer.
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
