#!/usr/bin/env python3
"""Build the bundled #WeStandBYyou dataset ``service/data/campaign.json``.

Usage::

    python service/data/build.py [path/to/godparenthoods-sources.json]

The input is the list of godparent–prisoner pairings gathered from public sources (one row per
pairing, each with the page that states it). This script turns it into the normalised
``westandbyyou/1`` document the service loads: parliaments, politicians, prisoners and
godparenthoods. Everything the rows do not say comes from the small explicit tables below,
each of which names the research note it rests on. Nothing is guessed: a field no source
gives stays ``null``.

The build is deterministic (stable ordering, no timestamps), so running it twice gives
byte-identical output and a diff of ``campaign.json`` shows only real data changes.
Stdlib only, so it runs without installing the service.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "westandbyyou/1"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = REPO_ROOT / ".." / "shared" / "data" / "godparenthoods-sources.json"
OUTPUT = REPO_ROOT / "service" / "data" / "campaign.json"

LANGS = ("en", "de", "fr", "nl", "it", "be", "ru")

# --------------------------------------------------------------------------------------------
# Parliaments
# --------------------------------------------------------------------------------------------

# Every parliament the campaign uses or may use, with its country and its usual name in each
# of the service's languages. "en" keeps the campaign's own English wording (the source
# strings / campaign page headings), so the list reads like the Libereco page does.
# Only parliaments that at least one pairing uses end up in the output.
PARLIAMENTS: dict[str, dict[str, Any]] = {
    "european-parliament": {
        "country": "EU",  # supranational: the service treats "EU" as its country code
        "names": {
            "en": "European Parliament",
            "de": "Europäisches Parlament",
            "fr": "Parlement européen",
            "nl": "Europees Parlement",
            "it": "Parlamento europeo",
            "be": "Еўрапейскі парламент",
            "ru": "Европейский парламент",
        },
    },
    "bundestag": {
        "country": "DE",
        "names": {
            "en": "German Bundestag",
            "de": "Deutscher Bundestag",
            "fr": "Bundestag allemand",
            "nl": "Duitse Bondsdag",
            "it": "Bundestag tedesco",
            "be": "Бундэстаг Германіі",
            "ru": "Бундестаг Германии",
        },
    },
    "swiss-national-council": {
        "country": "CH",
        "names": {
            "en": "Swiss National Council",
            "de": "Schweizer Nationalrat",
            "fr": "Conseil national suisse",
            "nl": "Zwitserse Nationale Raad",
            "it": "Consiglio nazionale svizzero",
            "be": "Нацыянальная рада Швейцарыі",
            "ru": "Национальный совет Швейцарии",
        },
    },
    "swiss-council-of-states": {
        "country": "CH",
        "names": {
            "en": "Swiss Council of States (Ständerat)",
            "de": "Schweizer Ständerat",
            "fr": "Conseil des États suisse",
            "nl": "Zwitserse Kantonsraad",
            "it": "Consiglio degli Stati svizzero",
            "be": "Савет кантонаў Швейцарыі",
            "ru": "Совет кантонов Швейцарии",
        },
    },
    "austrian-national-council": {
        "country": "AT",
        "names": {
            "en": "Austrian National Council",
            "de": "Österreichischer Nationalrat",
            "fr": "Conseil national autrichien",
            "nl": "Oostenrijkse Nationale Raad",
            "it": "Consiglio nazionale austriaco",
            "be": "Нацыянальная рада Аўстрыі",
            "ru": "Национальный совет Австрии",
        },
    },
    "dail-eireann": {
        "country": "IE",
        "names": {
            "en": "Dáil Éireann (Irish Lower House)",
            "de": "Dáil Éireann (irisches Unterhaus)",
            "fr": "Dáil Éireann (chambre basse irlandaise)",
            "nl": "Dáil Éireann (Iers lagerhuis)",
            "it": "Dáil Éireann (camera bassa irlandese)",
            "be": "Палата прадстаўнікоў Ірландыі (Дойл Эрэн)",
            "ru": "Палата представителей Ирландии (Дойл Эрен)",
        },
    },
    "belgian-chamber": {
        "country": "BE",
        "names": {
            "en": "Belgian Chamber of Representatives",
            "de": "Belgische Abgeordnetenkammer",
            "fr": "Chambre des représentants de Belgique",
            "nl": "Belgische Kamer van volksvertegenwoordigers",
            "it": "Camera dei rappresentanti del Belgio",
            "be": "Палата прадстаўнікоў Бельгіі",
            "ru": "Палата представителей Бельгии",
        },
    },
    "dutch-house-of-representatives": {
        "country": "NL",
        "names": {
            "en": "Dutch House of Representatives",
            "de": "Zweite Kammer der Niederlande",
            "fr": "Chambre des représentants des Pays-Bas",
            "nl": "Tweede Kamer der Staten-Generaal",
            "it": "Camera dei rappresentanti dei Paesi Bassi",
            "be": "Палата прадстаўнікоў Нідэрландаў",
            "ru": "Палата представителей Нидерландов",
        },
    },
    "house-of-lords": {
        "country": "GB",
        "names": {
            "en": "British House of Lords",
            "de": "Britisches Oberhaus",
            "fr": "Chambre des lords britannique",
            "nl": "Brits Hogerhuis",
            "it": "Camera dei lord britannica",
            "be": "Палата лордаў Вялікабрытаніі",
            "ru": "Палата лордов Великобритании",
        },
    },
    "house-of-commons": {
        "country": "GB",
        "names": {
            "en": "British House of Commons",
            "de": "Britisches Unterhaus",
            "fr": "Chambre des communes britannique",
            "nl": "Brits Lagerhuis",
            "it": "Camera dei comuni britannica",
            "be": "Палата абшчын Вялікабрытаніі",
            "ru": "Палата общин Великобритании",
        },
    },
    # The source only says "Czech Parliament"; the godparent sits in the Chamber of Deputies
    # (hence the slug), but every language keeps the source's wording.
    "czech-chamber-of-deputies": {
        "country": "CZ",
        "names": {
            "en": "Czech Parliament",
            "de": "Tschechisches Parlament",
            "fr": "Parlement tchèque",
            "nl": "Tsjechisch parlement",
            "it": "Parlamento ceco",
            "be": "Парламент Чэхіі",
            "ru": "Парламент Чехии",
        },
    },
    "danish-folketing": {
        "country": "DK",
        "names": {
            "en": "Danish Parliament (Folketing)",
            "de": "Dänisches Parlament (Folketing)",
            "fr": "Parlement danois (Folketing)",
            "nl": "Deens parlement (Folketing)",
            "it": "Parlamento danese (Folketing)",
            "be": "Парламент Даніі (Фолькецінг)",
            "ru": "Парламент Дании (Фолькетинг)",
        },
    },
    "finnish-eduskunta": {
        "country": "FI",
        "names": {
            "en": "Finnish Parliament (Eduskunta)",
            "de": "Finnisches Parlament (Eduskunta)",
            "fr": "Parlement finlandais (Eduskunta)",
            "nl": "Fins parlement (Eduskunta)",
            "it": "Parlamento finlandese (Eduskunta)",
            "be": "Парламент Фінляндыі (Эдускунта)",
            "ru": "Парламент Финляндии (Эдускунта)",
        },
    },
    "french-national-assembly": {
        "country": "FR",
        "names": {
            "en": "French National Assembly (Assemblée nationale)",
            "de": "Französische Nationalversammlung",
            "fr": "Assemblée nationale",
            "nl": "Franse Nationale Vergadering",
            "it": "Assemblea nazionale francese",
            "be": "Нацыянальны сход Францыі",
            "ru": "Национальное собрание Франции",
        },
    },
    "latvian-saeima": {
        "country": "LV",
        "names": {
            "en": "Latvian Saeima",
            "de": "Lettische Saeima",
            "fr": "Saeima lettone",
            "nl": "Letse Saeima",
            "it": "Saeima lettone",
            "be": "Сейм Латвіі",
            "ru": "Сейм Латвии",
        },
    },
    "norwegian-storting": {
        "country": "NO",
        "names": {
            "en": "Norwegian Storting",
            "de": "Norwegisches Storting",
            "fr": "Storting norvégien",
            "nl": "Noorse Storting",
            "it": "Storting norvegese",
            "be": "Стортынг Нарвегіі",
            "ru": "Стортинг Норвегии",
        },
    },
    "polish-sejm": {
        "country": "PL",
        "names": {
            "en": "Polish Sejm",
            "de": "Polnischer Sejm",
            "fr": "Diète polonaise (Sejm)",
            "nl": "Poolse Sejm",
            "it": "Sejm polacco",
            "be": "Сейм Польшчы",
            "ru": "Сейм Польши",
        },
    },
    "romanian-chamber-of-deputies": {
        "country": "RO",
        "names": {
            "en": "Romanian Chamber of Deputies",
            "de": "Rumänische Abgeordnetenkammer",
            "fr": "Chambre des députés de Roumanie",
            "nl": "Roemeense Kamer van Afgevaardigden",
            "it": "Camera dei deputati della Romania",
            "be": "Палата дэпутатаў Румыніі",
            "ru": "Палата депутатов Румынии",
        },
    },
    # A devolved parliament; the country stays GB (ISO 3166-1 has no code for Scotland).
    "scottish-parliament": {
        "country": "GB",
        "names": {
            "en": "Scottish Parliament",
            "de": "Schottisches Parlament",
            "fr": "Parlement écossais",
            "nl": "Schots Parlement",
            "it": "Parlamento scozzese",
            "be": "Парламент Шатландыі",
            "ru": "Парламент Шотландии",
        },
    },
    "seanad-eireann": {
        "country": "IE",
        "names": {
            "en": "Seanad Éireann (Irish Upper House)",
            "de": "Seanad Éireann (irisches Oberhaus)",
            "fr": "Seanad Éireann (chambre haute irlandaise)",
            "nl": "Seanad Éireann (Iers hogerhuis)",
            "it": "Seanad Éireann (camera alta irlandese)",
            "be": "Сенат Ірландыі (Шанад Эрэн)",
            "ru": "Сенат Ирландии (Шанад Эрен)",
        },
    },
    "swedish-riksdag": {
        "country": "SE",
        "names": {
            "en": "Swedish Parliament (Riksdag)",
            "de": "Schwedisches Parlament (Riksdag)",
            "fr": "Parlement suédois (Riksdag)",
            "nl": "Zweeds parlement (Riksdag)",
            "it": "Parlamento svedese (Riksdag)",
            "be": "Парламент Швецыі (Рыксдаг)",
            "ru": "Парламент Швеции (Риксдаг)",
        },
    },
}

# The campaign page lists its parliaments under headings in this order (campaign-research.md
# section 1); these come first, the rest follow alphabetically by English name.
CAMPAIGN_ORDER: tuple[str, ...] = (
    "european-parliament",
    "bundestag",
    "swiss-national-council",
    "swiss-council-of-states",
    "austrian-national-council",
    "dail-eireann",
    "belgian-chamber",
    "dutch-house-of-representatives",
    "house-of-lords",
)

# Source parliament string -> (parliament slug, politician role). Some sources put the
# politician's role into the parliament field ("German Bundestag (former member)"); the role
# belongs to the politician, not to a separate parliament. An unknown string stops the build
# so a new source wording gets a deliberate entry here instead of a silent new parliament.
PARLIAMENT_ALIASES: dict[str, tuple[str, str | None]] = {
    "European Parliament": ("european-parliament", None),
    "German Bundestag": ("bundestag", None),
    "German Bundestag (former member)": ("bundestag", "former member"),
    "German Bundestag (Vice-President)": ("bundestag", "Vice-President"),
    "Swiss National Council": ("swiss-national-council", None),
    "Swiss National Council (former member)": ("swiss-national-council", "former member"),
    "Swiss Council of States (Ständerat)": ("swiss-council-of-states", None),
    "Austrian National Council": ("austrian-national-council", None),
    "Dáil Éireann (Irish Lower House)": ("dail-eireann", None),
    "Seanad Éireann (Irish Upper House)": ("seanad-eireann", None),
    "Belgian Chamber of Representatives": ("belgian-chamber", None),
    "Dutch House of Representatives": ("dutch-house-of-representatives", None),
    "British House of Lords": ("house-of-lords", None),
    "British House of Commons": ("house-of-commons", None),
    "Scottish Parliament": ("scottish-parliament", None),
    "Scottish Parliament (First Minister of Scotland)": (
        "scottish-parliament",
        "First Minister of Scotland",
    ),
    "Polish Sejm": ("polish-sejm", None),
    "Latvian Saeima": ("latvian-saeima", None),
    "Norwegian Storting": ("norwegian-storting", None),
    "Danish Parliament (Folketing)": ("danish-folketing", None),
    "Finnish Parliament (Eduskunta)": ("finnish-eduskunta", None),
    "Swedish Parliament (Riksdag)": ("swedish-riksdag", None),
    "French National Assembly (Assemblée nationale)": ("french-national-assembly", None),
    "Czech Parliament": ("czech-chamber-of-deputies", None),
    "Romanian Chamber of Deputies": ("romanian-chamber-of-deputies", None),
}

# Source country names -> ISO 3166-1 alpha-2. Scotland is part of GB in ISO 3166-1.
COUNTRIES: dict[str, str] = {
    "Austria": "AT",
    "Belgium": "BE",
    "Czech Republic": "CZ",
    "Denmark": "DK",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Ireland": "IE",
    "Latvia": "LV",
    "Lithuania": "LT",
    "Netherlands": "NL",
    "Norway": "NO",
    "Poland": "PL",
    "Romania": "RO",
    "Sweden": "SE",
    "Switzerland": "CH",
    "United Kingdom": "GB",
    "United Kingdom (Scotland)": "GB",
}

# --------------------------------------------------------------------------------------------
# People: spelling variants
# --------------------------------------------------------------------------------------------

# Spellings of one person that differ between sources. Within a group the spelling most rows
# use wins; on a tie the first one listed (the Viasna-style transliteration) wins. Only
# spellings present in the input count, so the output name always occurs in some source.
# Groups come from the variants named in data/README.md and campaign-research.md section 2.
PRISONER_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Dzmitry Halavach", "Dzmitryi Halavacz", "Dzmitryi Halavach", "Dzmitry Halavacz"),
    ("Maryia Kalesnikava", "Maria Kalesnikava", "Maryia Kolesnikova", "Maria Kolesnikova"),
    ("Uladzimir Harokh", "Uladizimir Harokh"),
)

# Politicians whose name is written differently in different posts (campaign-research.md:
# "Auštrevičius is spelled 'Austriavičius' on the libereco page"; Lord Griffiths of Burry Port
# is Lord Leslie Griffiths in another post).
POLITICIAN_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Lord Griffiths of Burry Port", "Lord Leslie Griffiths"),
    ("Petras Auštrevičius", "Petras Austriavičius"),
)

# --------------------------------------------------------------------------------------------
# Prisoners: facts stated in the research files (keyed by the output spelling)
# --------------------------------------------------------------------------------------------

# Released prisoners. Anything not listed stays "detained": we only record a release a source
# in the files states. No exact dates are given, so released_on stays null.
RELEASED_PRISONERS: dict[str, str] = {
    # campaign-research.md section 2: these godparenthoods ended with the prisoner's release.
    "Aliaksei Karatkou": "godparenthood (Tabea Rößner) ended with his release",
    "Anton Shnip": "godparenthood (Julian Pahlke) ended with his release",
    # campaign-research.md section 4: released/pardoned in 2025.
    "Maryia Kalesnikava": "released/pardoned in 2025",
    "Viktar Babaryka": "released/pardoned in 2025",
}

# Cyrillic names, only where the files give one (campaign-research.md section 2).
NAME_ORIGINAL: dict[str, str] = {
    "Yauhen Barouski": "Яўген Бароўскі",
}

# Viasna person pages, only where the files name one (campaign-research.md section 4).
PROFILE_URLS: dict[str, str] = {
    "Maryia Kalesnikava": "https://prisoners.spring96.org/en/person/maryja-kalesnikava",
}

# --------------------------------------------------------------------------------------------
# Godparenthoods: special cases (keyed by output politician and prisoner names)
# --------------------------------------------------------------------------------------------

# campaign-research.md section 2, "Special cases". No source gives the end dates, so ended_on
# stays null; since stays null unless the file shows the announcement date.
GODPARENTHOOD_SPECIALS: dict[tuple[str, str], dict[str, str]] = {
    # Former godparents: their godparenthood was handed over to a successor.
    ("Manuel Sarrazin", "Ihar Losik"): {"end_reason": "handed_over"},
    ("Matern von Marschall", "Dzmitry Kubarau"): {"end_reason": "handed_over"},
    ("Natalie Imboden", "Siarhei Pliashkun"): {"end_reason": "handed_over"},
    # Ended because the prisoner was released.
    ("Tabea Rößner", "Aliaksei Karatkou"): {"end_reason": "prisoner_released"},
    ("Julian Pahlke", "Anton Shnip"): {"end_reason": "prisoner_released"},
    # Her own announcement post is dated in its URL (/2020/12/10/, Human Rights Day).
    ("Marja Völlers", "Andrei Papou"): {"since": "2020-12-10"},
}

# Source values that mean "the source did not say".
EMPTY_VALUES = frozenset({"", "–", "-", "—"})

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

# Letters NFKD does not decompose into ASCII + accents.
_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE"}
)


def slugify(text: str) -> str:
    """Lowercase ASCII kebab-case: stable, URL-safe identifiers for people and parliaments."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def clean(value: Any) -> str | None:
    """Strip a source string; "–" and friends mean the source gave nothing."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return None if text in EMPTY_VALUES else text


def canonical_names(
    names: list[str], groups: tuple[tuple[str, ...], ...]
) -> tuple[dict[str, str], list[str]]:
    """Map every spelling in ``names`` to the spelling chosen for its person.

    Returns the mapping and human-readable notes on the merges actually made.
    """
    counts = Counter(names)
    mapping = {name: name for name in counts}
    notes: list[str] = []
    for group in groups:
        present = [spelling for spelling in group if spelling in counts]
        if len(present) < 2:
            continue  # nothing to merge in this input
        # Most rows first; ties go to the order of the table (Viasna-style first).
        chosen = min(present, key=lambda s: (-counts[s], group.index(s)))
        for spelling in present:
            mapping[spelling] = chosen
        others = ", ".join(f"{s!r}×{counts[s]}" for s in present if s != chosen)
        notes.append(f"{chosen!r}×{counts[chosen]} <- {others}")
    return mapping, notes


@dataclass
class Politician:
    slug: str
    name: str
    party: str | None
    parliament: str
    country: str | None
    role: str | None
    rows: int = 0
    parties_seen: list[str] = field(default_factory=list)


@dataclass
class Pairing:
    politician: str
    prisoner: str
    urls: list[str] = field(default_factory=list)
    rows: int = 0


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def load_rows(path: Path) -> list[dict[str, Any]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise SystemExit(f"{path}: expected a JSON list of pairings")
    required = {"politician", "party", "parliament", "country", "prisoner", "source_url"}
    for i, row in enumerate(rows, 1):
        missing = required - set(row)
        if missing:
            raise SystemExit(f"{path}: row {i} lacks {sorted(missing)}")
        for key in ("politician", "parliament", "prisoner", "source_url"):
            if not clean(row[key]):
                raise SystemExit(f"{path}: row {i} has no {key}")
    return rows


def build(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Return the campaign document and the summary lines describing what was merged."""
    report: list[str] = []

    pol_names, pol_notes = canonical_names(
        [clean(r["politician"]) or "" for r in rows], POLITICIAN_VARIANTS
    )
    pris_names, pris_notes = canonical_names(
        [clean(r["prisoner"]) or "" for r in rows], PRISONER_VARIANTS
    )

    politicians: dict[str, Politician] = {}  # by output name
    prisoners: dict[str, str] = {}  # output name -> slug
    pairings: dict[tuple[str, str], Pairing] = {}
    used_parliaments: set[str] = set()

    for i, row in enumerate(rows, 1):
        parliament_src = clean(row["parliament"]) or ""
        if parliament_src not in PARLIAMENT_ALIASES:
            raise SystemExit(
                f"row {i}: unknown parliament {parliament_src!r}: add it to the tables"
            )
        parliament, role = PARLIAMENT_ALIASES[parliament_src]
        used_parliaments.add(parliament)
        parliament_country = PARLIAMENTS[parliament]["country"]

        country_src = clean(row["country"])
        if country_src is not None and country_src not in COUNTRIES:
            raise SystemExit(f"row {i}: unknown country {country_src!r}: add it to COUNTRIES")
        country = COUNTRIES[country_src] if country_src else None
        if parliament_country != "EU":
            # A national parliament's members belong to its country; a source saying otherwise
            # would be a data error worth stopping for.
            if country not in (None, parliament_country):
                raise SystemExit(f"row {i}: country {country_src!r} vs parliament {parliament}")
            country = parliament_country

        name = pol_names[clean(row["politician"]) or ""]
        party = clean(row["party"])
        pol = politicians.get(name)
        if pol is None:
            pol = politicians[name] = Politician(
                slugify(name), name, party, parliament, country, role
            )
        else:
            # Same person again: parliament and country must agree; a second role or party
            # wording fills a gap only (the first row's wording wins, see the summary).
            if (pol.parliament, pol.country) != (parliament, country):
                raise SystemExit(f"row {i}: {name} appears with a different parliament/country")
            pol.role = pol.role or role
            pol.party = pol.party or party
        pol.rows += 1
        if party and party not in pol.parties_seen:
            pol.parties_seen.append(party)

        prisoner = pris_names[clean(row["prisoner"]) or ""]
        prisoners.setdefault(prisoner, slugify(prisoner))

        pairing = pairings.setdefault((name, prisoner), Pairing(name, prisoner))
        pairing.rows += 1
        url = str(row["source_url"]).strip()  # kept verbatim, odd hosts included
        if url not in pairing.urls:
            pairing.urls.append(url)

    # Slugs are public identifiers: two people must never share one.
    for kind, slugs in (
        ("politician", [p.slug for p in politicians.values()]),
        ("prisoner", list(prisoners.values())),
    ):
        dupes = [s for s, n in Counter(slugs).items() if n > 1]
        if dupes:
            raise SystemExit(f"{kind} slug collision {dupes}: add a variant merge or fix a name")

    # The explicit tables must name people that exist, or a typo would silently do nothing.
    for table_name, keys in (
        ("RELEASED_PRISONERS", RELEASED_PRISONERS),
        ("NAME_ORIGINAL", NAME_ORIGINAL),
        ("PROFILE_URLS", PROFILE_URLS),
    ):
        unknown = sorted(set(keys) - set(prisoners))
        if unknown:
            raise SystemExit(f"{table_name} names unknown prisoners {unknown}")
    unknown_pairs = sorted(set(GODPARENTHOOD_SPECIALS) - set(pairings))
    if unknown_pairs:
        raise SystemExit(f"GODPARENTHOOD_SPECIALS names unknown pairings {unknown_pairs}")

    # Parliaments: campaign page order first, then the rest alphabetically by English name.
    def alpha_key(slug: str) -> str:
        return slugify(PARLIAMENTS[slug]["names"]["en"])

    ordered = [s for s in CAMPAIGN_ORDER if s in used_parliaments]
    ordered += sorted(used_parliaments - set(CAMPAIGN_ORDER), key=alpha_key)
    out_parliaments = []
    for position, slug in enumerate(ordered, 1):
        names = PARLIAMENTS[slug]["names"]
        assert tuple(names) == LANGS, f"{slug}: names must be exactly {LANGS}"
        out_parliaments.append(
            {
                "slug": slug,
                "country": PARLIAMENTS[slug]["country"],
                "position": position,
                "names": dict(names),
            }
        )

    out_politicians = [
        {
            "slug": p.slug,
            "name": p.name,
            "party": p.party,
            "parliament": p.parliament,
            "country": p.country,
            "role": p.role,
            # No source URL is a politician's own profile page (Marja Völlers' post is a
            # source for her pairing, not a profile), so none is set.
            "url": None,
        }
        for p in sorted(politicians.values(), key=lambda p: p.slug)
    ]

    out_prisoners = [
        {
            "slug": slug,
            "name": name,
            "name_original": NAME_ORIGINAL.get(name),
            "status": "released" if name in RELEASED_PRISONERS else "detained",
            # The files give neither detention nor release dates for these prisoners.
            "detained_since": None,
            "released_on": None,
            "profile_url": PROFILE_URLS.get(name),
        }
        for name, slug in sorted(prisoners.items(), key=lambda item: item[1])
    ]

    out_godparenthoods = []
    for key, pairing in sorted(
        pairings.items(), key=lambda kv: (politicians[kv[0][0]].slug, prisoners[kv[0][1]])
    ):
        special = GODPARENTHOOD_SPECIALS.get(key, {})
        out_godparenthoods.append(
            {
                "politician": politicians[pairing.politician].slug,
                "prisoner": prisoners[pairing.prisoner],
                "since": special.get("since"),
                "ended_on": special.get("ended_on"),
                "end_reason": special.get("end_reason"),
                "source_url": " ".join(pairing.urls),
            }
        )

    document = {
        "format": FORMAT,
        "parliaments": out_parliaments,
        "politicians": out_politicians,
        "prisoners": out_prisoners,
        "godparenthoods": out_godparenthoods,
    }

    # Summary of what the build did beyond copying rows.
    report.append(
        f"{len(rows)} source rows -> {len(out_parliaments)} parliaments, "
        f"{len(out_politicians)} politicians, {len(out_prisoners)} prisoners, "
        f"{len(out_godparenthoods)} godparenthoods"
    )
    report.append("prisoner spelling merges: " + ("; ".join(pris_notes) or "none in this input"))
    report.append("politician spelling merges: " + ("; ".join(pol_notes) or "none in this input"))
    multi = [f"{p.name} ({p.rows})" for p in politicians.values() if p.rows > 1]
    report.append("politicians with several pairings: " + (", ".join(sorted(multi)) or "none"))
    conflicts = [
        f"{p.name}: kept {p.party!r}, also {p.parties_seen[1:]!r}"
        for p in politicians.values()
        if len(p.parties_seen) > 1
    ]
    report.append("party wording differs (first row wins): " + ("; ".join(conflicts) or "none"))
    joined = [f"{a} -> {b} ({pr.rows} rows)" for (a, b), pr in pairings.items() if pr.rows > 1]
    report.append("duplicate pairings joined: " + ("; ".join(joined) or "none"))
    roles = [f"{p.name}: {p.role}" for p in politicians.values() if p.role]
    report.append("roles taken from the parliament field: " + "; ".join(roles))
    report.append("prisoners marked released: " + ", ".join(sorted(RELEASED_PRISONERS)))
    return document, report


def main(argv: list[str]) -> int:
    if len(argv) > 2:
        print(f"usage: {argv[0]} [path/to/godparenthoods-sources.json]", file=sys.stderr)
        return 2
    source = Path(argv[1]) if len(argv) == 2 else DEFAULT_SOURCES.resolve()
    document, report = build(load_rows(source))
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)} from {source}")
    for line in report:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
