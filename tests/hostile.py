"""A corpus of hostile strings (synthetic, never campaign data) and a dataset carrying them,
for tests that push them through every input into every output."""

from __future__ import annotations

from typing import Any

CORPUS: dict[str, str] = {
    "html": "<b>bold</b> & <i>italic</i>",
    "script": "<script>alert('x')</script>",
    "img_onerror": '<img src=x onerror="alert(1)">',
    "attr_break": '" onmouseover="alert(1)" x="',
    "svg": "<svg onload=alert(1)><![CDATA[x]]></svg>",
    "xml_entity": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    "csv_formula": '=HYPERLINK("http://evil.example","click")',
    "csv_plus": "+cmd|' /C calc'!A0",
    "bidi": "Ali\u202ecb\u202c Override",
    "zero_width": "Zero\u200bWidth\u200dJoiner\ufeff",
    "sql": "Robert'); DROP TABLE politician;--",
    # The longest name the schema stores (200); 10,000-character input must be refused by
    # the import and the admin API with a clear 422 instead (their own tests).
    "long": "L" + "o" * 197 + "ng",
    "emoji": "Patin 👩‍⚖️ 🇧🇾",
    "cyrillic": "Алесь Бяляцкі",
    "template": "{{7*7}} ${7*7} {n} %s",
    "backslash": 'C:\\path\\to\\"thing\\"',
}


def hostile_dataset() -> dict[str, Any]:
    """A `westandbyyou/1` document whose every free-text field carries a corpus string."""
    politicians, prisoners, links = [], [], []
    for i, (kind, value) in enumerate(sorted(CORPUS.items())):
        slug = f"synthetic-{kind.replace('_', '-')}"
        politicians.append(
            {
                "slug": slug,
                "name": value,
                "party": value,
                "parliament": "bundestag",
                "country": "DE",
                "role": None,
                "url": None,
            }
        )
        prisoners.append(
            {
                "slug": f"{slug}-prisoner",
                "name": value,
                "name_original": value,
                "status": "detained" if i % 2 else "released",
                "detained_since": "2021-01-01",
                "released_on": None if i % 2 else "2025-06-21",
                "profile_url": None,
            }
        )
        links.append(
            {
                "politician": slug,
                "prisoner": f"{slug}-prisoner",
                "since": "2021-02-01",
                "ended_on": None,
                "end_reason": None,
                "source_url": None,
            }
        )
    return {
        "format": "westandbyyou/1",
        "parliaments": [],
        "politicians": politicians,
        "prisoners": prisoners,
        "godparenthoods": links,
    }
