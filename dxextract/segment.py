"""Sentences and words, by underthesea, each mapped back to exact character spans.

underthesea rewrites some tokens (`Hoà` -> `Hòa`) and merges a number with the next
word (`1.482 Tổ`), so its output is never trusted for offsets: every token is located
again in the text, syllable by syllable, and number tokens are split off. Only the
phrases the label rules ask about are tokenised, a comma piece at a time and only as far
as the reader goes, each distinct piece once (press releases repeat their indicator
phrases endlessly), which is what keeps a whole archive fast: tokenising everything runs
at well under 200 KB/s.

Sentences are underthesea's; with the splitter of underthesea 9, a twin of its loop that
goes from one sentence-ending character to the next gives them five times faster.

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
from typing import Callable, Iterator, Optional

import regex

from .normalize import fold

_SYLLABLE = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[.,/][\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]")
_LINE = regex.compile(r"[^\r\n]+")


class _Tokenizers:
    """underthesea's `sent_tokenize` and `word_tokenize`, the very functions it exports, and
    `sentences`: what `sent_tokenize` says, told faster where this underthesea allows."""

    def __init__(self, sent_tokenize: Callable, word_tokenize: Callable):
        self.sent_tokenize = sent_tokenize
        self.word_tokenize = word_tokenize
        self.sentences = _quick_sentences(sent_tokenize)
        self.dictionary: frozenset[str] = frozenset()  # the word model's dictionary, where found


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

    tokenizers = _Tokenizers(underthesea.sent_tokenize, underthesea.word_tokenize)
    words = sys.modules.get("underthesea.pipeline.word_tokenize")
    folder = _model_folder(words) if words is not None else None
    if folder is not None:
        tokenizers.dictionary = _lower(_read_dictionary(folder))
    return tokenizers


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
        tokenizers = _Tokenizers(sentences.sent_tokenize, words.word_tokenize)
        tokenizers.dictionary = _load_word_model(words)
        return tokenizers
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


def _model_folder(words: types.ModuleType) -> Optional[Path]:
    """The folder of the word model the module names, if it names exactly one that exists."""
    source = Path(words.__file__).read_text(encoding="utf-8")
    names = set(re.findall(r"[\"'](ws_crf_[\w.-]+)[\"']", source))
    if len(names) != 1:
        return None
    folder = Path(words.__file__).parent / "models" / names.pop()
    return folder if folder.is_dir() else None


def _read_dictionary(folder: Path) -> set:
    """The word model's dictionary: a pickled set of words, as joblib wrote it."""
    try:
        with open(folder / "dictionary.bin", "rb") as f:
            words = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError):
        return set()
    return words if isinstance(words, set) else set()


def _lower(words: set) -> frozenset[str]:
    """The words, lower case. underthesea's already are: one test of all of them at once
    costs half of lowering each (a one-report run reads 72,000 of them)."""
    try:
        if "".join(words).islower():
            return frozenset(words)
    except TypeError:  # not all strings
        pass
    return frozenset(w.lower() for w in words if isinstance(w, str))


def _load_word_model(words: types.ModuleType) -> frozenset[str]:
    """Give `word_tokenize` its model as it would load it, but read with the C unpickler;
    return the model's dictionary of words, lower case.

    Skipped (underthesea then loads it itself on first use) unless the module holds the
    model in `word_tokenize_model` and names exactly one model folder that exists."""
    folder = _model_folder(words)
    if folder is None:
        return frozenset()
    dictionary = _read_dictionary(folder)
    if getattr(words, "word_tokenize_model", False) is not None:
        return _lower(dictionary)
    tagger_module = importlib.import_module("underthesea.models.fast_crf_sequence_tagger")
    from underthesea_core import CRFFeaturizer, CRFTagger  # noqa: PLC0415

    tagger = tagger_module.FastCRFSequenceTagger()
    estimator = CRFTagger()
    estimator.load(str(folder / tagger.path_model))
    # joblib wrote these plain objects as ordinary pickles (a list and a set of strings).
    with open(folder / tagger.path_features, "rb") as f:
        features = pickle.load(f)
    if tagger.path_dictionary != "dictionary.bin":
        with open(folder / tagger.path_dictionary, "rb") as f:
            dictionary = pickle.load(f)
    tagger.featurizer = CRFFeaturizer(features, dictionary)
    tagger.estimator = estimator
    words.word_tokenize_model = tagger
    return _lower(dictionary)


def load() -> None:
    """Load underthesea's tokenizers now rather than at the first sentence: a parent does so
    before it forks its workers, which then share the one copy instead of each reading the
    word model (about 0.3 s of CPU a worker)."""
    _underthesea()


def dictionary() -> frozenset[str]:
    """underthesea's dictionary of Vietnamese words (the one its word model was trained
    with), lower case: empty when this underthesea keeps it elsewhere."""
    return _underthesea().dictionary


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
    pieces = _underthesea().sentences(line)
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


# Lines that take every turn of underthesea's sentence splitter: its quicker twin below is
# used only if it splits each of them as underthesea does.
_SPLITTER_CHECKS = (
    "", "  ", "Tỷ lệ đạt 76,2%. Số xã là 1.482 xã? Có! Hết", "TP. Hồ Chí Minh đạt 2.0 điểm, v.v. và 1.5",
    "Xong... Tiếp theo... còn nữa...", "a. b. Dr. X! ?! ...  ", "Một.\tHai.\nBa ...\n", "1. Mục tiêu. 2. Giải pháp",
)
_SENTENCE_END = regex.compile(r"[.?!]")


def _quick_sentences(sent_tokenize: Callable) -> Callable[[str], list[str]]:
    """`sent_tokenize` itself, or a twin that gives the same sentences five times faster.

    underthesea 9's splitter is a Python loop over every character that acts only at ".",
    "?" and "!"; the twin jumps from one of these to the next and asks the splitter's own
    `_is_sentence_boundary` there (abbreviations, numbers). It is used only when the
    splitter is that one (`sent_tokenize` keeps it in `sentence_tokenizer`) and splits the
    lines of `_SPLITTER_CHECKS` as it does; tests/test_segment.py and the benchmark hold it
    to underthesea's answer on every line of the sample reports and of the corpus."""
    try:
        sent_tokenize("")  # loads the splitter
        splitter = sent_tokenize.__globals__["sentence_tokenizer"]
        is_boundary = splitter._is_sentence_boundary
        if splitter.SENT_END_CHARS != frozenset(".?!"):
            return sent_tokenize

        def sentences(text: str) -> list[str]:
            return _split_sentences(text, is_boundary)

        if all(sentences(line) == sent_tokenize(line) for line in _SPLITTER_CHECKS):
            return sentences
    except Exception:  # noqa: BLE001 - another underthesea: its own function, as documented
        pass
    return sent_tokenize


def _split_sentences(text: str, is_boundary: Callable[[str, int], bool]) -> list[str]:
    """underthesea's PunktSentenceTokenizer.sentences_from_text, step for step, but moving
    from one sentence-ending character to the next instead of one character at a time."""
    if not text.strip():
        return []
    out: list[str] = []
    n, start, i = len(text), 0, 0
    while (m := _SENTENCE_END.search(text, i)) is not None:
        i = m.start()
        if text[i] == ".":
            dots_end = i
            while dots_end < n and text[dots_end] == ".":
                dots_end += 1
            if dots_end - i >= 3:  # an ellipsis ends a sentence before a capital or the end
                after = dots_end
                while after < n and text[after] in " \t":
                    after += 1
                if after >= n or text[after].isupper():
                    _add_sentence(out, text[start:dots_end])
                    while dots_end < n and text[dots_end] in " \t\n\r":
                        dots_end += 1
                    start = dots_end
                i = dots_end
                continue
        if is_boundary(text, i):
            end = i + 1
            while end < n and text[end] in ".?!":
                end += 1
            _add_sentence(out, text[start:end])
            while end < n and text[end] in " \t\n\r":
                end += 1
            start = i = end
            continue
        i += 1
    _add_sentence(out, text[start:])
    return out


def _add_sentence(out: list[str], piece: str) -> None:
    piece = piece.strip()
    if piece:
        out.append(piece)


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
