"""HTML → text: the article of a saved news page or portal article (trafilatura).

trafilatura finds the main text of the page, leaving out menus, share bars, view counters,
related-article lists, sidebars and footers, and hands it back as structured XML. From that
this module writes one line per heading, paragraph or list item, and one line per table
row with its cells separated by tabs (as the table reader wants). The page's own
publication date (its metadata or dateline, never a date inside the article's text) is
the report's `date`.

A page with no article (an index page, a login wall: no line of ARTICLE_WORDS words and
no table) is an error for that file.
"""
from __future__ import annotations

import trafilatura  # imported here, before the reading process forks: each file pays no import
from lxml import etree

from .common import Extracted, SourceError, TextBudget, one_line

# Elements of trafilatura's XML that hold a line of text.
_LINES = {"head", "p", "item", "quote", "code", "cell"}
# An article has a sentence: a line of this many words, or a table. Left-over menu links
# ("Trang chủ", "Tin tức"), which trafilatura falls back to on a page without an article,
# never make one.
ARTICLE_WORDS = 8


def extract(data: bytes) -> Extracted:
    xml = trafilatura.extract(
        data, output_format="xml", include_tables=True, include_comments=False, include_images=False,
        include_links=False, include_formatting=False, with_metadata=True, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not xml:
        raise SourceError("no article found in the page (a menu or index page?)")
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    main = root.find("main")
    budget = TextBudget()
    lines: list[str] = []
    for element in (main if main is not None else root):
        _lines(element, lines, budget)
    if not any("\t" in line or len(line.split()) >= ARTICLE_WORDS for line in lines):
        raise SourceError("no article found in the page (a menu or index page?)")
    return Extracted("".join(line + "\n" for line in lines), date=root.get("date") or None)


def _lines(element, lines: list[str], budget: TextBudget) -> None:
    tag = element.tag
    if tag == "table":
        for row in element.iter("row"):
            cells = [one_line(" ".join(cell.itertext())) for cell in row.iterchildren("cell")]
            if any(cells):
                lines.append(budget.take("\t".join(cells)))
    elif tag == "list":
        for item in element.iterchildren("item"):
            _lines(item, lines, budget)
    elif tag in _LINES or len(element) == 0:
        for line in _text_with_breaks(element).split("\n"):
            line = one_line(line)
            if line:
                lines.append(budget.take(line))
    else:
        for child in element:
            _lines(child, lines, budget)


def _text_with_breaks(element) -> str:
    """The element's text, a <lb/> as a line break, nested lists and tables flattened."""
    out = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            out.append("\n")
        elif child.tag in ("list", "table"):
            out.append("\n")
            out.append("\n".join(" ".join(part.itertext()) for part in child.iter("item", "row")))
            out.append("\n")
        else:
            out.append(_text_with_breaks(child))
        out.append(child.tail or "")
    return "".join(out)
