"""The evidence that a report is the country's, not a province's: the national bodies that
head a line of its title zone (the issuer of a ministry's bulletin), and the phrases that
speak of the whole country (`cả nước`) but as the yardstick of a comparison (`trung bình cả
nước`) (rules/provinces.yaml, sections `national_issuers` and `national_cues`)."""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from ..normalize import fold
from .gazetteer import DETAIL_HEAD_CHARS, name_key
from .rule_checks import weighted_strings
from .title import title_factor

_COMPARISON_REACH = 30  # characters before a national phrase read for a comparison word


class NationalEvidence:
    """The national bodies and their weights, and the country's phrases and theirs."""

    def __init__(self, issuers: Optional[list[tuple[str, float]]] = None, issuer_prefixes: Optional[list[str]] = None,
                 national_cues: Optional[list[tuple[str, float]]] = None, comparisons: Sequence[str] = ()):
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

    @classmethod
    def from_rulebook(cls, rulebook) -> "NationalEvidence":
        issuers, prefixes = weighted_strings(rulebook, "national_issuers", "names", "after")
        national_cues, comparisons = weighted_strings(rulebook, "national_cues", "phrases", "not_after")
        return cls(issuers, prefixes, national_cues, comparisons)

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
                found += weight * self._count(folded, phrase)
                if title_end:
                    i = folded.find(phrase, 0, title_end)
                    while i >= 0:
                        found += weight * (title_factor(i, title) - 1)
                        i = folded.find(phrase, i + 1, title_end)
        return found

    def _count(self, folded: str, phrase: str) -> int:
        """How often `phrase` speaks of the whole country in `folded`: not as a comparison."""
        if self._comparison is None:
            return folded.count(phrase)
        n, at = 0, folded.find(phrase)
        while at >= 0:
            n += self._comparison.search(folded, max(0, at - _COMPARISON_REACH), at) is None
            at = folded.find(phrase, at + 1)
        return n
