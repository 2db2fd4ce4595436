"""The indicator catalogue: which recognised indicator of digital transformation a record's
label names (`rules/indicators.yaml`, section `indicators`; the alias language is described
at the top of that file).

Labels and aliases go through the same key: `normalize.fold` (case, Unicode form, tone
placement, spacing), then the abbreviations of section `indicator_synonyms` spelled out
(`DVCTT` -> `dịch vụ công trực tuyến`, `tỉ` -> `tỷ`), then split into words. Aliases are
compiled once into word sequences indexed by kind and first word, so `match` looks only at
the aliases that begin with a word of the label (a few dozen at most), and a dict remembers
labels already seen. A big regex alternation was tried first: it compiled in ~0.1 s per kind
and scanned in ~2 ms per label, because every position retried every gap.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Optional

import regex

from .normalize import fold
from .records import KINDS
from .rules import RuleError

PILLARS = ("chinh_quyen_so", "kinh_te_so", "xa_hoi_so", "ha_tang_so", "nhan_luc_so",
           "an_toan_thong_tin", "tong_hop")

GAP_WORDS = 10  # how many words a "…" in an alias may skip
_GAP_TOKENS = ("…", "...")
_HARD = frozenset(";()[]{}")  # no alias, and no gap, reaches across these
_WORD = regex.compile(r"\w+|[;()\[\]{}]")
_CODE = regex.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
_FIELDS = {"code", "name", "pillar", "kinds", "unit", "aliases", "excludes", "examples", "none",
           "note", "_file"}
# Labels met, remembered: 8192 keep nearly all the hits of 65536 (1000 reports: 12% more
# misses), and a long archive's memory stays small.
_CACHE_SIZE = 1 << 13


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    pillar: str
    kinds: tuple[str, ...]
    unit: Optional[str]
    aliases: tuple[str, ...]
    excludes: tuple[str, ...] = ()


class Speller:
    """fold() plus the abbreviations spelled out: the key labels and aliases share."""

    def __init__(self, synonyms: Mapping[str, str]):
        self._means = {fold(form): fold(means) for form, means in synonyms.items()}
        forms = sorted(self._means, key=lambda f: (-len(f), f))
        self._pattern = (regex.compile(r"(?<!\w)(?:" + "|".join(map(regex.escape, forms)) + r")(?!\w)")
                         if forms else None)

    def __call__(self, text: str) -> str:
        text = fold(text)
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._means[m.group()], text)


def words(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The words (runs of letters and digits) of a spelled text, and for each whether a
    hard separator (`;`, a bracket) follows it."""
    out: list[str] = []
    hard: list[bool] = []
    for tok in _WORD.findall(text):
        if tok in _HARD:
            if hard:
                hard[-1] = True
        else:
            out.append(tok)
            hard.append(False)
    return tuple(out), tuple(hard)


@dataclass(frozen=True)
class Phrase:
    """A compiled alias: its words, each with whether a gap may precede it."""

    steps: tuple[tuple[str, bool], ...]
    start: bool  # must begin the label
    end: bool    # must end the label
    specificity: int
    vocabulary: frozenset  # its words: a label lacking one cannot match

    @classmethod
    def compile(cls, spelled: str) -> "Phrase":
        """Raises ValueError for an alias that is empty, only gaps, or starts/ends with one."""
        tokens = spelled.split()
        start = bool(tokens) and tokens[0] == "^"
        end = bool(tokens) and tokens[-1] == "$"
        tokens = tokens[start:len(tokens) - end]
        steps: list[tuple[str, bool]] = []
        gap = False
        for tok in tokens:
            if tok in _GAP_TOKENS:
                if gap or not steps:
                    raise ValueError(f"alias {spelled!r}: a gap must stand between two words")
                gap = True
                continue
            if "…" in tok or tok in ("^", "$"):
                raise ValueError(f"alias {spelled!r}: '…', '^' and '$' must stand alone")
            tok_words = words(tok)[0]
            for n, word in enumerate(tok_words):
                steps.append((word, gap and n == 0))
            gap = gap and not tok_words
        if not steps or gap:
            raise ValueError(f"alias {spelled!r} must begin and end with a word")
        return cls(tuple(steps), start, end, sum(len(w) + 1 for w, _ in steps),
                   frozenset(w for w, _ in steps))

    def matches_at(self, ws: tuple[str, ...], hard: tuple[bool, ...], i: int) -> bool:
        """Whether the phrase matches the words `ws` starting at word i (ws[i] is its first)."""
        if self.start and i:
            return False
        steps, last = self.steps, len(self.steps) - 1

        def rest(k: int, j: int) -> bool:  # steps[k] matched ws[j]
            if k == last:
                return not self.end or j == len(ws) - 1
            word, gap = steps[k + 1]
            for jj in range(j + 1, min(len(ws), j + 2 + (GAP_WORDS if gap else 0))):
                if hard[jj - 1]:
                    return False
                if ws[jj] == word and rest(k + 1, jj):
                    return True
            return False

        return rest(0, i)

    def search(self, ws: tuple[str, ...], hard: tuple[bool, ...]) -> bool:
        if not self.vocabulary.issubset(ws):
            return False
        first = self.steps[0][0]
        return any(w == first and self.matches_at(ws, hard, i) for i, w in enumerate(ws))


@dataclass(frozen=True)
class _Alias:
    indicator: int   # index into Catalogue.indicators
    phrase: Phrase


class Catalogue:
    """The indicators, and `match(label, kind)` -> the code of the one the label names."""

    def __init__(self, indicators: Iterable[Indicator], synonyms: Mapping[str, str] | None = None):
        self.indicators: tuple[Indicator, ...] = tuple(indicators)
        self.spell = Speller(synonyms or {})
        self._by_code = {ind.code: ind for ind in self.indicators}
        # kind -> first word -> aliases of the indicators that come in that kind
        self._index: dict[str, dict[str, list[_Alias]]] = {kind: {} for kind in KINDS}
        self._excludes: dict[int, tuple[Phrase, ...]] = {}
        for i, ind in enumerate(self.indicators):
            for alias in ind.aliases:
                entry = _Alias(i, Phrase.compile(self.spell(alias)))
                for kind in ind.kinds:
                    self._index[kind].setdefault(entry.phrase.steps[0][0], []).append(entry)
            if ind.excludes:
                self._excludes[i] = tuple(Phrase.compile(self.spell(e)) for e in ind.excludes)
        self._spelled_match = lru_cache(maxsize=_CACHE_SIZE)(self._spelled_match)

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def from_rulebook(cls, rulebook) -> "Catalogue":
        synonyms: dict[str, str] = {}
        for entry in rulebook.section("indicator_synonyms"):
            means, forms = entry.get("means"), entry.get("forms")
            if not isinstance(means, str) or not means.strip():
                raise RuleError(entry["_file"], entry["id"], "'means' must be a non-empty string")
            if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
                raise RuleError(entry["_file"], entry["id"], "'forms' must be a non-empty list of strings")
            for form in forms:
                synonyms[form] = means
        indicators = [_indicator(entry) for entry in rulebook.section("indicators", key="code")]
        return cls(indicators, synonyms)

    # -- lookup --------------------------------------------------------------------------
    def get(self, code: str) -> Optional[Indicator]:
        return self._by_code.get(code)

    def __len__(self) -> int:
        return len(self.indicators)

    def __iter__(self):
        return iter(self.indicators)

    def match(self, label: str | None, kind: str) -> str | None:
        """The code of the indicator `label` names, among those that come in `kind`;
        None when none does (or the kind is unknown)."""
        if not label or kind not in KINDS:
            return None
        return self._spelled_match(label, kind)

    def _spelled_match(self, label: str, kind: str) -> Optional[str]:
        return self._match(self.spell(label), kind)

    def _match(self, text: str, kind: str) -> Optional[str]:
        ws, hard = words(text)
        vocabulary = frozenset(ws)
        index = self._index[kind]
        hits: list[_Alias] = []
        for i, w in enumerate(ws):
            for alias in index.get(w, ()):
                if alias.phrase.vocabulary <= vocabulary and alias.phrase.matches_at(ws, hard, i):
                    hits.append(alias)
        # Most specific first, then catalogue order; the first not excluded wins.
        hits.sort(key=lambda a: (-a.phrase.specificity, a.indicator))
        seen: set[int] = set()
        for alias in hits:
            if alias.indicator in seen:
                continue
            seen.add(alias.indicator)
            excludes = self._excludes.get(alias.indicator, ())
            if not any(p.search(ws, hard) for p in excludes):
                return self.indicators[alias.indicator].code
        return None


def _indicator(entry: dict) -> Indicator:
    """Validate one entry of `indicators` and build its Indicator."""
    file, code = entry.get("_file", "?"), entry.get("code")

    def fail(message: str):
        raise RuleError(file, code if isinstance(code, str) else None, message)

    if not isinstance(code, str) or not _CODE.fullmatch(code):
        fail(f"'code' must be an UPPER_SNAKE ASCII string, not {code!r}")
    unknown = set(entry) - _FIELDS
    if unknown:
        fail(f"unknown field(s): {', '.join(sorted(unknown))}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        fail("'name' must be a non-empty string")
    pillar = entry.get("pillar")
    if pillar not in PILLARS:
        fail(f"'pillar' must be one of {', '.join(PILLARS)}, not {pillar!r}")
    kinds = entry.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        fail("'kinds' must be a non-empty list")
    for kind in kinds:
        if kind not in KINDS:
            fail(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    unit = entry.get("unit")
    if unit is not None and not isinstance(unit, str):
        fail("'unit' must be a string or null")
    for field, required in (("aliases", True), ("excludes", False)):
        phrases = entry.get(field)
        if phrases is None and not required:
            continue
        if not isinstance(phrases, list) or (required and not phrases):
            fail(f"'{field}' must be a {'non-empty ' if required else ''}list of strings")
        for phrase in phrases:
            if not isinstance(phrase, str):
                fail(f"{'alias' if field == 'aliases' else 'exclude'} {phrase!r} is not a string")
            try:
                Phrase.compile(fold(phrase))
            except ValueError as exc:
                fail(str(exc))
    examples = entry.get("examples") or []
    if not isinstance(examples, list):
        fail("'examples' must be a list")
    for ex in examples:
        if not isinstance(ex, dict) or not isinstance(ex.get("label"), str) or set(ex) - {"label", "kind"}:
            fail(f"example {ex!r} must be a mapping of a 'label' string and a 'kind'")
        if ex.get("kind") not in kinds:
            fail(f"example {ex['label']!r} has kind {ex.get('kind')!r}, not one of the indicator's kinds")
    nones = entry.get("none") or []
    if not isinstance(nones, list):
        fail("'none' must be a list")
    for ex in nones:
        if isinstance(ex, str):
            continue
        if (not isinstance(ex, dict) or not isinstance(ex.get("label"), str) or ex.get("kind") not in KINDS
                or set(ex) - {"label", "kind"}):
            fail(f"none entry {ex!r} must be a label string or a mapping with 'label' and a known 'kind'")
    return Indicator(code, name.strip(), pillar, tuple(kinds), unit, tuple(entry["aliases"]),
                     tuple(entry.get("excludes") or ()))
