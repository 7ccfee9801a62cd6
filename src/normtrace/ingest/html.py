"""HTML → plain text with the standard library's :mod:`html.parser`.

Block elements (paragraphs, headings, list items, table rows, ``<br>``) end a
paragraph; table cells are separated by a tab; ``<script>``, ``<style>`` and
other non-content elements are dropped; entities are decoded. Blank lines
separate paragraphs in the result.

>>> html_to_text("<h1>S/PV.6943</h1><p>The President:&nbsp;I thank<br>you.</p><script>x()</script>")
'S/PV.6943\\n\\nThe President: I thank\\nyou.'
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    re.findall(
        r"\w+",
        "p div h1 h2 h3 h4 h5 h6 li ul ol table tr thead tbody tfoot section article header "
        "footer blockquote pre dl dt dd nav aside main figure figcaption address hr title",
    )
)
_DROP = frozenset(("script", "style", "noscript", "template", "head", "svg", "iframe", "object"))
_CELL = frozenset(("td", "th"))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.drop_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.drop_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop_depth = max(0, self.drop_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.drop_depth:
            # Source line breaks are layout, not text: only tags make breaks.
            self.parts.append(re.sub(r"[\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """Plain text of an HTML document or fragment (see the module docstring).

    Whitespace inside a paragraph is collapsed to single spaces (non-breaking
    spaces included); cells of a table row stay separated by one tab.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    raw = "".join(collector.parts)
    paragraphs = []
    for block in re.split(r"\n\s*\n", raw):
        lines = [_squash(line) for line in block.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _squash(line: str) -> str:
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    return "\t".join(cell for cell in cells if cell)
