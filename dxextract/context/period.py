"""The period a report covers: the one its period rules' matches weigh most (a match in the
title zone counts more), past a plan's periods after the report's date; else the year it is
dated in."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..rules import RuleError
from .period_rules import PeriodRule, last_year, rendered
from .rule_checks import check_examples, check_fields, check_weight
from .templates import valid_value
from .title import title_factor


@dataclass(frozen=True)
class YearsInPassing:
    """When a year named before the report's date is no period of it (rules/periods.yaml,
    section `years_in_passing`): named with no more than `weight`, past the `review_months`
    a year's review comes out in."""
    review_months: int = 0
    weight: float = -1.0  # no section: every year named counts

    @classmethod
    def from_rulebook(cls, rulebook) -> "YearsInPassing":
        passing = cls()
        for e in rulebook.section("years_in_passing"):
            check_fields(e, {"id", "review_months", "weight", "examples"})
            check_examples(e, ("text", "expect"))
            months = e.get("review_months")
            if not isinstance(months, int) or isinstance(months, bool) or not 0 <= months <= 12:
                raise RuleError(e["_file"], e["id"], "'review_months' must be a whole number of months, 0 to 12")
            passing = cls(months, check_weight(e))
        return passing


def period(rules: Sequence[PeriodRule], passing: YearsInPassing, text: str, title,
           date: Optional[tuple[int, str]], plan_title=()) -> Optional[str]:
    """The period the report covers; `plan_title`, the title of a plan, may name one after
    the report's date (a plan for 2025 issued in December 2024)."""
    dated_year = last_year(date[1]) if date else None
    found = []
    for rule, start, end, env, value in rendered(rules, text, "period"):
        if value is None and rule.dated_year and dated_year is not None and rule.lacks_only_year(env):
            value = rule.value.render({**env, "year": dated_year})
        if value and valid_value(value):
            found.append((-rule.weight, start, end, value))
    found.sort()
    claimed: list[tuple[int, int]] = []
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for neg_weight, start, end, value in found:
        if any(start < e and s < end for s, e in claimed):
            continue
        claimed.append((start, end))
        if date and _starts_after(value, date[1]) and not any(s <= start < e for s, e, _ in plan_title):
            continue  # a plan, not the period reported on
        weight = -neg_weight * title_factor(start, title)
        scores[value] = scores.get(value, 0.0) + weight
        first[value] = min(first.get(value, start), start)
    if not scores:
        # A report that names no period is of the year it is dated in: "Cần Thơ, ngày 28
        # tháng 10 năm 2025 / BÁO CÁO Tiến độ hợp nhất cơ sở dữ liệu".
        return str(dated_year) if dated_year is not None else None
    best = max(scores, key=lambda v: (scores[v], -first[v]))
    if date and dated_year is not None and _named_in_passing(passing, best, scores[best], dated_year, date[1]):
        return str(dated_year)
    return best


def _named_in_passing(passing: YearsInPassing, period: str, weight: float, dated_year: int, date: str) -> bool:
    """A whole year before the year of the report's date, past the months its review comes out
    in, with no more weight than a mention in passing."""
    return (len(period) == 4 and int(period) < dated_year and weight <= passing.weight
            and len(date) >= 7 and int(date[5:7]) > passing.review_months)


def report_year(period: Optional[str], date: Optional[tuple[int, str]]) -> Optional[int]:
    """The last year the report covers: its period's, else its own date's."""
    year = last_year(period)
    return year if year is not None else last_year(date[1] if date else None)


def _starts_after(period: str, date: str) -> bool:
    """The period starts after the date: a later year; or, for a period of months, in the
    date's month or later (a report dated 6 October is not about October to December: those
    are its tasks)."""
    start = period.split("/")[0]
    n = min(len(start), len(date))
    if n >= 7 and "/" in period:
        return start[:n] >= date[:n]
    return start[:n] > date[:n]
