"""Attach meaning to each value: qualifier, role, label, scope and unit.

The cue words and phrase boundaries live in rules/{qualifiers,roles,scope,labels}.yaml;
this package decides where to look, a module per concern: `clauses` (where sentences and
clauses end), `label`, `qualifier`, `role`, `scope`, `unit`. A value that names nothing itself
takes the label and scope of the value before it, which is how a breakdown
`76,2% (cấp tỉnh 68,2%, cấp huyện 82%)` shares one label.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional, Sequence

import regex

from ..rules import Rulebook
from ..claims import Find
from .clauses import clause_end, first_comma, last_hard_end, mask_brackets, sentences_with_finds
from .label import REACH, Around, LabelReader
from .qualifier import QualifierReader
from .role import RoleReader, goal_year_after, past_in_clause
from .scope import NO_SCOPE, SCOPE_REACH, ScopeReader, single
from .unit import UnitReader
from ..patterns import LazyPattern
from .words import BEFORE_REACH, Before, FoldedText, Occurrences, optional_words

# How far back in its sentence a value's reading looks (characters): twice the reach of a label.
_LOOKBACK = 2 * REACH
# Kinds of value that, naming nothing in their sentence, are of what the last one of their kind
# measured (held-out: every such share so answered; a sum, a count or a rank not always: the last
# sum named may be a gap between two places).
_SAID_LAST_KINDS = frozenset(("percent",))
_NUMERIC_ASIDE = regex.compile(r"\h*\(\h*(?:\p{Ll}+\h+){0,2}[\d.,/%\h]+\)")
# The phrase caches take most repeats first: 8192 trimmed spans are enough.
_CLEAN_CACHE_SIZE = 1 << 13
# Phrases around values repeat across reports far more than sentences do. A phrase entry
# holds up to a few hundred characters: 2048 entries a cache keep nine in ten of the hits of
# 8192 on the benchmark archive, at 14 MB less memory.
_PHRASE_CACHE_SIZE = 1 << 11


# The per-value records here are built once per value and never changed after: not frozen,
# since a frozen dataclass's __init__ sets each field through object.__setattr__ (five times
# the cost of a plain slotted one, paid for every value).
@dataclass(slots=True)
class Meaning:
    qualifier: str
    role: str
    label: Optional[str]
    scope: Optional[str]
    unit: Optional[str]


@dataclass(slots=True)
class _Reading:
    meaning: Meaning
    consumed: int   # where this value's own phrase ends: the next value's clause starts after it
    level_end: int  # where the value itself ends


class MeaningFinder:
    """The meaning rules of a rulebook, compiled once."""

    def __init__(self, book: Rulebook, macros: dict, lexicons: dict):
        self.qualifiers = QualifierReader(book, _PHRASE_CACHE_SIZE)
        self.roles = RoleReader(book, self.qualifiers, _PHRASE_CACHE_SIZE)
        self.scopes = ScopeReader(book, macros, lexicons, _PHRASE_CACHE_SIZE)
        self.labels = LabelReader(book, macros, lexicons, self.qualifiers, self.scopes, _PHRASE_CACHE_SIZE,
                                  _CLEAN_CACHE_SIZE)
        self.units = UnitReader(book, lexicons, _PHRASE_CACHE_SIZE)
        self._count_join = optional_words(lexicons.get("counts_as_next"))
        self._counts_as_previous = frozenset(lexicons.get("counts_as_previous", ()))
        # A pure function of its phrase, which repeats from value to value.
        self._scope_side = lru_cache(maxsize=_PHRASE_CACHE_SIZE)(self._scope_side)

    def attach(self, text: str, finds: Sequence[Find], reference_year: Optional[int]) -> list[Meaning]:
        """Meaning for each find (same order), from the normalised text of its block."""
        out: list[Meaning] = []
        block = FoldedText.of(text)
        cue_leads = self.roles.cue_leads(block)
        sentences = sentences_with_finds(text, finds)
        goal_sections = self.roles.goal_sections(text, reference_year)
        # Where the block names a ranking index: read only once a ranking sentence holds a value
        # that names nothing (most ranks name what they rank).
        indexes: Optional[list[tuple[int, str]]] = None
        i = 0
        said: dict[str, str] = {}  # the last label of each kind, for a label that points back
        starts = [f.start for f in finds]
        for (s_start, s_end), frame_from in self.roles.frames(block, sentences, reference_year, starts):
            if i == len(finds) or starts[i] >= s_end:
                continue  # a sentence holding no value (it may still frame those after it)
            previous: Optional[_Reading] = None
            first = i
            # A sentence that ranks names its index later (_label_by_index), not the last label.
            ranking = any(f.kind == "rank" for f in finds[first:bisect.bisect_left(starts, s_end)])
            governing = self.qualifiers.governing_in(block, s_start, s_end)
            while i < len(finds) and finds[i].start < s_end:
                f = finds[i]
                later = starts[i + 1:i + 8]
                framed = frame_from is not None and f.start >= frame_from or \
                    bool(goal_sections) and any(start <= f.start < end for start, end in goal_sections) and \
                    not past_in_clause(text, s_start, f.start, reference_year) or \
                    goal_year_after(text, f.reach_end if f.qualifier == ">=" else f.end, s_end, reference_year)
                # A value reads its sentence back only so far: a sentence a megabyte long must
                # not make each value's reading cost a megabyte.
                reading = self._read(block, cue_leads, governing, f, max(s_start, f.start - _LOOKBACK, 0), s_end, later,
                                     previous, framed)
                label = reading.meaning.label
                if previous is None:
                    reading = self._form_item(text, finds, i, s_start, out, reading)
                    label = reading.meaning.label
                if self.labels.anaphoric(label) or label is None and not ranking and \
                        (f.kind in _SAID_LAST_KINDS or
                         f.kind == "measure" and self.labels.lexicon.place_named.search(text, s_start, f.start)
                         or previous is None and self.labels.parts.opens_part(text[s_start:f.start])):
                    # "ở cấp xã, con số này là 81,2%": this figure is the one said last; so is one
                    # said only of a place ("Lâm Đồng dẫn đầu với 52,1%, Đắk Lắk 41,8%"), or only
                    # of a part opening its sentence ("… là 38,6%. Chia ra thì cấp tỉnh được 61%");
                    # and a share whose sentence names nothing ("Xét theo từng cấp, cấp tỉnh đạt
                    # 94,6%", "Mục tiêu đến năm 2025 là 20%") is one of what was measured last.
                    if previous is not None and previous.meaning.label and finds[i - 1].kind != "fraction" and \
                            self.labels.anaphoric(label):
                        # "Có 512.600 người hưởng lương hưu … nhận qua tài khoản, tỷ lệ này đạt 91,8%":
                        # what a pointing word points at is said last in its sentence, of any kind
                        # (not a part's tally: "riêng tại 27/27 KBNN huyện, tỷ lệ này …").
                        reading = replace(reading, meaning=replace(reading.meaning, label=previous.meaning.label))
                    elif f.kind in said:
                        reading = replace(reading, meaning=replace(reading.meaning, label=said[f.kind]))
                elif label:
                    said[f.kind] = label
                out.append(reading.meaning)
                previous = reading
                i += 1
            if ranking and any(_names_no_index(finds[k], out[k]) for k in range(first, i)):
                if indexes is None:
                    indexes = self.labels.ranks.indexes(text)
                _label_by_index(finds, out, first, i, indexes)
        return _siblings_share(text, finds, out, self._count_join, self._counts_as_previous)

    def _read(self, block: FoldedText, cue_leads: Occurrences, governing: list, f: Find, s_start: int, s_end: int,
              later: list[int], previous: Optional[_Reading], framed: bool) -> _Reading:
        text = block.text
        if f.label is not None:
            # A table cell: its row and column headings already say what it is.
            levels = self.scopes.levels_in(f.label)
            scope = f.scope or (single(levels) if levels else None)
            unit = f.unit
            if unit is None and f.kind in ("count", "fraction"):
                unit = self.units.subject_noun(f.label)  # "Số học viên" counts học viên
            # A column headed only by what kind of figure it holds ("Điểm", "Hạng") in a table
            # of places, or a row headed only by a place, names nothing: the index the text
            # names does (_label_by_index), or what was measured last.
            label = None if self.labels.names_nothing_measured(f.label) else f.label
            cell = Meaning(f.qualifier or "=", f.role or "level", label, None if scope is NO_SCOPE else scope, unit)
            return _Reading(cell, f.end, f.end)
        around = self._around(text, f, s_start, s_end, later, previous)
        reading = self.labels.read(text, f, around, previous.meaning.label if previous else None,
                                   previous is not None, previous.meaning.unit if previous else None)
        right_raw = around.right_raw
        scope_reach = max(reading.phrase_end, first_comma(right_raw))
        scope = self.scopes.level_after(text[f.end:f.end + SCOPE_REACH]) if self.scopes.reads_beyond else None
        if scope is None:
            scope = self.scopes.scope_of(f.kind == "percent", right_raw[:scope_reach], self._scope_side(around.left_raw))
        if scope is NO_SCOPE:
            scope = None
        elif scope is None and previous is not None and \
                (reading.inherited or self.labels.parts.opens_part(around.left_raw)):
            scope = previous.meaning.scope or self.scopes.line_level(text, f.start)
        elif scope is None:
            # "   ▪ Cấp tỉnh: 58.932 hồ sơ, trực tuyến 94,1%": the line's key names the level
            scope = self.scopes.line_level(text, f.start)
        text_before = Before.of(text, max(s_start, f.start - BEFORE_REACH), f.start)
        qualifier = f.qualifier or self.qualifiers.of(text_before, right_raw, block)
        since = s_start if previous is None else previous.level_end if previous.meaning.role != "target" else \
            self.roles.since_goal(text, s_start, previous.level_end, f.start)
        role = f.role or self.roles.of(text, cue_leads, s_start, f, text_before, right_raw, since, framed)
        if qualifier == "=" and role != "target" and governing:
            qualifier = self.qualifiers.governed(block, s_start, f.start, governing) or qualifier
        unit = f.unit
        label = reading.label
        if f.kind in ("count", "fraction"):
            # The noun after the number, else the noun its subject counts ("số hồ sơ … là 40.925").
            unit = self.units.counted_noun(right_raw) or self.units.subject_noun(reading.label) or f.unit
        elif f.kind == "rate" and unit:
            unit = self.units.rate_unit(unit, right_raw)  # "đồng/chứng" of "đồng/chứng thư": the word
        if f.kind == "count" and previous is not None and previous.meaning.label and \
                (self.labels.parts.restates_count(label, unit, role, previous.meaning.label, previous.meaning.unit,
                                                  text, previous.level_end, f.start) or
                 self.labels.parts.tallies_previous(text, previous.consumed, previous.meaning.unit, f.start, label)):
            label = previous.meaning.label
        meaning = Meaning(qualifier, role, label, scope, unit)
        return _Reading(meaning, f.end + reading.phrase_end, f.end)

    def _form_item(self, text: str, finds: Sequence[Find], i: int, s_start: int, out: list[Meaning],
                   reading: _Reading) -> _Reading:
        """A form's bulleted item, the first value of its line, read against the line above:
        "   - Cấp tỉnh: 1.298 thủ tục" under "4. Số TTHC …: 1.652 thủ tục" is a part, at its
        level, of what that line counts; "- Tỷ lệ: 98,94 %" under "- Giải quyết đúng hạn:
        34.588 hồ sơ" restates it."""
        f = finds[i]
        if f.label is not None:
            return reading  # a table's cell: its headings say what it is ("- TP. Sông Công: 41 / 768")
        before = text[s_start:f.start]
        adjacent = bool(out) and "\n\n" not in text[finds[i - 1].end:f.start]
        meaning = reading.meaning
        key = self.labels.parts.part_key(before)
        if key is not None:
            levels = self.scopes.levels_in(key)
            return replace(reading, meaning=replace(meaning, label=out[-1].label if adjacent else meaning.label,
                                                    scope=single(levels) if levels else meaning.scope))
        if adjacent and meaning.label is None and f.kind == "percent" and self.labels.parts.bare_cue(before):
            return replace(reading, meaning=replace(meaning, label=out[-1].label))
        return reading

    def _scope_side(self, left_raw: str) -> str:
        """The clause before a value as its scope is read from. Who acts names no level: "UBND
        tỉnh ban hành 11 văn bản", "Chủ tịch UBND tỉnh cho biết …"; unless it is named by its
        level: "TAND cấp huyện tổ chức 1.172 phiên" are the district courts'."""
        if not self.scopes.may_name_level(left_raw):
            return left_raw
        past = self.labels.past_actor(left_raw)
        return left_raw if past != left_raw and _LEVEL_NAMED.search(left_raw) and not _LEVEL_NAMED.search(past) \
            else past

    @staticmethod
    def _around(text: str, f: Find, s_start: int, s_end: int, later: list[int],
                previous: Optional[_Reading]) -> Around:
        # Brackets closed before the value are asides: "Tỷ lệ X (trừ Y) tại cấp tỉnh đạt 100%".
        before = mask_brackets(text[s_start:f.start])
        clause_start = s_start + last_hard_end(before)
        left_start = max(clause_start, previous.consumed if previous else s_start, f.start - REACH)
        # "100% (21/21) sở, ban, ngành", "445/498 (tỷ lệ 89,4%) trường": a bracketed number
        # right after a value is an aside.
        aside = _NUMERIC_ASIDE.match(text, f.end, s_end)
        right_from = aside.end() if aside else f.end
        # The next value's start, if in the sentence (`later`: the next few values' starts, in order).
        after = bisect.bisect_left(later, right_from)
        following = min(later[after], s_end) if after < len(later) else s_end
        right_stop = clause_end(text, right_from, min(following, s_end, right_from + REACH))
        return Around(s_start, before, clause_start, left_start, before[left_start - s_start:],
                      right_from, text[right_from:right_stop], right_stop == following < s_end)


# A level said as one ("cấp huyện"): an actor named so is the level's (`_scope_side`).
_LEVEL_NAMED = regex.compile(r"(?<![\p{L}\p{M}])cấp\s+(?:tỉnh|huyện|xã)(?![\p{L}\p{M}])", regex.IGNORECASE)
_SIBLING_GAP = regex.compile(r"\h*(?:,\h*)?(?:và\h+|hoặc\h+)?")


def _siblings_share(text: str, finds: Sequence[Find], meanings: list[Meaning],
                    count_join: Optional[LazyPattern] = None,
                    counts_as_previous: frozenset[str] = frozenset()) -> list[Meaning]:
    """Values stated together share what only the first says. The low end of a range counts
    what its high end counts ("từ 35 đến 40 học viên": 35 học viên), and its high end
    changes as its low end does ("tăng 25-30%"); a value joined to a change by "và" or a
    comma is a change too ("giảm lần lượt 13,6% và 44,9%"); a count joined to the next by a
    word of `count_join`, with no noun of its own, counts what that one counts ("2.317 trên
    tổng số 2.904 hộ"); an item of a breakdown read with no noun of its own counts what the
    value before it in the list counts, when its rule is one of `counts_as_previous` ("Hạ Long 3
    trạm, Cẩm Phả 2": 2 trạm)."""
    for k in range(len(finds) - 1):
        low, high = finds[k], finds[k + 1]
        if high.rule in counts_as_previous and low.kind == "count":
            meanings[k + 1] = replace(meanings[k + 1], unit=meanings[k].unit, label=meanings[k].label)
        elif count_join is not None and low.kind == high.kind == "count" and \
                _joined(text, low.end, high.start, count_join):
            meanings[k] = replace(meanings[k], unit=meanings[k + 1].unit, label=meanings[k + 1].label)
        elif low.qualifier == ">=" and high.qualifier == "<=" and \
                (low.reach_start, low.reach_end) == (high.reach_start, high.reach_end):
            if low.kind in ("count", "fraction"):
                meanings[k] = replace(meanings[k], unit=meanings[k + 1].unit)
            if meanings[k].role != "level" and meanings[k + 1].role == "level":
                meanings[k + 1] = replace(meanings[k + 1], role=meanings[k].role)
        elif meanings[k].role == "change" and meanings[k + 1].role == "level" and low.kind == high.kind and \
                _SIBLING_GAP.fullmatch(text, low.end, high.start):
            meanings[k + 1] = replace(meanings[k + 1], role="change")
    return meanings


def _joined(text: str, end: int, start: int, join: LazyPattern) -> bool:
    """Whether only one word of `join`, between spaces, stands between two values."""
    gap = text[end:start]
    return gap[:1].isspace() and gap[-1:].isspace() and join.fullmatch(gap.strip()) is not None


# How far before a ranking sentence the index it ranks by may have been named.
_INDEX_REACH = 2000


def _names_no_index(f: Find, meaning: Meaning) -> bool:
    """Whether a value of a ranking sentence may take the index named before it."""
    return meaning.label is None and f.kind in ("rank", "measure", "percent")


def _label_by_index(finds: Sequence[Find], meanings: list[Meaning], first: int, end: int,
                    indexes: list[tuple[int, str]]) -> None:
    """In a sentence that ranks, the values that name nothing themselves (who is ranked is
    no label) take the index the text named last before them; a table's cell with no index
    named near keeps its column's heading ("Tổng điểm", "Xếp hạng" of a competition's table)."""
    starts = [at for at, _ in indexes]
    for k in range(first, end):
        if not _names_no_index(finds[k], meanings[k]):
            continue
        last = bisect.bisect_left(starts, finds[k].start) - 1
        if last >= 0 and starts[last] >= finds[k].start - _INDEX_REACH:
            meanings[k] = replace(meanings[k], label=indexes[last][1])
        elif finds[k].label:
            meanings[k] = replace(meanings[k], label=finds[k].label)
