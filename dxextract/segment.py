"""Sentences and words, by underthesea, each mapped back to exact character spans.

underthesea rewrites some tokens (`Hoà` -> `Hòa`) and merges a number with the next
word (`1.482 Tổ`), so its output is never trusted for offsets: every token is located
again in the text, syllable by syllable, and number tokens are split off. Only the
phrases the label rules ask about are tokenised, a comma piece at a time and only as far
as the reader goes, each distinct piece once (press releases repeat their indicator
phrases endlessly), which is what keeps a whole archive fast: tokenising everything runs
at well under 200 KB/s.

underthesea is imported on first use, so `--help` and number-free input never load it.
Only its two tokenizers are loaded, not the whole package (see `_tokenizers`): that and
reading the word model with the C unpickler halve what a one-report run spends starting.
"""
from __future__ import annotations

import importlib
import importlib.util
import pickle
import re
import sys
import threading
import types
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import regex

from .normalize import fold

_SYLLABLE = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[.,/][\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]")
_LINE = regex.compile(r"[^\r\n]+")


class _Tokenizers:
    """underthesea's `sent_tokenize` and `word_tokenize`, the very functions it exports."""

    def __init__(self, sent_tokenize: Callable, word_tokenize: Callable):
        self.sent_tokenize = sent_tokenize
        self.word_tokenize = word_tokenize


_LOAD_LOCK = threading.Lock()
_LOADED: list[_Tokenizers] = []


def _underthesea() -> _Tokenizers:
    if not _LOADED:
        with _LOAD_LOCK:  # dask runs threads: load once
            if not _LOADED:
                _LOADED.append(_tokenizers())
    return _LOADED[0]


def _tokenizers() -> _Tokenizers:
    """Load underthesea's two tokenizers, as cheaply as this underthesea allows.

    `import underthesea` costs ~0.6 s, most of it for what dxextract never calls (NER,
    chunking, POS tagging, classification, which pulls in `requests`), and the first
    `word_tokenize` ~0.3 s more, reading its dictionary with joblib's pure-Python unpickler.
    So, unless the program already imported underthesea, only the tokenizer modules are
    imported, under a placeholder for the package that is removed at once (a later
    `import underthesea` elsewhere gets the real package), and the word model is read with
    the C unpickler. The functions are underthesea's own, so the words are the same. If
    this underthesea is laid out differently, the plain import is used.
    """
    if "underthesea" not in sys.modules:
        try:
            return _tokenizers_only()
        except Exception:  # noqa: BLE001 - any surprise: fall back to the documented API
            pass
    import underthesea  # noqa: PLC0415 - deliberately lazy

    return _Tokenizers(underthesea.sent_tokenize, underthesea.word_tokenize)


def _tokenizers_only() -> _Tokenizers:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("underthesea is not a package here")
    before = set(sys.modules)
    placeholder = types.ModuleType("underthesea")
    placeholder.__path__ = list(spec.submodule_search_locations)
    placeholder.__spec__ = spec
    placeholder.__package__ = "underthesea"
    sys.modules["underthesea"] = placeholder
    if "joblib" not in sys.modules:
        # The tokenizer modules only call joblib.load on plain pickles; importing joblib
        # costs more than the rest of them together. A stand-in serves while they import.
        sys.modules["joblib"] = _JoblibStandIn("joblib")
    try:
        # The package's own __init__ imports text_normalize first; word_tokenize needs that order.
        importlib.import_module("underthesea.pipeline.text_normalize")
        words = importlib.import_module("underthesea.pipeline.word_tokenize")
        sentences = importlib.import_module("underthesea.pipeline.sent_tokenize")
        _load_word_model(words)
        return _Tokenizers(sentences.sent_tokenize, words.word_tokenize)
    finally:
        for name in set(sys.modules) - before:
            if name in ("underthesea", "joblib") or name.startswith("underthesea."):
                del sys.modules[name]


class _JoblibStandIn(types.ModuleType):
    """`joblib.load` for files that are ordinary pickles, which is what underthesea's
    tokenizers read; anything else raises and the plain import is used instead."""

    @staticmethod
    def load(filename, mmap_mode=None):
        with open(filename, "rb") as f:
            return pickle.load(f)


def _load_word_model(words: types.ModuleType) -> None:
    """Give `word_tokenize` its model as it would load it, but read with the C unpickler.

    Skipped (underthesea then loads it itself on first use) unless the module holds the
    model in `word_tokenize_model` and names exactly one model folder that exists."""
    if getattr(words, "word_tokenize_model", False) is not None:
        return
    source = Path(words.__file__).read_text(encoding="utf-8")
    names = set(re.findall(r"[\"'](ws_crf_[\w.-]+)[\"']", source))
    if len(names) != 1:
        return
    folder = Path(words.__file__).parent / "models" / names.pop()
    tagger_module = importlib.import_module("underthesea.models.fast_crf_sequence_tagger")
    from underthesea_core import CRFFeaturizer, CRFTagger  # noqa: PLC0415

    tagger = tagger_module.FastCRFSequenceTagger()
    estimator = CRFTagger()
    estimator.load(str(folder / tagger.path_model))
    # joblib wrote these plain objects as ordinary pickles (a list and a set of strings).
    with open(folder / tagger.path_features, "rb") as f:
        features = pickle.load(f)
    with open(folder / tagger.path_dictionary, "rb") as f:
        dictionary = pickle.load(f)
    tagger.featurizer = CRFFeaturizer(features, dictionary)
    tagger.estimator = estimator
    words.word_tokenize_model = tagger


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends a sentence."""
    spans = []
    for line in _LINE.finditer(text):
        spans.extend((line.start() + s, line.start() + e) for s, e in _line_sentences(line.group()))
    return spans


# Caches hold the repeated work, within a fixed memory: a phrase entry costs about 2 KB, and
# on a varied archive the hit rate is the same from 4096 entries up (8192: under 20 MB).
# Lines rarely repeat (their numbers differ), so their cache stays small.
@lru_cache(maxsize=1024)
def _line_sentences(line: str) -> tuple[tuple[int, int], ...]:
    pieces = [line.strip()] if _one_sentence(line) else _underthesea().sent_tokenize(line)
    spans, cursor = [], 0
    for piece in pieces:
        at = line.find(piece, cursor)
        if at < 0:  # the tokenizer changed the text: keep the rest as one sentence
            break
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    if not spans:
        return ((0, len(line)),)
    # Stretch the last sentence over any tail the tokenizer dropped.
    if cursor < len(line) and line[cursor:].strip():
        spans[-1] = (spans[-1][0], len(line))
    return tuple(spans)


def _one_sentence(line: str) -> bool:
    """Whether underthesea would find one sentence: its splitter ends a sentence only at
    "?", "!" or a "." that does not stand between two digits, so a line with none of these
    before its closing punctuation is one, told without the splitter's loop over every
    character (tests/test_segment.py holds this to underthesea's own answer)."""
    body = line.rstrip().rstrip(".?!")
    if "?" in body or "!" in body:
        return False
    dot = body.find(".")
    while dot >= 0:
        if not (0 < dot < len(body) - 1 and body[dot - 1].isdigit() and body[dot + 1].isdigit()):
            return False
        dot = body.find(".", dot + 1)
    return True


@lru_cache(maxsize=8192)
def word_spans(phrase: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word of `phrase`, words as underthesea segments them."""
    syllables = [(m.start(), m.end()) for m in _SYLLABLE.finditer(phrase)]
    if not syllables:
        return ()
    tokens = _underthesea().word_tokenize(phrase)
    spans: list[tuple[int, int]] = []
    i = 0
    for token in tokens:
        n = len(_SYLLABLE.findall(token))
        if n == 0:
            continue
        group = syllables[i:i + n]
        if not group:
            break
        if not _same_syllables(phrase, group, token):
            # The tokenizer saw the text differently (rewrote it): one word per syllable.
            spans.extend(syllables[i:])
            return tuple(spans)
        spans.extend(_split_numbers(phrase, group))
        i += n
    spans.extend(syllables[i:])
    return tuple(spans)


# A comma between clauses, not the decimal comma of a number ("1,5").
_CLAUSE_COMMA = regex.compile(r"(?<![\p{L}\p{M}\p{N}]),|,(?!\p{N})")


def clause_words(phrase: str) -> Iterator[tuple[tuple[int, int], ...]]:
    """The words of `phrase`, one comma-separated piece at a time (each comma a piece of
    its own), each piece segmented only when the caller asks for it. A reader that stops
    early never pays for the rest, and short pieces repeat across reports far more than
    whole phrases do, so the cache holds them."""
    start = 0
    for comma in _CLAUSE_COMMA.finditer(phrase):
        yield _piece_words(phrase, start, comma.start())
        yield (comma.span(),)
        start = comma.end()
    yield _piece_words(phrase, start, len(phrase))


def _piece_words(phrase: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    piece = phrase[start:end]
    stripped = piece.strip()
    if not stripped:
        return ()
    at = start + len(piece) - len(piece.lstrip())
    return tuple((at + s, at + e) for s, e in word_spans(stripped))


def _same_syllables(phrase: str, group: list[tuple[int, int]], token: str) -> bool:
    got = " ".join(phrase[s:e] for s, e in group)
    said = token.replace("_", " ")
    # Nearly every token is the text itself; only a rewritten one (Hoà -> Hòa) needs folding.
    return got == said or fold(got) == fold(said)


def _split_numbers(phrase: str, group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A word spanning a number and words (`1.482 Tổ`, `Bình 1.482`) becomes the number on
    its own and the runs of words around it, in their order."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for s, e in group:
        if phrase[s].isdigit():
            if run:
                out.append((run[0][0], run[-1][1]))
                run = []
            out.append((s, e))
        else:
            run.append((s, e))
    if run:
        out.append((run[0][0], run[-1][1]))
    return out
