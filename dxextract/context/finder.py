"""A report's context, found from the head of its text: the province or city it is about (and
the unit that is part of since the 2025 merger), the period it covers and its own date."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Optional

from ..normalize import canonical_tones
from .dateline import DATE_HEAD_CHARS, dateline, with_year_of_period
from .gazetteer import Gazetteer, Unit
from .period import YearsInPassing, period, report_year
from .period_rules import PeriodRule, last_year, period_rule
from .province import ProvinceFinder
from .title import DocumentTitles, title_spans


@dataclass(frozen=True)
class Context:
    province: str | None      # canonical name of the unit the report is about, as the text names it
    province_now: str | None  # the post-2025 unit it belongs to; same as province if unchanged
    period: str | None        # the period the report covers: "2023", "2023-01/2023-10"
    date: str | None          # the report's own date: "2023-12-05", "2024-06"


class ContextFinder:
    """`find(text)` -> the Context of one document."""

    def __init__(self, province: ProvinceFinder, titles: DocumentTitles, rules: list[PeriodRule],
                 passing: YearsInPassing):
        self.province, self.titles, self.rules, self.passing = province, titles, rules, passing
        self.units: dict[str, Unit] = province.gazetteer.units

    @classmethod
    def from_rulebook(cls, rulebook) -> "ContextFinder":
        province = ProvinceFinder.from_rulebook(rulebook, Gazetteer.from_rulebook(rulebook))
        titles = DocumentTitles.from_rulebook(rulebook)
        return cls(province, titles, [period_rule(e) for e in rulebook.section("periods")],
                   YearsInPassing.from_rulebook(rulebook))

    def resolve(self, name: str) -> Optional[tuple[str, str]]:
        """(canonical name, post-2025 unit name) of a place name, or None if it is none."""
        return self.province.gazetteer.resolve(name)

    def find(self, text: str, normalized: bool = False) -> Context:
        """The context of a document from its head; `normalized`: the text already went
        through normalize.normalize (the pipeline's case), so it is not done again."""
        if not normalized:
            text = canonical_tones(unicodedata.normalize("NFC", text))
        document_title, planned = self.titles.find(text)
        title = title_spans(text) + document_title
        date, deferred = dateline(self.rules, text[:DATE_HEAD_CHARS])
        covered = period(self.rules, self.passing, text, title, date, document_title if planned else [])
        unit = self.province.find(text, title, report_year(covered, date), last_year(date[1] if date else None))
        date = with_year_of_period(date, deferred, covered)
        return Context(unit.name if unit else None, self.units[unit.now].name if unit else None,
                       covered, date[1] if date else None)
