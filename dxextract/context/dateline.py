"""The report's own date: its earliest dateline in the head of the text, and a dateline that
names no year takes the year of a report on one year."""
from __future__ import annotations

from typing import Optional, Sequence

from .period_rules import YEAR, PeriodRule, rendered
from .templates import valid_value

DATE_HEAD_CHARS = 8192   # a dateline stands near the top: look no further


def dateline(rules: Sequence[PeriodRule], text: str):
    """The earliest dateline (position, value), and year-less ones kept for later."""
    best: Optional[tuple[int, str]] = None
    deferred = []
    for rule, start, _, env, value in rendered(rules, text, "date"):
        if value is None:
            if rule.lacks_only_year(env):
                deferred.append((start, rule, env))
            continue
        if valid_value(value) and (best is None or start < best[0]):
            best = (start, value)
    return best, deferred


def with_year_of_period(date: Optional[tuple[int, str]], deferred, period: Optional[str]) -> Optional[tuple[int, str]]:
    """The report's date once a year-less dateline (`deferred`, from `dateline`) takes the year
    of a one-year period, where it stands before the dateline found."""
    if deferred and period:
        years = set(YEAR.findall(period))
        if len(years) == 1:
            year = int(years.pop())
            for pos, rule, env in deferred:
                value = rule.value.render({**env, "year": year})
                if value and valid_value(value) and (date is None or pos < date[0]):
                    date = (pos, value)
    return date
