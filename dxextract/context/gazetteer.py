"""The gazetteer of rules/provinces.yaml: the provinces and cities (each with the unit it is
part of since the 2025 merger), the names and weak aliases they go by, the places that are
no province, and the cues that say a name is a province's (`tỉnh`, `UBND tỉnh`); and the
reading of the names and cues in a run of capitalised words."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Optional

import regex

from ..normalize import fold
from ..rules import RuleError
from .rule_checks import check_examples, check_fields, check_strings, check_weight

UNIT_TYPES = ("tỉnh", "thành phố")
WORD = regex.compile(r"\w+")
_WORD_BACK = regex.compile(r"\w+", regex.REVERSE)  # the words before a point, the nearest first
# A cue ends a word, then a space or "TP.". Searched from the end (REVERSE): the gap can only
# stand there, and a forward search would try every position of the window first.
_CUE_GAP = regex.compile(r"\w(?:[^\S\n]+|\.[^\S\n]*)$", regex.REVERSE)
_CUE_WINDOW = 64
RUN_CACHE_SIZE = 1 << 14  # the runs and names read: each kept once
DETAIL_HEAD_CHARS = 8192   # districts, communes and the country's phrases are read this far: a
                           # report says early what it is about, and reading them costs


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    now: str  # id of the post-2025 unit
    since: Optional[int] = None  # the year a unit that did not exist among the 63 came to be


# A province named in a run of capitalised words: (offset in the run, end offset, unit id, weak,
# own cue weight)
Mention = tuple[int, int, str, bool, Optional[float]]


def name_key(text: str) -> str:
    """The key a place name is looked up by: folded words, separators dropped."""
    return " ".join(WORD.findall(fold(text)))


class Gazetteer:
    """The units, their names and the cues before them; `mentions(run)`, the provinces a run
    of capitalised words names."""

    def __init__(self, units: dict[str, Unit], names: dict[str, tuple[Optional[str], bool, Optional[float]]],
                 cues: dict[str, float], heading_cues: Optional[dict[str, float]] = None):
        self.units = units
        self.names = names  # key -> (unit id, or None for a place that is no province; weak; own cue weight)
        self._max_name = max((k.count(" ") + 1 for k in names), default=1)
        self._firsts = frozenset(k.split(" ")[0] for k in names)
        self._cues = cues
        # Cues that head a line of the title zone, the issuer's name (`BÁO BẮC GIANG ĐIỆN TỬ`):
        # their weight there
        self.heading_cues = heading_cues or {}
        self._cue_ends: dict[str, int] = {}  # the last word of a cue -> the most words of a cue ending on it
        for key in cues:
            words = key.split(" ")
            self._cue_ends[words[-1]] = max(len(words), self._cue_ends.get(words[-1], 0))
        # Runs repeat within and across reports ("UBND", "Ban Chỉ đạo"): each read once.
        self.mentions = lru_cache(maxsize=RUN_CACHE_SIZE)(self.mentions)

    @classmethod
    def from_rulebook(cls, rulebook) -> "Gazetteer":
        units: dict[str, Unit] = {}
        entries = rulebook.section("provinces")
        for e in entries:
            check_fields(e, {"id", "name", "type", "now", "since", "aliases", "weak_aliases", "examples", "none"})
            if not isinstance(e["id"], str) or not e["id"]:
                raise RuleError(e["_file"], None, f"province id must be a non-empty string, not {e['id']!r}")
            if not isinstance(e.get("name"), str) or not name_key(e["name"]):
                raise RuleError(e["_file"], e["id"], "'name' must be a non-empty string")
            if e.get("type") not in UNIT_TYPES:
                raise RuleError(e["_file"], e["id"], f"'type' must be one of {', '.join(UNIT_TYPES)}")
            if "since" in e and not isinstance(e["since"], int):
                raise RuleError(e["_file"], e["id"], "'since' must be a year")
            for field in ("aliases", "weak_aliases", "examples", "none"):
                check_strings(e, field)
            units[e["id"]] = Unit(e["id"], e["name"], e["type"], e.get("now") or e["id"], e.get("since"))
        for e in entries:
            target = units.get(units[e["id"]].now)
            if target is None:
                raise RuleError(e["_file"], e["id"], f"'now' names an unknown province {e.get('now')!r}")
            if target.now != target.id:
                raise RuleError(e["_file"], e["id"], f"'now' must name a post-2025 unit; {target.id!r} is now {target.now!r}")

        cues: dict[str, float] = {}
        heading_cues: dict[str, float] = {}
        for e in rulebook.section("province_cues"):
            check_fields(e, {"id", "weight", "heading_weight", "before", "examples"})
            weight = check_weight(e)
            heading = check_weight(e, "heading_weight") if "heading_weight" in e else None
            check_strings(e, "before", required=True)
            check_examples(e, ("text", "province"))
            for phrase in e["before"]:
                cues[name_key(phrase)] = weight
                if heading is not None:
                    heading_cues[name_key(phrase)] = heading

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
            check_fields(e, {"id", "names", "examples"})
            check_strings(e, "names", required=True)
            check_strings(e, "examples")
            for surface in e["names"]:
                add(name_key(surface), None, False, e, surface)
        return cls(units, names, cues, heading_cues)

    def resolve(self, name: str) -> Optional[tuple[str, str]]:
        """(canonical name, post-2025 unit name) of a place name, or None if it is none."""
        found = self.names.get(name_key(name))
        if not found or found[0] is None:
            return None
        unit = self.units[found[0]]
        return unit.name, self.units[unit.now].name

    def unit_of(self, dataset_name: str) -> Optional[str]:
        """The id of the province a dataset's province name is, if one."""
        found = self.names.get(name_key(dataset_name))
        return found[0] if found else None

    def mentions(self, run: str) -> tuple[Mention, ...]:
        """Each province named in a run of capitalised words, the longest name winning; the
        places that are no province are read (so their words name nothing else), then dropped."""
        if self._firsts.isdisjoint(WORD.findall(run.casefold())):
            return ()  # most capitalised runs name no place: skip them cheaply
        spans = list(WORD.finditer(run))
        words = [m.group().casefold() for m in spans]
        mentions = []
        i = 0
        while i < len(words):
            for k in range(min(self._max_name, len(words) - i), 0, -1):
                found = self.names.get(" ".join(words[i:i + k]))
                if found:
                    break
            else:
                i += 1
                continue
            if found[0] is not None:
                mentions.append((spans[i].start(), spans[i + k - 1].end(), *found))
            i += k
        return tuple(mentions)

    def cue(self, text: str, start: int) -> Optional[float]:
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
