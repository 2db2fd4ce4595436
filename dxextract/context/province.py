"""The province or city a report is about: the provinces its capitalised runs name, each
weighed by the cue before it, by where it stands (the title zone counts more, a footer's
address less) and by a list it is part of (a ranking names many); the districts and communes
it names; against the evidence that it is the country's. A province needs enough evidence,
well ahead of the next one's and of the country's."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex

from ..patterns import stored_pattern
from .gazetteer import DETAIL_HEAD_CHARS, WORD, Gazetteer, Unit, name_key
from .merger import Merger
from .national import NationalEvidence
from ..rules import RuleError
from .rule_checks import check_examples, check_fields, check_strings, check_weight, weighted_strings
from .subunits import Subunits
from .title import title_factor

WEAK_WEIGHT = 0.2        # a weak alias with no cue before it
MIN_SCORE = 1.0          # a province needs at least this much evidence …
DOMINANCE = 2.0          # … at least this many times the next one's (a merged unit counting
                         # with the unit it is now part of) …
SHARE = 0.4              # … and this share of all provinces' evidence: a report that names many
                         # provinces, none dominant (a national ranking), is about none of them
LIST_MIN = 3             # provinces named one after another, this many or more, …
LIST_FACTOR = 0.3        # … count this many times each

# A name is a run of capitalised words joined by spaces, a hyphen or dash, or a bare dot.
_RUN = regex.compile(r"\p{Lu}\w*(?:(?:[^\S\n]+|[^\S\n]*[-‐‑‒–—−][^\S\n]*|\.)\p{Lu}\w*)*")
_LABEL_CHARS = 32  # a boilerplate label (`Đường dây nóng`) ends a colon's line within this
_LIST_GAP = regex.compile(r"[^\S\n]*(?:[,;][^\S\n]*(?:và[^\S\n]+)?|và[^\S\n]+)")
_INSTITUTION_REACH = 80  # characters before a name read for an institution's head
_WORDS_AFTER = regex.compile(r"[^\S\n]+(\w+)(?:[^\S\n]+(\w+))?(?:[^\S\n]+(\w+))?")


def _dateline_pattern(words, cues=()) -> Optional[regex.Pattern]:
    """A place at the head of a line or after a bracket, after one of `cues` if any, a comma,
    then one of `words` and a number (`Hà Nội, ngày 28/12/2021`, `(Buôn Ma Thuột, ngày
    19/7/2022)`, `TP. Hồ Chí Minh, ngày 20 tháng 10 năm 2025`)."""
    if not words:
        return None

    def alternation(strings):
        return "|".join(regex.escape(w) for w in sorted(strings, key=len, reverse=True))
    cue = r"(?:(?:" + alternation(cues) + r")\.?[^\S\n]*)?" if cues else ""
    return stored_pattern(r"(?m)(?:^|\()[^\S\n]*" + cue + r"(?P<place>" + _RUN.pattern + r"),[^\S\n]*(?i:"
                          + alternation(words) + r")[^\S\n]+\d")


def _named_after_pattern(heads: Sequence[str], cues: Sequence[str]) -> tuple[regex.Pattern, regex.Pattern]:
    """An institution's head and up to four words of its field (`Bách khoa`, `Kinh tế`), ending
    where a name starts: after a cue, and where the name opens on a cue (`TP.HCM`); read
    backwards from the name."""
    def alternation(words):
        return "|".join(r"[^\S\n]+".join(regex.escape(part) for part in w.split())
                        for w in sorted(words, key=len, reverse=True))
    head = r"(?r)(?<!\w)(?i:" + alternation(heads) + r")(?:[^\S\n]+[\w&-]+){0,4}?[^\S\n]+"
    return (stored_pattern(head + r"(?i:" + alternation(cues) + r")(?:[^\S\n]*\.[^\S\n]*|[^\S\n]+)$"),
            stored_pattern(head + "$"))


@dataclass
class _CueReach:
    """The end of the last cued mention whose cue counts less than a bare name, and its weight:
    the names listed right after it take that weight too."""
    end: int = -1
    weight: float = 1.0

    def carry(self, end: int, weight: float) -> None:
        self.end, self.weight = end, weight


class ProvinceFinder:
    """The gazetteer and the other evidence a report's province is weighed by."""

    def __init__(self, gazetteer: Gazetteer, subunits: Subunits, merger: Merger, national: NationalEvidence,
                 lines: Optional[list[tuple[str, float]]] = None, leads: Optional[list[tuple[str, float]]] = None,
                 dateline_words: Sequence[str] = (), dateline_cues: Sequence[str] = (), seats: Optional[dict[str, float]] = None,
                 named_after: Optional[list[tuple[regex.Pattern, float]]] = None):
        self.gazetteer, self.subunits, self.merger, self.national = gazetteer, subunits, merger, national
        # A dateline's place (`Buôn Ma Thuột, ngày 19/7/2022`), at the head of a line or in
        # brackets; the provinces where national bodies sit (unit id -> weight there)
        self._dateline = _dateline_pattern(dateline_words, dateline_cues)
        self._seat_weights = dict(seats or {})
        # An institution named after its city (`Trường Đại học Bách khoa TP. Hồ Chí Minh`): the
        # pattern of its head and cue, read back from the name, and the weight of the name
        self._named_after = named_after or []
        # Words right after a name that make it a ranking's place (`TP.HCM dẫn đầu chỉ số EBI`),
        # looked up by key as the lines' labels are
        self._lead_weights = {name_key(words): weight for words, weight in leads or []}
        self._lead_length = max((len(key.split(" ")) for key in self._lead_weights), default=0)
        # Lines whose mentions weigh less (a footer's address): one pattern, the weight of each label
        # These are looked up by key in a few lines (the title zone, the words before a colon),
        # not searched for: a case-insensitive alternation of Vietnamese words costs ~10 ms to
        # compile, at every start.
        self._line_weights = {name_key(label): weight for label, weight in lines or []}
        self._label_ends = frozenset(key.rsplit(" ", 1)[-1] for key in self._line_weights)

    @classmethod
    def from_rulebook(cls, rulebook, gazetteer: Gazetteer) -> "ProvinceFinder":
        subunits = Subunits.from_rulebook(rulebook, gazetteer)
        lines, _ = weighted_strings(rulebook, "province_lines", "labels")
        leads, _ = weighted_strings(rulebook, "province_leads", "after")
        dateline_words: list[str] = []
        dateline_cues: list[str] = []
        seats: dict[str, float] = {}
        for e in rulebook.section("province_datelines"):
            check_fields(e, {"id", "before_date", "cues", "seats", "weight", "examples"})
            check_strings(e, "before_date", required=True)
            check_strings(e, "cues")
            check_strings(e, "seats")
            check_examples(e, ("text", "province"))
            dateline_words.extend(e["before_date"])
            dateline_cues.extend(e.get("cues") or [])
            for seat in e.get("seats") or []:
                unit = gazetteer.unit_of(seat)
                if unit is None:
                    raise RuleError(e["_file"], e["id"], f"seat {seat!r} is no province")
                seats[unit] = check_weight(e)
        named_after = []
        for e in rulebook.section("institutions_named_after"):
            check_fields(e, {"id", "heads", "cues", "weight", "examples"})
            check_strings(e, "heads", required=True)
            check_strings(e, "cues", required=True)
            check_examples(e, ("text", "province"))
            named_after.append((_named_after_pattern(e["heads"], e["cues"]), check_weight(e)))
        national = NationalEvidence.from_rulebook(rulebook)
        return cls(gazetteer, subunits, Merger.from_rulebook(rulebook, gazetteer.units), national, lines, leads,
                   dateline_words, dateline_cues, seats, named_after)

    def find(self, text: str, title: list[tuple[int, int]], year: Optional[int] = None,
             written: Optional[int] = None) -> Optional[Unit]:
        """The unit the report is about; `year`, the last year it reports on, rules out a unit
        that came to be after it (a 2023 report on "Huế" is about Thừa Thiên Huế), unless the
        report is `written` (its date's year) after that unit came to be: a feature of April
        2025 on the city of Huế's 2024 is about Huế, the name of its time."""
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        quiet = self._quiet_lines(text)

        title_end = max((e for _, e, _ in title), default=0)

        def where(start: int) -> float:
            factor = title_factor(start, title) if start < title_end else 1.0
            for s, e, w in quiet:
                if s <= start < e:
                    factor *= w
            return factor

        def add(unit: str, weight: float, start: int) -> None:
            scores[unit] = scores.get(unit, 0.0) + weight
            first[unit] = min(first.get(unit, start), start)

        datelines = self._dateline_places(text)
        dateline_units: list[tuple[int, tuple[str, ...], float]] = []
        named: list[tuple[int, int, str, float]] = []
        reach = _CueReach()
        for run in _RUN.finditer(text):
            mentions = self.gazetteer.mentions(run.group())
            dateline = run.start() in datelines
            if dateline and not mentions:
                # a city or district signs the paper: its province's, as after the word of its type
                candidates, weight = self.subunits.bare(run.group())
                if candidates:
                    dateline_units.append((run.start(), candidates, weight))
            for offset, offset_end, unit, weak, own in mentions:
                start, end = run.start() + offset, run.start() + offset_end
                weight = self._mention_weight(text, start, end, unit, weak, own, dateline, title_end, reach)
                if weight > 0:
                    named.append((start, end, unit, weight))
        year = self.merger.year_written(text, named, year)
        # A list of provinces (`Quảng Ninh, Hà Nội, Đà Nẵng và Bình Dương dẫn đầu`) names the
        # leaders of a ranking, the neighbours, the guests: each of them counts less.
        chain = 0
        for i, (start, end, unit, weight) in enumerate(named):
            if chain == 0:  # the length of the list that starts here
                chain = 1
                while (i + chain < len(named)
                       and _LIST_GAP.fullmatch(text, named[i + chain - 1][1], named[i + chain][0])):
                    chain += 1
                length = chain
            chain -= 1
            if length >= LIST_MIN:
                weight *= LIST_FACTOR
            add(unit, weight * where(start), start)

        # Districts and communes, each named after the word of its type: a name in one
        # province counts for it; a name several provinces have goes to the one the rest of
        # the text supports most (the unit it is now part of counting with it), else to none.
        ambiguous = []
        for start, candidates, weight in [*self.subunits.find(text), *dateline_units]:
            weight *= where(start)
            if weight <= 0:
                continue
            if len(candidates) == 1:
                add(candidates[0], weight, start)
            else:
                ambiguous.append((start, candidates, weight))
        if ambiguous:
            support = self.merger.groups(scores, year)
            for start, candidates, weight in ambiguous:
                ranked = sorted(candidates, key=lambda u: (support.get(self.merger.unit_then(u, year), 0.0),
                                                           scores.get(u, 0.0)), reverse=True)
                top = support.get(self.merger.unit_then(ranked[0], year), 0.0)
                if top > 0 and top > support.get(self.merger.unit_then(ranked[1], year), 0.0):
                    add(ranked[0], weight, start)
                elif len({self.merger.unit_then(u, year) for u in candidates}) == 1:
                    add(ranked[0], weight, start)  # all in one unit then: any of them will do

        if not scores:
            return None
        groups = sorted(self.merger.groups(scores, year).items(), key=lambda g: g[1], reverse=True)
        national = self.national.weigh(text, title)  # the evidence that the report is the country's
        best, total = groups[0][1], sum(g[1] for g in groups) + national
        second = max(groups[1][1] if len(groups) > 1 else 0.0, national)
        if best < MIN_SCORE or best < DOMINANCE * second or best < SHARE * total:
            return None
        if self.merger.before_in(year):
            members = [u for u in scores
                       if self.merger.unit_then(u, year) == groups[0][0] and self.merger.in_use(u, written)]
            if not members:
                return self.gazetteer.units[groups[0][0]]
        else:
            members = [u for u in scores if self.gazetteer.units[u].now == groups[0][0]]
        return self.gazetteer.units[max(members, key=lambda u: (scores[u], -first[u]))]

    def _mention_weight(self, text: str, start: int, end: int, unit: str, weak: bool, own: Optional[float],
                        dateline: bool, title_end: int, reach: "_CueReach") -> float:
        """How much one mention of a unit counts: on a dateline, the weight of a national
        body's seat; after its cue, the cue's (an institution's, a heading's); listed right
        after a cued name whose cue counts less than a bare name, that cue's (`reach` carries
        it on); else a bare name's, for the words after it (a ranking's place counts less)."""
        if dateline and unit in self._seat_weights:
            return self._seat_weights[unit]
        cued = self.gazetteer.cue(text, start)
        if cued is not None:
            cued = self._institution_weight(text, start, cued, after_cue=True)
            if start < title_end:
                cued = self._heading_weight(text, start, cued)
            if cued < 1.0:
                reach.carry(end, cued)
            return cued
        if reach.end >= 0 and _LIST_GAP.fullmatch(text, reach.end, start):
            # a name joined to a cued one (`tại Hà Nội và TP.HCM`, `tận Hà Nội, Đà Nẵng`)
            listed = min(reach.weight, WEAK_WEIGHT if weak else 1.0)
            reach.carry(end, listed)
            return listed
        if own is None:
            return (WEAK_WEIGHT if weak else 1.0) * self._lead_weight(text, end)
        return self._institution_weight(text, start, own, after_cue=False) * self._lead_weight(text, end)

    def _institution_weight(self, text: str, start: int, weight: float, after_cue: bool) -> float:
        """The weight of a name after its cue (or that opens on one: `TP.HCM`), or of an
        institution's name that holds both."""
        for (cued, opening), institution in self._named_after:
            if (cued if after_cue else opening).search(text, max(0, start - _INSTITUTION_REACH), start):
                return institution
        return weight

    def _heading_weight(self, text: str, start: int, weight: float) -> float:
        """The weight of a name after its cue, or after cues that make all its line before it:
        the issuer of the page (`BÁO BẮC GIANG ĐIỆN TỬ`, `TRƯỜNG ĐẠI HỌC CẦN THƠ`, `Viettel
        Nghệ An: …`) counts the least heading weight of those cues."""
        cues = self.gazetteer.heading_cues
        words = name_key(text[text.rfind("\n", 0, start) + 1:start]).split()
        heading = None
        while words:  # the longest cue that ends the words, then the one before it
            k = next((k for k in range(len(words), 0, -1) if " ".join(words[-k:]) in cues), 0)
            if not k:
                return weight
            found = cues[" ".join(words[-k:])]
            heading = found if heading is None else min(heading, found)
            words = words[:-k]
        return weight if heading is None else heading

    def _dateline_places(self, text: str) -> set[int]:
        """The start of each dateline's place."""
        if self._dateline is None:
            return set()
        return {m.start("place") for m in self._dateline.finditer(text, 0, DETAIL_HEAD_CHARS)}

    def _lead_weight(self, text: str, end: int) -> float:
        """How much a bare name counts for the words after it: a ranking's place counts less."""
        if not self._lead_weights:
            return 1.0
        after = _WORDS_AFTER.match(text, end)
        if not after:
            return 1.0
        words = [w for w in after.groups() if w][:self._lead_length]
        for k in range(len(words), 0, -1):
            weight = self._lead_weights.get(name_key(" ".join(words[:k])))
            if weight is not None:
                return weight
        return 1.0

    def _quiet_lines(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, weight) of the lines a label such as `Địa chỉ:` marks as a page's
        boilerplate (a footer's address names the publisher's city, not the report's)."""
        if not self._line_weights:
            return []
        out = []
        colon = text.find(":")
        while colon >= 0:
            start = text.rfind("\n", 0, colon) + 1
            before = text[max(start, colon - _LABEL_CHARS):colon].split()
            last = WORD.findall(before[-1].lower()) if before else ()
            if not last or last[-1] not in self._label_ends:
                colon = text.find(":", colon + 1)
                continue  # most colons follow no label: skip them cheaply
            words = name_key(" ".join(before)).split(" ")
            for k in range(min(len(words), 4), 0, -1):  # the label ends right before the colon
                weight = self._line_weights.get(" ".join(words[-k:]))
                if weight is not None:
                    end = text.find("\n", colon)
                    out.append((start, len(text) if end < 0 else end, weight))
                    break
            colon = text.find(":", colon + 1)
        return out
