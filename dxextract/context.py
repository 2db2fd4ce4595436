"""Document context: the province or city a report is about, and the period and date it covers.

The knowledge is data: the gazetteer in `rules/provinces.yaml` (sections `provinces`,
`not_provinces`, `province_cues`) and the period and date patterns in `rules/periods.yaml`
(section `periods`); both files describe how matches are weighed. Everything here runs on the
NFC text with the traditional tone placement, so `Hoà Bình` and a decomposed `Hòa Bình` are
the same name.
"""
from __future__ import annotations

import ast
import datetime
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Iterator, Optional, Sequence

import regex

from . import admin_units
from .leads import opening_literals
from .normalize import canonical_tones, fold
from .rules import RuleError

TITLE_LINES = 5          # the title zone: the first non-empty lines …
TITLE_MAX_CHARS = 200    # … that are short enough to be a title, a dateline or a byline
TITLE_FACTOR = 3         # a mention in the title counts this many times
DOC_TITLE_LINES = 3      # an official document's title: the lines under the name of its kind …
DOC_TITLE_MAX_CHARS = 300  # … up to a blank line, each no longer than this
DOC_KIND_HEAD_CHARS = 4096  # the name of its kind stands near the top, on a line of its own
DOC_KIND_MAX_CHARS = 40
WEAK_WEIGHT = 0.2        # a weak alias with no cue before it
MIN_SCORE = 1.0          # a province needs at least this much evidence …
DOMINANCE = 2.0          # … at least this many times the next one's (a merged unit counting
                         # with the unit it is now part of) …
LIST_MIN = 3             # provinces named one after another, this many or more, …
LIST_FACTOR = 0.3        # … count this many times each
_COMPARISON_REACH = 30  # characters before a national phrase read for a comparison word
SHARE = 0.4              # … and this share of all provinces' evidence: a report that names many
                         # provinces, none dominant (a national ranking), is about none of them
DATE_HEAD_CHARS = 8192   # a dateline stands near the top: look no further
DETAIL_HEAD_CHARS = 8192   # districts, communes and the country's phrases are read this far: a
                           # report says early what it is about, and reading them costs
UNIT_TYPES = ("tỉnh", "thành phố")

# A name is a run of capitalised words joined by spaces, a hyphen or dash, or a bare dot.
_RUN = regex.compile(r"\p{Lu}\w*(?:(?:[^\S\n]+|[^\S\n]*[-‐‑‒–—−][^\S\n]*|\.)\p{Lu}\w*)*")
_WORD = regex.compile(r"\w+")
_WORD_BACK = regex.compile(r"\w+", regex.REVERSE)  # the words before a point, the nearest first
# A cue ends a word, then a space or "TP.". Searched from the end (REVERSE): the gap can only
# stand there, and a forward search would try every position of the window first.
_CUE_GAP = regex.compile(r"\w(?:[^\S\n]+|\.[^\S\n]*)$", regex.REVERSE)
_CUE_WINDOW = 64
_LABEL_CHARS = 32  # a boilerplate label (`Đường dây nóng`) ends a colon's line within this
_NUMBER_WORD = regex.compile(r"[ivxlc]+|\d+")
_LIST_GAP = regex.compile(r"[^\S\n]*(?:[,;][^\S\n]*(?:và[^\S\n]+)?|và[^\S\n]+)")
_RUN_CACHE_SIZE = 1 << 14
_ISO = regex.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR = regex.compile(r"\d{4}")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}


@dataclass(frozen=True)
class Context:
    province: str | None      # canonical name of the unit the report is about, as the text names it
    province_now: str | None  # the post-2025 unit it belongs to; same as province if unchanged
    period: str | None        # the period the report covers: "2023", "2023-01/2023-10"
    date: str | None          # the report's own date: "2023-12-05", "2024-06"


# A province named in a run of capitalised words: (offset in the run, end offset, unit id, weak,
# own cue weight)
Mention = tuple[int, int, str, bool, Optional[float]]


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    now: str  # id of the post-2025 unit
    since: Optional[int] = None  # the year a unit that did not exist among the 63 came to be


def name_key(text: str) -> str:
    """The key a place name is looked up by: folded words, separators dropped."""
    return " ".join(_WORD.findall(fold(text)))


# -- value templates ------------------------------------------------------------------------
_FIELD = regex.compile(r"\{([^{}:]+)(?::([^{}]*))?\}")
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}


class Template:
    """`"{year}-{13-n:02}/{year}-12"`: fields hold + - * arithmetic on named values."""

    def __init__(self, text: str):
        self.text = text
        self.parts: list[tuple[str, Optional[ast.AST], str]] = []  # (literal, expr, format)
        self.names: set[str] = set()
        pos = 0
        for m in _FIELD.finditer(text):
            expr = ast.parse(m.group(1).strip(), mode="eval").body  # SyntaxError if malformed
            self._check(expr)
            self.parts.append((text[pos:m.start()], expr, m.group(2) or ""))
            pos = m.end()
        tail = text[pos:]
        if "{" in tail or "}" in tail:
            raise SyntaxError(f"unbalanced braces in {text!r}")
        self.parts.append((tail, None, ""))

    def _check(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            self.names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, int):
            pass
        elif isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            self._check(node.left)
            self._check(node.right)
        else:
            raise SyntaxError(f"only names, integers and + - * may appear in {self.text!r}")

    def render(self, env: dict) -> Optional[str]:
        """The value, or None when a name is missing or a field does not fit its format."""
        if not self.names.issubset(env):
            return None
        out = []
        try:
            for literal, expr, fmt in self.parts:
                out.append(literal)
                if expr is not None:
                    out.append(format(_evaluate(expr, env), fmt))
        except (TypeError, ValueError):
            return None
        first, slash, last = "".join(out).partition("/")
        return first if slash and first == last else first + slash + last  # "2025-09/2025-09" is one month


def _evaluate(node: ast.AST, env: dict):
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    return _OPS[type(node.op)](_evaluate(node.left, env), _evaluate(node.right, env))


def _number(text: str):
    if text.isdigit():
        return int(text)
    return _ROMAN.get(text.upper(), text)


def valid_value(value: str) -> bool:
    """An ISO 8601 date, month, year or interval of them, with real months and days."""
    parts = value.split("/")
    if len(parts) > 2:
        return False
    for part in parts:
        m = _ISO.fullmatch(part)
        if not m:
            return False
        year, month, day = (int(g) if g else None for g in m.groups())
        if month is not None and not 1 <= month <= 12:
            return False
        if day is not None:
            try:
                datetime.date(year, month, day)
            except ValueError:
                return False
    return len(parts) == 1 or (len(parts[0]) == len(parts[1]) and parts[0] <= parts[1])


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


# -- the finder -----------------------------------------------------------------------------
class ContextFinder:
    """`find(text)` -> the Context of one document."""

    def __init__(self, units: dict[str, Unit], names: dict[str, tuple[Optional[str], bool, Optional[float]]],
                 cues: dict[str, float], rules: list[PeriodRule],
                 subunit_types: Optional[dict[str, tuple[tuple[str, ...], float]]] = None,
                 lines: Optional[list[tuple[str, float]]] = None, kinds: Optional[list[str]] = None,
                 issuers: Optional[list[tuple[str, float]]] = None, issuer_prefixes: Optional[list[str]] = None,
                 national_cues: Optional[list[tuple[str, float]]] = None, comparisons: Sequence[str] = (),
                 plans: Sequence[str] = (), reviews: Sequence[str] = (), reviewed_openers: Sequence[str] = (),
                 old_name_marks: Sequence[str] = ()):
        self.units = units
        # The units that came to be with the 2025 merger, and the year they did: in a report of a
        # year before it each of the 63 provinces stands on its own.
        self._merger_year = min((u.since for u in units.values() if u.since), default=None)
        self._before_merger = {u.id: [v.id for v in units.values() if v.now == u.id and v.id != u.id]
                               for u in units.values() if u.since}
        self._names = names  # key -> (unit id, or None for a place that is no province; weak; own cue weight)
        self._max_name = max((k.count(" ") + 1 for k in names), default=1)
        self._firsts = frozenset(k.split(" ")[0] for k in names)
        self._cues = cues
        self._cue_ends: dict[str, int] = {}  # the last word of a cue -> the most words of a cue ending on it
        for key in cues:
            words = key.split(" ")
            self._cue_ends[words[-1]] = max(len(words), self._cue_ends.get(words[-1], 0))
        self.rules = rules
        # A unit below the province: the words of its type -> (the dataset's type keys, weight)
        self._subunit_types = {name_key(word): v for word, v in (subunit_types or {}).items()}
        self._subunit_types.update({word.lower(): v for word, v in (subunit_types or {}).items()})
        self._subunit = _subunit_pattern(subunit_types or {})
        # Lines whose mentions weigh less (a footer's address): one pattern, the weight of each label
        # These are looked up by key in a few lines (the title zone, the words before a colon),
        # not searched for: a case-insensitive alternation of Vietnamese words costs ~10 ms to
        # compile, at every start.
        self._line_weights = {name_key(label): weight for label, weight in lines or []}
        self._label_ends = frozenset(key.rsplit(" ", 1)[-1] for key in self._line_weights)
        self._kinds = frozenset(name_key(k) for k in kinds or [])
        self._plans = frozenset(name_key(k) for k in plans)
        # A review of a plan (a verification report, a submission) is about the plan its title
        # names first: "BÁO CÁO THẨM TRA / Dự thảo Nghị quyết … giai đoạn 2022 - 2025".
        self._reviews = frozenset(name_key(k) for k in reviews)
        self._reviewed_openers = sorted({name_key(o) for o in reviewed_openers}, key=len, reverse=True)
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
        # "tỉnh Kiên Giang cũ": a province called by its name before the merger, in a text
        # written after it
        self._old_name_mark = regex.compile(r"[^\S\n]*\(?[^\S\n]*(?:" + "|".join(
            regex.escape(w) for w in sorted(old_name_marks, key=len, reverse=True)) + r")(?![\p{L}\p{M}])",
            regex.IGNORECASE) if old_name_marks else None
        # Runs repeat within and across reports ("UBND", "Ban Chỉ đạo"): each read once.
        self._mentions = lru_cache(maxsize=_RUN_CACHE_SIZE)(self._mentions)
        self._subunit_candidates = lru_cache(maxsize=_RUN_CACHE_SIZE)(self._subunit_candidates)

    @classmethod
    def from_rulebook(cls, rulebook) -> "ContextFinder":
        units: dict[str, Unit] = {}
        entries = rulebook.section("provinces")
        for e in entries:
            _check_fields(e, {"id", "name", "type", "now", "since", "aliases", "weak_aliases", "examples", "none"})
            if not isinstance(e["id"], str) or not e["id"]:
                raise RuleError(e["_file"], None, f"province id must be a non-empty string, not {e['id']!r}")
            if not isinstance(e.get("name"), str) or not name_key(e["name"]):
                raise RuleError(e["_file"], e["id"], "'name' must be a non-empty string")
            if e.get("type") not in UNIT_TYPES:
                raise RuleError(e["_file"], e["id"], f"'type' must be one of {', '.join(UNIT_TYPES)}")
            if "since" in e and not isinstance(e["since"], int):
                raise RuleError(e["_file"], e["id"], "'since' must be a year")
            for field in ("aliases", "weak_aliases", "examples", "none"):
                _check_strings(e, field)
            units[e["id"]] = Unit(e["id"], e["name"], e["type"], e.get("now") or e["id"], e.get("since"))
        for e in entries:
            target = units.get(units[e["id"]].now)
            if target is None:
                raise RuleError(e["_file"], e["id"], f"'now' names an unknown province {e.get('now')!r}")
            if target.now != target.id:
                raise RuleError(e["_file"], e["id"], f"'now' must name a post-2025 unit; {target.id!r} is now {target.now!r}")

        cues: dict[str, float] = {}
        for e in rulebook.section("province_cues"):
            _check_fields(e, {"id", "weight", "before", "examples"})
            weight = _check_weight(e)
            _check_strings(e, "before", required=True)
            _check_examples(e, ("text", "province"))
            for phrase in e["before"]:
                cues[name_key(phrase)] = weight

        names: dict[str, tuple[Optional[str], bool, Optional[float]]] = {}
        owner: dict[str, str] = {}

        def add(key: str, unit: Optional[str], weak: bool, e: dict, surface: str) -> None:
            if not key:
                raise RuleError(e["_file"], e["id"], f"name {surface!r} has no letters")
            if key in owner and owner[key] != e["id"]:
                raise RuleError(e["_file"], e["id"], f"name {surface!r} is also a name of {owner[key]!r}")
            owner[key] = e["id"]
            words = key.split()
            own = next((cues[" ".join(words[:k])] for k in range(len(words) - 1, 0, -1)
                        if " ".join(words[:k]) in cues), None)
            # A name that opens on a cue (`TP.HCM`) is the city's everyday name, no stronger
            # than a bare `Hà Nội`: its cue lowers it (a weak alias made a name) but never raises
            # it, or a bulletin naming "Hà Nội và TP.HCM" would be about TP.HCM.
            if own is not None:
                own = min(own, 1.0)
            names[key] = (unit, weak, own)

        for e in entries:
            for surface in [e["name"], *(e.get("aliases") or [])]:
                add(name_key(surface), e["id"], False, e, surface)
            for surface in e.get("weak_aliases") or []:
                add(name_key(surface), e["id"], True, e, surface)
        for e in rulebook.section("not_provinces"):
            _check_fields(e, {"id", "names", "examples"})
            _check_strings(e, "names", required=True)
            _check_strings(e, "examples")
            for surface in e["names"]:
                add(name_key(surface), None, False, e, surface)

        subunit_types: dict[str, tuple[tuple[str, ...], float]] = {}
        for e in rulebook.section("subunit_types"):
            _check_fields(e, {"id", "dataset", "weight", "before", "examples"})
            datasets = [e.get("dataset")] if isinstance(e.get("dataset"), str) else e.get("dataset")
            if not isinstance(datasets, list) or not datasets or \
                    not all(isinstance(d, str) and name_key(d) for d in datasets):
                raise RuleError(e["_file"], e["id"], "'dataset' must name a type of the dataset, or a list of them")
            weight = _check_weight(e)
            _check_strings(e, "before", required=True)
            _check_examples(e, ("text", "province"))
            for word in e["before"]:
                subunit_types[word] = (tuple(name_key(d) for d in datasets), weight)

        lines: list[tuple[str, float]] = []
        for e in rulebook.section("province_lines"):
            _check_fields(e, {"id", "weight", "labels", "examples"})
            weight = _check_weight(e)
            _check_strings(e, "labels", required=True)
            _check_examples(e, ("text", "province"))
            lines.extend((label, weight) for label in e["labels"])

        issuers: list[tuple[str, float]] = []
        prefixes: list[str] = []
        for e in rulebook.section("national_issuers"):
            _check_fields(e, {"id", "weight", "names", "after", "examples"})
            weight = _check_weight(e)
            _check_strings(e, "names", required=True)
            _check_strings(e, "after")
            _check_examples(e, ("text", "province"))
            issuers.extend((n, weight) for n in e["names"])
            prefixes.extend(e.get("after") or [])

        national_cues: list[tuple[str, float]] = []
        comparisons: list[str] = []
        for e in rulebook.section("national_cues"):
            _check_fields(e, {"id", "weight", "phrases", "not_after", "examples"})
            weight = _check_weight(e)
            _check_strings(e, "phrases", required=True)
            _check_strings(e, "not_after")
            _check_examples(e, ("text", "province"))
            national_cues.extend((phrase, weight) for phrase in e["phrases"])
            comparisons.extend(e.get("not_after") or [])

        kinds: list[str] = []
        plans: list[str] = []
        reviews: list[str] = []
        reviewed_openers: list[str] = []
        for e in rulebook.section("document_titles"):
            _check_fields(e, {"id", "kinds", "plans", "reviews", "reviewed_openers", "examples"})
            _check_strings(e, "kinds", required=True)
            for field in ("plans", "reviews", "reviewed_openers"):
                _check_strings(e, field)
            _check_examples(e, ("text", "expect"))
            kinds.extend(e["kinds"])
            plans.extend(e.get("plans") or [])
            reviews.extend(e.get("reviews") or [])
            reviewed_openers.extend(e.get("reviewed_openers") or [])

        old_name_marks: list[str] = []
        for e in rulebook.section("old_name_marks"):
            _check_fields(e, {"id", "after", "examples"})
            _check_strings(e, "after", required=True)
            _check_examples(e, ("text", "province"))
            old_name_marks.extend(e["after"])

        rules = [_period_rule(e) for e in rulebook.section("periods")]
        return cls(units, names, cues, rules, subunit_types, lines, kinds, issuers, prefixes, national_cues,
                   comparisons, plans, reviews, reviewed_openers, old_name_marks)

    # -- public ------------------------------------------------------------------------------
    def resolve(self, name: str) -> Optional[tuple[str, str]]:
        """(canonical name, post-2025 unit name) of a place name, or None if it is none."""
        found = self._names.get(name_key(name))
        if not found or found[0] is None:
            return None
        unit = self.units[found[0]]
        return unit.name, self.units[unit.now].name

    def find(self, text: str, normalized: bool = False) -> Context:
        """The context of a document from its head; `normalized`: the text already went
        through normalize.normalize (the pipeline's case), so it is not done again."""
        if not normalized:
            text = canonical_tones(unicodedata.normalize("NFC", text))
        document_title, planned = self._document_title(text)
        title = _title_spans(text) + document_title
        date, deferred = self._dates(text[:DATE_HEAD_CHARS])
        period = self._period(text, title, date, document_title if planned else [])
        unit = self._province(text, title, _report_year(period, date))
        if deferred and period:
            years = set(_YEAR.findall(period))
            if len(years) == 1:  # a year-less dateline takes the year of a one-year period
                year = int(years.pop())
                for pos, rule, env in deferred:
                    value = rule.value.render({**env, "year": year})
                    if value and valid_value(value) and (date is None or pos < date[0]):
                        date = (pos, value)
        return Context(unit.name if unit else None, self.units[unit.now].name if unit else None,
                       period, date[1] if date else None)

    def _document_title(self, text: str) -> tuple[list[tuple[int, int, float]], bool]:
        """The title of an official document: the lines under the name of its kind (`BÁO CÁO`,
        `KẾ HOẠCH` …), below the header that fills the first lines, up to a blank line; and
        whether the kind is a plan's (its title may name a period after its date)."""
        if not self._kinds:
            return [], False
        pos = 0
        for line in text[:DOC_KIND_HEAD_CHARS].split("\n"):
            pos += len(line) + 1
            if len(line) <= DOC_KIND_MAX_CHARS and line.strip():
                words = name_key(line).split()
                if words and _NUMBER_WORD.fullmatch(words[-1]):
                    words.pop()  # `Phụ lục II`, `Biểu 2`
                kind = " ".join(words)
                if kind in self._kinds:
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
        return spans, kind in self._plans or (kind in self._reviews and bool(spans) and self._names_plan(lines[0]))

    def _names_plan(self, title: str) -> bool:
        """Whether a title opens on the name of a plan's kind, past the words that introduce
        the document reviewed ("Dự thảo Nghị quyết …", "Về việc ban hành Kế hoạch …")."""
        key = name_key(title)
        for opener in self._reviewed_openers:
            if key.startswith(opener + " "):
                key = key[len(opener) + 1:]
                break
        return any(key == plan or key.startswith(plan + " ") for plan in self._plans)

    # -- province ----------------------------------------------------------------------------
    def _province(self, text: str, title: list[tuple[int, int]], year: Optional[int] = None) -> Optional[Unit]:
        """The unit the report is about; `year`, the last year it reports on, rules out a unit
        that came to be after it (a 2023 report on "Huế" is about Thừa Thiên Huế)."""
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        quiet = self._quiet_lines(text)

        title_end = max((e for _, e, _ in title), default=0)

        def where(start: int) -> float:
            factor = _factor(start, title) if start < title_end else 1.0
            for s, e, w in quiet:
                if s <= start < e:
                    factor *= w
            return factor

        def add(unit: str, weight: float, start: int) -> None:
            scores[unit] = scores.get(unit, 0.0) + weight
            first[unit] = min(first.get(unit, start), start)

        named: list[tuple[int, int, str, float]] = []
        for run in _RUN.finditer(text):
            for offset, end, unit, weak, own in self._mentions(run.group()):
                start = run.start() + offset
                weight = self._cue(text, start)
                if weight is None:
                    weight = own if own is not None else (WEAK_WEIGHT if weak else 1.0)
                if weight > 0:
                    named.append((start, run.start() + end, unit, weight))
        if self._old_name_mark and self._before_merger_in(year) and any(
                self.units[unit].now != unit and self._old_name_mark.match(text, end) for _, end, unit, _ in named):
            # Written after the merger, whatever year its figures are of: the old provinces it
            # names count for the units they are now part of.
            year = self._merger_year
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
        for start, candidates, weight in self._subunits(text):
            weight *= where(start)
            if weight <= 0:
                continue
            if len(candidates) == 1:
                add(candidates[0], weight, start)
            else:
                ambiguous.append((start, candidates, weight))
        if ambiguous:
            support = self._groups(scores, year)
            for start, candidates, weight in ambiguous:
                ranked = sorted(candidates, key=lambda u: (support.get(self._unit_then(u, year), 0.0),
                                                           scores.get(u, 0.0)), reverse=True)
                top = support.get(self._unit_then(ranked[0], year), 0.0)
                if top > 0 and top > support.get(self._unit_then(ranked[1], year), 0.0):
                    add(ranked[0], weight, start)
                elif len({self._unit_then(u, year) for u in candidates}) == 1:
                    add(ranked[0], weight, start)  # all in one unit then: any of them will do

        if not scores:
            return None
        groups = sorted(self._groups(scores, year).items(), key=lambda g: g[1], reverse=True)
        national = self._national(text, title)  # the evidence that the report is the country's
        best, total = groups[0][1], sum(g[1] for g in groups) + national
        second = max(groups[1][1] if len(groups) > 1 else 0.0, national)
        if best < MIN_SCORE or best < DOMINANCE * second or best < SHARE * total:
            return None
        if self._before_merger_in(year):
            return self.units[groups[0][0]]
        members = [u for u in scores if self.units[u].now == groups[0][0]]
        return self.units[max(members, key=lambda u: (scores[u], -first[u]))]

    def _national(self, text: str, title: list[tuple[int, int, float]]) -> float:
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
                found += weight * self._count_national(folded, phrase)
                if title_end:
                    i = folded.find(phrase, 0, title_end)
                    while i >= 0:
                        found += weight * (_factor(i, title) - 1)
                        i = folded.find(phrase, i + 1, title_end)
        return found

    def _count_national(self, folded: str, phrase: str) -> int:
        """How often `phrase` speaks of the whole country in `folded`: not as a comparison."""
        if self._comparison is None:
            return folded.count(phrase)
        n, at = 0, folded.find(phrase)
        while at >= 0:
            n += self._comparison.search(folded, max(0, at - _COMPARISON_REACH), at) is None
            at = folded.find(phrase, at + 1)
        return n

    def _groups(self, scores: dict[str, float], year: Optional[int]) -> dict[str, float]:
        """The evidence of each unit of the report's time (`_unit_then`)."""
        groups: dict[str, float] = {}
        for unit, score in scores.items():
            then = self._unit_then(unit, year)
            groups[then] = groups.get(then, 0.0) + score
        return groups

    def _before_merger_in(self, year: Optional[int]) -> bool:
        return year is not None and self._merger_year is not None and year < self._merger_year

    def _unit_then(self, unit: str, year: Optional[int]) -> str:
        """The unit a mention of `unit` counts for in a report on `year`: after the 2025 merger
        (or with no year) the post-2025 unit, with the units merged into it; before it the
        province itself (a 2023 feature on Đà Nẵng and Hội An, Quảng Nam, names two provinces),
        and a later name for the province of that time ("Huế" for Thừa Thiên Huế)."""
        if not self._before_merger_in(year):
            return self.units[unit].now
        earlier = self._before_merger.get(unit)
        return earlier[0] if earlier and len(earlier) == 1 and self.units[unit].since > year else unit

    def _subunits(self, text: str) -> Iterator[tuple[int, tuple[str, ...], float]]:
        """(start, candidate province ids, weight) of each district or commune named after
        the word of its type; names that are a province's (`thành phố Hà Nội`) are the
        province's mentions, read above."""
        if self._subunit is None:
            return
        if admin_units.load_index(name_key) is None:
            return
        for m in self._subunit.finditer(text, 0, DETAIL_HEAD_CHARS):
            written = m.group("type")
            found_type = self._subunit_types.get(written.lower())
            if found_type is None:  # spaced or spelt otherwise: `thị  xã`
                found_type = self._subunit_types[name_key(written)]
            dataset_types, weight = found_type
            for start, text_name in zip(m.starts("name"), m.captures("name")):
                candidates = self._subunit_candidates(dataset_types, text_name)
                if candidates:
                    yield start, candidates, weight

    def _subunit_candidates(self, dataset_types: tuple[str, ...], text_name: str) -> tuple[str, ...]:
        """The provinces that have a unit of one of these types (the first that has one) and
        this name (its longest leading words that are one), none if it is a province's own name
        (`thành phố Cần Thơ`)."""
        index = admin_units.load_index(name_key)
        words = [w.group().casefold() for w in _WORD.finditer(text_name)]
        found: tuple[str, ...] = ()
        for k in range(min(len(words), 6), 0, -1):
            name = " ".join(words[:k])
            found = next((f for f in (admin_units.lookup(index, t, name) for t in dataset_types) if f), ())
            if found:
                break
        else:
            return ()
        province = self._names.get(name)
        if province and province[0] is not None and self.units[province[0]].type in dataset_types:
            return ()
        return tuple(sorted({u for u in (self._unit_of(p) for p in found) if u}))

    def _unit_of(self, dataset_name: str) -> Optional[str]:
        found = self._names.get(name_key(dataset_name))
        return found[0] if found else None

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
            last = _WORD.findall(before[-1].lower()) if before else ()
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

    def _mentions(self, run: str) -> tuple[Mention, ...]:
        """Each province named in a run of capitalised words, the longest name winning; the
        places that are no province are read (so their words name nothing else), then dropped."""
        if self._firsts.isdisjoint(_WORD.findall(run.casefold())):
            return ()  # most capitalised runs name no place: skip them cheaply
        spans = list(_WORD.finditer(run))
        words = [m.group().casefold() for m in spans]
        mentions = []
        i = 0
        while i < len(words):
            for k in range(min(self._max_name, len(words) - i), 0, -1):
                found = self._names.get(" ".join(words[i:i + k]))
                if found:
                    break
            else:
                i += 1
                continue
            if found[0] is not None:
                mentions.append((spans[i].start(), spans[i + k - 1].end(), *found))
            i += k
        return tuple(mentions)

    def _cue(self, text: str, start: int) -> Optional[float]:
        """The weight of the longest cue ending right before `start`, if any."""
        window = text[max(0, start - _CUE_WINDOW):start]
        gap = _CUE_GAP.search(window)
        if not gap:
            return None
        # The words before the gap, the last first: its last word tells how many can be a cue.
        back = _WORD_BACK.finditer(window, 0, gap.start() + 1)
        last = next(back).group().casefold()
        most = self._cue_ends.get(last)
        if most is None:
            return None
        before = [last, *(m.group().casefold() for m in islice(back, most - 1))]
        for k in range(len(before), 0, -1):
            weight = self._cues.get(" ".join(reversed(before[:k])))
            if weight is not None:
                return weight
        return None

    # -- period and date ---------------------------------------------------------------------
    def _rendered(self, text: str, gives: str) -> Iterator[tuple[PeriodRule, int, int, dict, Optional[str]]]:
        """Each match (rule, start, end, named values, rendered value) of the rules that give `gives`."""
        places = LeadPlaces(text)
        for rule in self.rules:
            if rule.gives == gives:
                for start, end, env in rule.matches(text, places):
                    yield rule, start, end, env, rule.value.render(env)

    def _dates(self, text: str):
        """The earliest dateline (position, value), and year-less ones kept for later."""
        best: Optional[tuple[int, str]] = None
        deferred = []
        for rule, start, _, env, value in self._rendered(text, "date"):
            if value is None:
                if rule.lacks_only_year(env):
                    deferred.append((start, rule, env))
                continue
            if valid_value(value) and (best is None or start < best[0]):
                best = (start, value)
        return best, deferred

    def _period(self, text: str, title, date: Optional[tuple[int, str]], plan_title=()) -> Optional[str]:
        """The period the report covers; `plan_title`, the title of a plan, may name one after
        the report's date (a plan for 2025 issued in December 2024)."""
        dated_year = last_year(date[1]) if date else None
        found = []
        for rule, start, end, env, value in self._rendered(text, "period"):
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
            weight = -neg_weight * _factor(start, title)
            scores[value] = scores.get(value, 0.0) + weight
            first[value] = min(first.get(value, start), start)
        if not scores:
            # A report that names no period is of the year it is dated in: "Cần Thơ, ngày 28
            # tháng 10 năm 2025 / BÁO CÁO Tiến độ hợp nhất cơ sở dữ liệu".
            return str(dated_year) if dated_year is not None else None
        return max(scores, key=lambda v: (scores[v], -first[v]))


def last_year(stamp: Optional[str]) -> Optional[int]:
    """The last year a period or date names ("2021/2025" -> 2025, "2023-12-05" -> 2023)."""
    years = _YEAR.findall(stamp or "")
    return max(map(int, years)) if years else None


def _report_year(period: Optional[str], date: Optional[tuple[int, str]]) -> Optional[int]:
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


def _words_pattern(words) -> str:
    """An alternation of phrases, the longest first, their spaces any run of blanks."""
    parts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"[^\S\n]+".join(regex.escape(p) for p in w.split()) for w in parts)


def _subunit_pattern(types: dict) -> Optional[regex.Pattern]:
    """The word of a unit's type (any case), then its name: capitalised words, or a list of
    names (`các huyện Mường Nhé, Nậm Pồ và Tủa Chùa`; a name after a type word of its own is a
    match of its own: `TP Thủ Dầu Một, TP Thuận An`). The pattern opens on the first name's
    first capital, the type read back in a look-behind."""
    if not types:
        return None
    word = r"\p{Lu}\w*(?:['’ʼ]\w+)*"  # `M'gar`, `H'leo`: the Central Highlands' names
    name = r"(?P<name>" + word + r"(?:(?:[^\S\n]+|[^\S\n]*[-‐‑‒–—−][^\S\n]*)" + word + r")*)"
    type_words = _words_pattern(types)
    return regex.compile(r"(?<=(?<!\w)(?P<type>(?i:" + type_words + r"))(?:[^\S\n]*\.[^\S\n]*|[^\S\n]+))"
                         + name + r"(?:(?:[^\S\n]*,|[^\S\n]+và)[^\S\n]+(?!(?i:" + type_words + r")[.\s])" + name + ")*")


def _title_spans(text: str) -> list[tuple[int, int, float]]:
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


def _factor(pos: int, spans: list[tuple[int, int, float]]) -> float:
    """How many times a mention at `pos` counts: its zone's factor, else once."""
    return max((f for s, e, f in spans if s <= pos < e), default=1.0)

# -- validation -----------------------------------------------------------------------------
def _check_fields(e: dict, allowed: set[str]) -> None:
    unknown = set(e) - allowed - {"_file"}
    if unknown:
        raise RuleError(e["_file"], e.get("id"), f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")


def _check_weight(e: dict) -> float:
    """The entry's `weight`, a number >= 0."""
    weight = e.get("weight")
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
        raise RuleError(e["_file"], e["id"], "'weight' must be a number >= 0")
    return float(weight)


def _check_strings(e: dict, field: str, required: bool = False) -> None:
    value = e.get(field)
    if value is None and not required:
        return
    if not isinstance(value, list) or (required and not value) or not all(isinstance(v, str) for v in value):
        raise RuleError(e["_file"], e.get("id"), f"'{field}' must be a {'non-empty ' if required else ''}list of strings")


def _check_examples(e: dict, keys: tuple[str, str]) -> None:
    examples = e.get("examples") or []
    if not isinstance(examples, list):
        raise RuleError(e["_file"], e.get("id"), "'examples' must be a list")
    for ex in examples:
        if not isinstance(ex, dict) or set(ex) != set(keys) or not isinstance(ex[keys[0]], str):
            raise RuleError(e["_file"], e.get("id"), f"example {ex!r} must be a mapping of {' and '.join(keys)}")


def _period_rule(e: dict) -> PeriodRule:
    file, rid = e["_file"], e["id"]
    _check_fields(e, {"id", "gives", "weight", "pattern", "value", "year", "examples", "none"})
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
        pattern = regex.compile(e["pattern"], regex.IGNORECASE)
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
    _check_examples(e, ("text", "expect"))
    _check_strings(e, "none")
    return PeriodRule(rid, e["gives"], float(weight), pattern, template, dated_year="year" in e,
                      leads=tuple(dict.fromkeys(lead.casefold() for lead in opening_literals(e["pattern"]))))
