"""The period and date rules of rules/periods.yaml: each a pattern and the template of the
value it gives, checked as the rule file is read; where their leads stand in a text, and
each match they make with the value it renders."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

import regex

from ..leads import opening_literals
from ..patterns import stored_pattern
from ..rules import RuleError
from .rule_checks import check_examples, check_fields, check_strings
from .templates import Template

YEAR = regex.compile(r"\d{4}")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}


@dataclass(frozen=True)
class PeriodRule:
    id: str
    gives: str  # period | date
    weight: float
    pattern: regex.Pattern
    value: Template
    # The year of a span that names none ("sơ kết 9 tháng") is the year the report is dated in.
    dated_year: bool = False
    # Literals one of which opens every match (read from the pattern): tried only where they stand.
    leads: tuple[str, ...] = ()

    def lacks_only_year(self, env: dict) -> bool:
        """Whether a match's value can be written once a year is given ("ngày 14/11")."""
        return self.value.names - set(env) == {"year"}

    def matches(self, text: str, places: Optional["LeadPlaces"] = None) -> Iterator[tuple[int, int, dict]]:
        """(start, end, named values) of each match; `places`: where literals stand in `text`. A
        match starts at its earliest group: a pattern may capture in a look-behind what stands
        before the literal it opens on."""
        for m in self._found(text, places):
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            start = min(m.start(), *(m.start(k) for k in groups))
            yield start, m.end(), {k: _number(v) for k, v in groups.items()}

    def _found(self, text: str, places: Optional["LeadPlaces"]) -> Iterator[regex.Match]:
        """The matches `finditer` gives, one after another. A pattern that opens on its leads is
        tried only where they stand: a scan tries every place of a 64 KB head, for each rule."""
        at = places.of(self.leads) if places is not None and self.leads else None
        if at is None:
            yield from self.pattern.finditer(text)
            return
        done_to = 0  # as finditer goes on: from the end of the last match
        for place in at:
            if place >= done_to:
                m = self.pattern.match(text, place)
                if m is not None:
                    yield m
                    done_to = m.end()


class LeadPlaces:
    """Where literals stand in a text's casefold, each literal looked for once (as the
    case-insensitive rules read them: the regex module takes "ı" for "i")."""

    def __init__(self, text: str):
        folded = text.casefold()
        # Offsets hold only where every character folds to one ("ß" folds to "ss"): else None.
        self._folded = folded.replace("ı", "i") if len(folded) == len(text) else None
        self._places: dict[str, list[int]] = {}

    def of(self, leads: Sequence[str]) -> Optional[list[int]]:
        """Where one of `leads` (casefolded) stands, in order; None when offsets do not hold."""
        if self._folded is None:
            return None
        if len(leads) == 1:
            return self._of(leads[0])
        return sorted({place for lead in leads for place in self._of(lead)})

    def _of(self, lead: str) -> list[int]:
        found = self._places.get(lead)
        if found is None:
            found = self._places[lead] = []
            at = self._folded.find(lead)
            while at >= 0:
                found.append(at)
                at = self._folded.find(lead, at + 1)
        return found


def _number(text: str):
    if text.isdigit():
        return int(text)
    return _ROMAN.get(text.upper(), text)


def period_rule(e: dict) -> PeriodRule:
    """The period or date rule of a rule file's entry, checked."""
    file, rid = e["_file"], e["id"]
    check_fields(e, {"id", "gives", "weight", "pattern", "value", "year", "examples", "none"})
    if e.get("year", "dated") != "dated":
        raise RuleError(file, rid, "'year' may only be 'dated' (the year the report is dated in)")
    if e.get("gives") not in ("period", "date"):
        raise RuleError(file, rid, "'gives' must be 'period' or 'date'")
    weight = e.get("weight", 1)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight <= 0:
        raise RuleError(file, rid, "'weight' must be a number > 0")
    if not isinstance(e.get("pattern"), str):
        raise RuleError(file, rid, "'pattern' must be a string")
    try:
        pattern = stored_pattern(e["pattern"], regex.IGNORECASE)
    except regex.error as exc:
        raise RuleError(file, rid, f"bad pattern: {exc}") from None
    if not isinstance(e.get("value"), str):
        raise RuleError(file, rid, "'value' must be a string")
    try:
        template = Template(e["value"])
    except SyntaxError as exc:
        raise RuleError(file, rid, f"bad value: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    unknown = template.names - set(pattern.groupindex) - {"year"}
    if unknown:
        raise RuleError(file, rid, f"value uses {', '.join(sorted(unknown))}, not groups of the pattern")
    check_examples(e, ("text", "expect"))
    check_strings(e, "none")
    return PeriodRule(rid, e["gives"], float(weight), pattern, template, dated_year="year" in e,
                      leads=tuple(dict.fromkeys(lead.casefold() for lead in opening_literals(e["pattern"]))))


def rendered(rules: Sequence[PeriodRule], text: str,
             gives: str) -> Iterator[tuple[PeriodRule, int, int, dict, Optional[str]]]:
    """Each match (rule, start, end, named values, rendered value) of the rules that give `gives`."""
    places = LeadPlaces(text)
    for rule in rules:
        if rule.gives == gives:
            for start, end, env in rule.matches(text, places):
                yield rule, start, end, env, rule.value.render(env)


def last_year(stamp: Optional[str]) -> Optional[int]:
    """The last year a period or date names ("2021/2025" -> 2025, "2023-12-05" -> 2023)."""
    years = YEAR.findall(stamp or "")
    return max(map(int, years)) if years else None
