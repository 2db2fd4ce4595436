"""Districts and communes, each named after the word of its type (`huyện Mường Nhé`,
`xã Tủa Chùa`): the provinces that have a unit of that type and name (rules/provinces.yaml,
section `subunit_types`; the units themselves from the administrative units' dataset)."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Optional

import regex

from .. import admin_units
from ..patterns import stored_pattern
from ..rules import RuleError
from .gazetteer import DETAIL_HEAD_CHARS, RUN_CACHE_SIZE, WORD, Gazetteer, name_key
from .rule_checks import check_examples, check_fields, check_strings, check_weight



class Subunits:
    """The words of the units' types below the province, each with the dataset's types it
    names and its weight."""

    def __init__(self, gazetteer: Gazetteer, subunit_types: Optional[dict[str, tuple[tuple[str, ...], float]]] = None):
        self.gazetteer = gazetteer
        # A unit below the province: the words of its type -> (the dataset's type keys, weight)
        self._types = {name_key(word): v for word, v in (subunit_types or {}).items()}
        self._types.update({word.lower(): v for word, v in (subunit_types or {}).items()})
        self._pattern = _subunit_pattern(subunit_types or {})
        self._ordered_types = list(dict.fromkeys((subunit_types or {}).values()))
        self._candidates = lru_cache(maxsize=RUN_CACHE_SIZE)(self._candidates)

    @classmethod
    def from_rulebook(cls, rulebook, gazetteer: Gazetteer) -> "Subunits":
        subunit_types: dict[str, tuple[tuple[str, ...], float]] = {}
        for e in rulebook.section("subunit_types"):
            check_fields(e, {"id", "dataset", "weight", "before", "examples"})
            datasets = [e.get("dataset")] if isinstance(e.get("dataset"), str) else e.get("dataset")
            if not isinstance(datasets, list) or not datasets or \
                    not all(isinstance(d, str) and name_key(d) for d in datasets):
                raise RuleError(e["_file"], e["id"], "'dataset' must name a type of the dataset, or a list of them")
            weight = check_weight(e)
            check_strings(e, "before", required=True)
            check_examples(e, ("text", "province"))
            for word in e["before"]:
                subunit_types[word] = (tuple(name_key(d) for d in datasets), weight)
        return cls(gazetteer, subunit_types)

    def find(self, text: str) -> Iterator[tuple[int, tuple[str, ...], float]]:
        """(start, candidate province ids, weight) of each district or commune named after
        the word of its type; names that are a province's (`thành phố Hà Nội`) are the
        province's mentions, read above."""
        if self._pattern is None:
            return
        if admin_units.load_index(name_key) is None:
            return
        for m in self._pattern.finditer(text, 0, DETAIL_HEAD_CHARS):
            written = m.group("type")
            found_type = self._types.get(written.lower())
            if found_type is None:  # spaced or spelt otherwise: `thị  xã`
                found_type = self._types[name_key(written)]
            dataset_types, weight = found_type
            for start, text_name in zip(m.starts("name"), m.captures("name")):
                candidates = self._candidates(dataset_types, text_name)
                if candidates:
                    yield start, candidates, weight

    def bare(self, text_name: str) -> tuple[tuple[str, ...], float]:
        """The provinces that have a unit of this name, with no word of its type before it (the
        place of a dateline, `Buôn Ma Thuột, ngày 19/7/2022`), and the weight of its type: the
        types tried in the order of the rules, the first that has one winning."""
        if admin_units.load_index(name_key) is None:
            return (), 0.0
        for dataset_types, weight in self._ordered_types:
            candidates = self._candidates(dataset_types, text_name)
            if candidates:
                return candidates, weight
        return (), 0.0

    def _candidates(self, dataset_types: tuple[str, ...], text_name: str) -> tuple[str, ...]:
        """The provinces that have a unit of one of these types (the first that has one) and
        this name (its longest leading words that are one), none if it is a province's own name
        (`thành phố Cần Thơ`)."""
        index = admin_units.load_index(name_key)
        words = [w.group().casefold() for w in WORD.finditer(text_name)]
        found: tuple[str, ...] = ()
        for k in range(min(len(words), 6), 0, -1):
            name = " ".join(words[:k])
            found = next((f for f in (admin_units.lookup(index, t, name) for t in dataset_types) if f), ())
            if found:
                break
        else:
            return ()
        province = self.gazetteer.names.get(name)
        if province and province[0] is not None and self.gazetteer.units[province[0]].type in dataset_types:
            return ()
        return tuple(sorted({u for u in (self.gazetteer.unit_of(p) for p in found) if u}))


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
    return stored_pattern(r"(?<=(?<!\w)(?P<type>(?i:" + type_words + r"))(?:[^\S\n]*\.[^\S\n]*|[^\S\n]+))"
                          + name + r"(?:(?:[^\S\n]*,|[^\S\n]+và)[^\S\n]+(?!(?i:" + type_words + r")[.\s])" + name + ")*")
