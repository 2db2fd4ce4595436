"""The evidence that a report is the country's, not a province's: the national bodies that
head a line of its title zone (the issuer of a ministry's bulletin), and the phrases that
speak of the whole country (`cả nước`) but as the yardstick of a comparison (`trung bình cả
nước`) or as the end of a body's name (`Trung tâm Internet Việt Nam`) (rules/provinces.yaml,
sections `national_issuers`, `national_cues` and `national_names`)."""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from ..normalize import fold
from .gazetteer import DETAIL_HEAD_CHARS, name_key
from .rule_checks import check_examples, check_fields, check_strings, weighted_strings
from .title import title_factor

_COMPARISON_REACH = 30  # characters before a national phrase read for a comparison word
_NAME_REACH = 80        # characters before a national phrase read for the head of a body's name
_NAME_WORDS = 5         # at most this many words between a body's head and the phrase ending its name


class NationalEvidence:
    """The national bodies and their weights, and the country's phrases and theirs."""

    def __init__(self, issuers: Optional[list[tuple[str, float]]] = None, issuer_prefixes: Optional[list[str]] = None,
                 national_cues: Optional[list[tuple[str, float]]] = None, comparisons: Sequence[str] = (),
                 name_heads: Sequence[str] = (), name_breaks: Sequence[str] = ()):
        # National bodies heading a line (after a portal's name, if any): their weights
        self._issuer_weights = {name_key(n): w for n, w in issuers or []}
        self._issuer_prefixes = sorted({name_key(p) for p in issuer_prefixes or []}, key=len, reverse=True)
        # Phrases that speak of the whole country (`cả nước`), folded, the longest first: looked
        # for in the folded text with str.find (a case-insensitive alternation scans ~4× slower)
        cues = {fold(n): w for n, w in national_cues or []}
        # a phrase that holds another (`63 tỉnh, thành phố` holds `63 tỉnh, thành`) is counted by it
        self._national_cues = [(n, w) for n, w in cues.items() if not any(o != n and o in n for o in cues)]
        # The country as the yardstick of a comparison ("trung bình cả nước") is no sign that the
        # report is the country's.
        self._comparison = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:" + "|".join(
            regex.escape(fold(w)) for w in sorted(comparisons, key=len, reverse=True)) + r")(?:\s+(?:chung|của))?\s*$") \
            if comparisons else None
        # A body's name that ends on the country (`Trung tâm Internet Việt Nam`, `Hiệp hội Thương
        # mại điện tử Việt Nam`) names the body, not the story's reach: read back from the
        # phrase, in the text as written (the head capitalised), a head and a few words of its
        # name, none of `name_breaks` (`tại`, `của`, `nhất`: the country itself).
        word = r"(?:(?!(?:" + "|".join(regex.escape(w) for w in name_breaks) + r")(?![\p{L}\p{M}]))[\p{L}\p{M}\d&-]+)"
        self._in_name = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:" + "|".join(
            r"[^\S\n]+".join(regex.escape(part) for part in head.split())
            for head in sorted(name_heads, key=len, reverse=True)) + r")(?:[^\S\n]+" + word + r"){0,"
            + str(_NAME_WORDS) + r"}[^\S\n]+$") if name_heads else None

    @classmethod
    def from_rulebook(cls, rulebook) -> "NationalEvidence":
        issuers, prefixes = weighted_strings(rulebook, "national_issuers", "names", "after")
        national_cues, comparisons = weighted_strings(rulebook, "national_cues", "phrases", "not_after")
        heads: list[str] = []
        breaks: list[str] = []
        for e in rulebook.section("national_names"):
            check_fields(e, {"id", "heads", "not_within", "examples"})
            check_strings(e, "heads", required=True)
            check_strings(e, "not_within")
            check_examples(e, ("text", "province"))
            heads.extend(e["heads"])
            breaks.extend(e.get("not_within") or [])
        return cls(issuers, prefixes, national_cues, comparisons, heads, breaks)

    def weigh(self, text: str, title: list[tuple[int, int, float]]) -> float:
        """The evidence that the report is the country's: the national bodies that head a line
        of the title zone (the issuer of a ministry's bulletin, `BỘ THÔNG TIN VÀ TRUYỀN
        THÔNG`, not one named in running text), and the phrases that speak of the whole country."""
        found = 0.0
        for start, end, factor in title if self._issuer_weights else ():
            key = name_key(text[start:end])
            for prefix in self._issuer_prefixes:
                if key.startswith(prefix + " "):
                    key = key[len(prefix) + 1:]
                    break
            words = key.split(" ")
            for k in range(len(words), 0, -1):  # the longest name that opens the line
                weight = self._issuer_weights.get(" ".join(words[:k]))
                if weight is not None:
                    found += weight * factor
                    break
        if self._national_cues:
            # Counted in the lowered text (same offsets but for rare letters such as İ), and again
            # in the title zone, which counts more; no phrase is part of another (see __init__).
            folded = text[:DETAIL_HEAD_CHARS].lower()
            title_end = max((e for _, e, _ in title), default=0)
            for phrase, weight in self._national_cues:
                found += weight * self._count(text, folded, phrase)
                if title_end:
                    i = folded.find(phrase, 0, title_end)
                    while i >= 0:
                        found += weight * (title_factor(i, title) - 1)
                        i = folded.find(phrase, i + 1, title_end)
        return found

    def _count(self, text: str, folded: str, phrase: str) -> int:
        """How often `phrase` speaks of the whole country in `folded` (`text` lowered): not as a
        comparison, nor as the end of a body's name."""
        if self._comparison is None and self._in_name is None:
            return folded.count(phrase)
        n, at = 0, folded.find(phrase)
        while at >= 0:
            n += not ((self._comparison is not None
                       and self._comparison.search(folded, max(0, at - _COMPARISON_REACH), at))
                      or (self._in_name is not None and self._in_name.search(text, max(0, at - _NAME_REACH), at)))
            at = folded.find(phrase, at + 1)
        return n
