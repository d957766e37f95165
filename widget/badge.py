"""The counter as an accessible SVG badge, for READMEs, newsletters and sites without scripts.

Pure standard library. Text widths are estimated from a small table of Verdana 11 px
advances and pinned with `textLength`, as shields.io does, so the text fills its box in
whatever font the viewer has; `role="img"`, `aria-label` and `<title>` make the image speak
(screen readers read the title; the `alt` of the embedding `<img>` comes first).
"""

from __future__ import annotations

from html import escape

from . import i18n

LABEL = "#WeStandBYyou"
HEIGHT = 20
PAD = 6
# (label background, label text, value background, value text); each pair passes WCAG AA
# (4.5:1) for 11 px text.
COLOURS = {
    "flat": ("#3b3b3b", "#ffffff", "#b3261e", "#ffffff"),
    "light": ("#e8e8e8", "#1a1a1a", "#ffffff", "#8c1d18"),
    "dark": ("#1f1f1f", "#f2f2f2", "#2d2d2d", "#ffb4ab"),
}
# Approximate advances at 11 px; everything not listed counts as an average letter.
_NARROW = set("ijlI.,:;!|'`()[]{}ftr ")
_WIDE = set("mwMWЖШЩЮМжшщюм@%")


def text_width(text: str) -> int:
    """Estimated width in px of `text` in Verdana 11 px (rounded up)."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 3.9
        elif ch in _WIDE:
            width += 10.0
        elif ch.isupper() or ch.isdigit() or ch == "#":
            width += 7.5
        else:
            width += 6.6
    return int(width + 0.999)


def render_badge(headline: str, *, lang: str, style: str = "flat") -> str:
    """An SVG badge: "#WeStandBYyou | 125 politicians have taken over a godparenthood so far"."""
    label_bg, label_fg, value_bg, value_fg = COLOURS[style]
    lw, vw = text_width(LABEL), text_width(headline)
    left, right = lw + 2 * PAD, vw + 2 * PAD
    total = left + right
    name = f"{LABEL}: {headline}"
    e = escape
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{HEIGHT}" '
        f'viewBox="0 0 {total} {HEIGHT}" role="img" aria-label="{e(name)}" lang="{e(lang)}">'
        f"<title>{e(name)}</title>"
        f'<clipPath id="r"><rect width="{total}" height="{HEIGHT}" rx="3"/></clipPath>'
        f'<g clip-path="url(#r)">'
        f'<rect width="{left}" height="{HEIGHT}" fill="{label_bg}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{value_bg}"/></g>'
        f'<g font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" '
        f'text-rendering="geometricPrecision" aria-hidden="true">'
        f'<text x="{PAD}" y="14" fill="{label_fg}" textLength="{lw}" '
        f'lengthAdjust="spacingAndGlyphs">{e(LABEL)}</text>'
        f'<text x="{left + PAD}" y="14" fill="{value_fg}" textLength="{vw}" '
        f'lengthAdjust="spacingAndGlyphs">{e(headline)}</text></g></svg>\n'
    )


def badge_for(lang: str, godparents: int, style: str = "flat") -> str:
    """The badge for a count in `lang` (the sentence comes from i18n)."""
    return render_badge(i18n.headline(lang, godparents), lang=lang, style=style)
