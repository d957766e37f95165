"""Languages, CLDR plural categories, numbers, dates and the sentences every view shows.

Pure standard library, because the SDK renders the same views without the service's
dependencies. When Babel is installed (the service), plural categories come from its CLDR
data; the built-in rules below are the same CLDR rules for integers, and a test checks
them against Babel so the SDK and the service can never disagree.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re

LANGUAGES = ("en", "de", "fr", "nl", "it", "be", "ru")
DEFAULT = "en"

# A language tag as RFC 5646 shapes it, loosely: "de", "de-CH", "zh_Hant_TW". Anything else
# (markup, very long strings) is malformed and answered with 400, not silently ignored.
TAG_PATTERN = r"^(?:[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3})?$"
_TAG = re.compile(TAG_PATTERN)

# The SDK installs without Babel; the service always has it.
_HAS_BABEL = importlib.util.find_spec("babel") is not None


def is_valid_tag(tag: str) -> bool:
    """True when `tag` is shaped like a language tag (whether or not we support it)."""
    return bool(tag) and bool(_TAG.match(tag))


def negotiate(tag: str | None) -> str:
    """The supported language for a tag: its primary subtag if we have it, else English."""
    if not tag:
        return DEFAULT
    primary = re.split(r"[-_]", tag, maxsplit=1)[0].lower()
    return primary if primary in LANGUAGES else DEFAULT


def _builtin_plural(lang: str, n: int) -> str:
    n = abs(n)
    if lang in ("ru", "be"):
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "fr":
        if n in (0, 1):
            return "one"
        return "many" if n != 0 and n % 1_000_000 == 0 else "other"
    if lang == "it" and n != 0 and n % 1_000_000 == 0:
        return "many"
    return "one" if n == 1 else "other"


def plural(lang: str, n: int) -> str:
    """The CLDR plural category (`one`, `few`, `many`, `other`) of the integer `n` in `lang`."""
    if _HAS_BABEL:
        from babel import Locale

        return str(Locale.parse(lang).plural_form(n))
    return _builtin_plural(lang, n)


# Group separators as CLDR has them for integers; French and the East Slavic languages use
# no-break spaces so a count never wraps in the middle.
_GROUP = {
    "en": ",",
    "de": ".",
    "fr": "\u202f",
    "nl": ".",
    "it": ".",
    "be": "\u00a0",
    "ru": "\u00a0",
}


def number(lang: str, n: int) -> str:
    """`n` with the language's digit grouping, as Babel's `format_decimal` writes it."""
    return f"{n:,}".replace(",", _GROUP[lang])


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "be": "студзеня лютага сакавіка красавіка мая чэрвеня ліпеня жніўня верасня кастрычніка "
    "лістапада снежня",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
_DATE = {
    "en": "{d} {m} {y}",
    "de": "{d}. {m} {y}",
    "fr": "{d} {m} {y}",
    "nl": "{d} {m} {y}",
    "it": "{d} {m} {y}",
    "be": "{d} {m} {y} г.",
    "ru": "{d} {m} {y} г.",
}


def date(lang: str, day: dt.date) -> str:
    """A long-form date, e.g. "24 November 2026" / "24. November 2026"."""
    month = _MONTHS[lang].split()[day.month - 1]
    return _DATE[lang].format(d=day.day, m=month, y=day.year)


# Each message has a form per plural category the language uses; {n} is the formatted number.
MESSAGES: dict[str, dict[str, dict[str, str]]] = {
    "headline": {
        "en": {
            "one": "{n} politician has taken over a godparenthood so far",
            "other": "{n} politicians have taken over a godparenthood so far",
        },
        "de": {
            "one": "{n} Politiker*in hat bisher eine Patenschaft übernommen",
            "other": "{n} Politiker*innen haben bisher eine Patenschaft übernommen",
        },
        "fr": {
            "one": "{n} responsable politique a parrainé un prisonnier politique à ce jour",
            "many": "{n} de responsables politiques ont parrainé un prisonnier politique à ce jour",
            "other": "{n} responsables politiques ont parrainé un prisonnier politique à ce jour",
        },
        "nl": {
            "one": "{n} politicus heeft tot nu toe een peterschap op zich genomen",
            "other": "{n} politici hebben tot nu toe een peterschap op zich genomen",
        },
        "it": {
            "one": "{n} politico ha finora assunto un padrinato",
            "many": "{n} di politici hanno finora assunto un padrinato",
            "other": "{n} politici hanno finora assunto un padrinato",
        },
        "be": {
            "one": "{n} палітык ужо стаў хросным бацькам палітвязня",
            "few": "{n} палітыкі ўжо сталі хроснымі бацькамі палітвязняў",
            "many": "{n} палітыкаў ужо сталі хроснымі бацькамі палітвязняў",
            "other": "{n} палітыка ўжо сталі хроснымі бацькамі палітвязняў",
        },
        "ru": {
            "one": "{n} политик уже стал крёстным родителем политзаключённого",
            "few": "{n} политика уже стали крёстными родителями политзаключённых",
            "many": "{n} политиков уже стали крёстными родителями политзаключённых",
            "other": "{n} политика уже стали крёстными родителями политзаключённых",
        },
    },
    "days_detained": {
        "en": {"one": "detained for {n} day", "other": "detained for {n} days"},
        "de": {"one": "seit {n} Tag in Haft", "other": "seit {n} Tagen in Haft"},
        "fr": {
            "one": "détenu·e depuis {n} jour",
            "many": "détenu·e depuis {n} de jours",
            "other": "détenu·e depuis {n} jours",
        },
        "nl": {"one": "al {n} dag gevangen", "other": "al {n} dagen gevangen"},
        "it": {
            "one": "detenuto/a da {n} giorno",
            "many": "detenuto/a da {n} di giorni",
            "other": "detenuto/a da {n} giorni",
        },
        "be": {
            "one": "за кратамі {n} дзень",
            "few": "за кратамі {n} дні",
            "many": "за кратамі {n} дзён",
            "other": "за кратамі {n} дня",
        },
        "ru": {
            "one": "в заключении {n} день",
            "few": "в заключении {n} дня",
            "many": "в заключении {n} дней",
            "other": "в заключении {n} дня",
        },
    },
}

# Sentences without a count.
TEXTS: dict[str, dict[str, str]] = {
    "stands_by": {
        "en": "{name} stands by {prisoner}",
        "de": "{name} steht an der Seite von {prisoner}",
        "fr": "{name} soutient {prisoner}",
        "nl": "{name} staat naast {prisoner}",
        "it": "{name} sta al fianco di {prisoner}",
        "be": "{name} падтрымлівае {prisoner}",
        "ru": "{name} поддерживает {prisoner}",
    },
    "released_on": {
        "en": "released on {date}",
        "de": "freigelassen am {date}",
        "fr": "libéré·e le {date}",
        "nl": "vrijgelaten op {date}",
        "it": "rilasciato/a il {date}",
        "be": "вызвалены/ая {date}",
        "ru": "освобождён(а) {date}",
    },
    "released": {
        "en": "released",
        "de": "freigelassen",
        "fr": "libéré·e",
        "nl": "vrijgelaten",
        "it": "rilasciato/a",
        "be": "вызвалены/ая",
        "ru": "освобождён(а)",
    },
    "detained": {
        "en": "detained",
        "de": "in Haft",
        "fr": "détenu·e",
        "nl": "gevangen",
        "it": "detenuto/a",
        "be": "за кратамі",
        "ru": "в заключении",
    },
    "as_of": {
        "en": "as of {date}",
        "de": "Stand: {date}",
        "fr": "au {date}",
        "nl": "stand van {date}",
        "it": "aggiornato al {date}",
        "be": "па стане на {date}",
        "ru": "по состоянию на {date}",
    },
    "show_all": {
        "en": "Show all {n}",
        "de": "Alle {n} anzeigen",
        "fr": "Afficher les {n}",
        "nl": "Alle {n} tonen",
        "it": "Mostra tutti i {n}",
        "be": "Паказаць усе {n}",
        "ru": "Показать все {n}",
    },
    "campaign": {
        "en": "#WeStandBYyou — godparenthoods for political prisoners in Belarus",
        "de": "#WeStandBYyou — Patenschaften für politische Gefangene in Belarus",
        "fr": "#WeStandBYyou — parrainages de prisonniers politiques au Bélarus",
        "nl": "#WeStandBYyou — peterschappen voor politieke gevangenen in Belarus",
        "it": "#WeStandBYyou — padrinati per i prigionieri politici in Bielorussia",
        "be": "#WeStandBYyou — апека над палітвязнямі ў Беларусі",
        "ru": "#WeStandBYyou — шефство над политзаключёнными в Беларуси",
    },
    # Configuration errors the widget shows instead of data (a typo in `parliament=`).
    "unknown_parliament": {
        "en": "Unknown parliament “{slug}”: please check the widget code.",
        "de": "Unbekanntes Parlament „{slug}“: bitte den Widget-Code prüfen.",
        "fr": "Parlement inconnu « {slug} » : veuillez vérifier le code du widget.",
        "nl": "Onbekend parlement ‘{slug}’: controleer de widgetcode.",
        "it": "Parlamento sconosciuto «{slug}»: controlla il codice del widget.",
        "be": "Невядомы парламент «{slug}»: праверце код віджэта.",
        "ru": "Неизвестный парламент «{slug}»: проверьте код виджета.",
    },
    "unknown_godparent": {
        "en": "Unknown godparent “{slug}”: please check the widget code.",
        "de": "Unbekannte*r Pat*in „{slug}“: bitte den Widget-Code prüfen.",
        "fr": "Parrain ou marraine inconnu·e « {slug} » : veuillez vérifier le code du widget.",
        "nl": "Onbekende peter of meter ‘{slug}’: controleer de widgetcode.",
        "it": "Padrino o madrina sconosciuto/a «{slug}»: controlla il codice del widget.",
        "be": "Невядомы хросны бацька «{slug}»: праверце код віджэта.",
        "ru": "Неизвестный крёстный родитель «{slug}»: проверьте код виджета.",
    },
}


def message(key: str, lang: str, n: int) -> str:
    """A counted sentence in `lang`, choosing the CLDR plural form for `n`."""
    forms = MESSAGES[key][lang]
    form = forms.get(plural(lang, n)) or forms["other"]
    return form.format(n=number(lang, n))


def text(key: str, lang: str, **values: str) -> str:
    """A fixed sentence in `lang` with `values` filled in (callers escape for their output)."""
    return TEXTS[key][lang].format(**values)


def headline(lang: str, godparents: int) -> str:
    """The counter sentence: "125 politicians have taken over a godparenthood so far"."""
    return message("headline", lang, godparents)
