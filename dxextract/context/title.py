"""The title zone of a report, whose mentions count more: its first short lines (a title,
a dateline, a byline, a short lead), and an official document's title under the name of its
kind (`BÁO CÁO`, `KẾ HOẠCH` …), which tells a plan's."""
from __future__ import annotations

from typing import Sequence

import regex

from .gazetteer import name_key
from .rule_checks import check_examples, check_fields, check_strings

TITLE_LINES = 5          # the title zone: the first non-empty lines …
TITLE_MAX_CHARS = 200    # … that are short enough to be a title, a dateline or a byline
TITLE_FACTOR = 3         # a mention in the title counts this many times
DOC_TITLE_LINES = 3      # an official document's title: the lines under the name of its kind …
DOC_TITLE_MAX_CHARS = 300  # … up to a blank line, each no longer than this
DOC_KIND_HEAD_CHARS = 4096  # the name of its kind stands near the top, on a line of its own
DOC_KIND_MAX_CHARS = 40
_NUMBER_WORD = regex.compile(r"[ivxlc]+|\d+")


class DocumentTitles:
    """The kinds of official documents (rules/provinces.yaml, section `document_titles`):
    the names of a kind, of a plan's and of a review's."""

    def __init__(self, kinds: Sequence[str] = (), plans: Sequence[str] = (), reviews: Sequence[str] = (),
                 reviewed_openers: Sequence[str] = ()):
        self.kinds = frozenset(name_key(k) for k in kinds)
        self.plans = frozenset(name_key(k) for k in plans)
        # A review of a plan (a verification report, a submission) is about the plan its title
        # names first: "BÁO CÁO THẨM TRA / Dự thảo Nghị quyết … giai đoạn 2022 - 2025".
        self.reviews = frozenset(name_key(k) for k in reviews)
        self.reviewed_openers = sorted({name_key(o) for o in reviewed_openers}, key=len, reverse=True)

    @classmethod
    def from_rulebook(cls, rulebook) -> "DocumentTitles":
        kinds: list[str] = []
        plans: list[str] = []
        reviews: list[str] = []
        reviewed_openers: list[str] = []
        for e in rulebook.section("document_titles"):
            check_fields(e, {"id", "kinds", "plans", "reviews", "reviewed_openers", "examples"})
            check_strings(e, "kinds", required=True)
            for field in ("plans", "reviews", "reviewed_openers"):
                check_strings(e, field)
            check_examples(e, ("text", "expect"))
            kinds.extend(e["kinds"])
            plans.extend(e.get("plans") or [])
            reviews.extend(e.get("reviews") or [])
            reviewed_openers.extend(e.get("reviewed_openers") or [])
        return cls(kinds, plans, reviews, reviewed_openers)

    def find(self, text: str) -> tuple[list[tuple[int, int, float]], bool]:
        """The title of an official document: the lines under the name of its kind (`BÁO CÁO`,
        `KẾ HOẠCH` …), below the header that fills the first lines, up to a blank line; and
        whether the kind is a plan's (its title may name a period after its date)."""
        if not self.kinds:
            return [], False
        pos = 0
        for line in text[:DOC_KIND_HEAD_CHARS].split("\n"):
            pos += len(line) + 1
            if len(line) <= DOC_KIND_MAX_CHARS and line.strip():
                words = name_key(line).split()
                if words and _NUMBER_WORD.fullmatch(words[-1]):
                    words.pop()  # `Phụ lục II`, `Biểu 2`
                kind = " ".join(words)
                if kind in self.kinds:
                    break
        else:
            return [], False
        spans = []
        lines = text[pos:].split("\n", DOC_TITLE_LINES)[:DOC_TITLE_LINES]
        for line in lines:
            if not line.strip() or len(line.strip()) > DOC_TITLE_MAX_CHARS:
                break
            spans.append((pos, pos + len(line), TITLE_FACTOR))
            pos += len(line) + 1
        return spans, kind in self.plans or (kind in self.reviews and bool(spans) and self._names_plan(lines[0]))

    def _names_plan(self, title: str) -> bool:
        """Whether a title opens on the name of a plan's kind, past the words that introduce
        the document reviewed ("Dự thảo Nghị quyết …", "Về việc ban hành Kế hoạch …")."""
        key = name_key(title)
        for opener in self.reviewed_openers:
            if key.startswith(opener + " "):
                key = key[len(opener) + 1:]
                break
        return any(key == plan or key.startswith(plan + " ") for plan in self.plans)


def title_spans(text: str) -> list[tuple[int, int, float]]:
    """(start, end, factor) of the title zone's lines: the title, the dateline, the byline,
    a short lead."""
    spans, seen, pos = [], 0, 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            seen += 1
            if len(stripped) > TITLE_MAX_CHARS:
                break  # the body has begun: a short paragraph after it is no title
            spans.append((pos, pos + len(line), TITLE_FACTOR))
            if seen >= TITLE_LINES:
                break
        pos += len(line) + 1
    return spans


def title_factor(pos: int, spans: list[tuple[int, int, float]]) -> float:
    """How many times a mention at `pos` counts: its zone's factor, else once."""
    return max((f for s, e, f in spans if s <= pos < e), default=1.0)
