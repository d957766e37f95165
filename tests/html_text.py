"""Reading our HTML as a reader and as a browser would: its text, and its elements."""

from __future__ import annotations

from html.parser import HTMLParser


class Texts(HTMLParser):
    """The text a reader sees, and every element with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Texts:
    """`html` parsed: `.text` and `.tags`."""
    p = Texts()
    p.feed(html)
    p.close()
    return p


def text_of(html: str) -> str:
    """The text of `html`, entities decoded, markup dropped."""
    return "".join(parse(html).text)
