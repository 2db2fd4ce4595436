"""The stages in order: read → normalise → segment → find numbers → apply rules →
attach meaning → records. One `Extractor` holds the compiled rules; documents stream
through it block by block, so memory does not grow with the size of a file.
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from typing import Callable, Iterable, Iterator, Optional, Sequence

import regex

from .catalogue import Catalogue
from .claims import Fate, Find, Tally
from .context import Context, ContextFinder, last_year
from .values import RuleTimeout, ValueFinder
from .meaning import MeaningFinder
from .normalize import Normalized, normalize
from .reader import Block, InputError
from .records import Explained, Record
from .rules import Rulebook, load_rulebook

# How much of a document's start is read for its context (province, period).
CONTEXT_HEAD_CHARS = 64 * 1024


@dataclass(frozen=True)
class Document:
    """One report's records, with what the report is about."""

    doc: str
    context: Context
    records: Iterator[Record]
    # What became of the report's numbers, counted as its records are read: complete once
    # they all are.
    tally: Tally = field(default_factory=Tally)


class Extractor:
    """All of a rulebook's knowledge, compiled once, applied to any number of documents."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.values = ValueFinder(book)
        self.meaning = MeaningFinder(book, self.values.reader.macros, self.values.lexicons)
        self.catalogue = Catalogue.from_rulebook(book)
        self.contexts = ContextFinder.from_rulebook(book)

    def document(self, doc: str, blocks: Iterable[Block], explain: bool = False,
                 date: Optional[str] = None) -> Document:
        """Read enough of the blocks to know the context, then stream the records — or, with
        `explain`, every number of the report as an `Explained` row (values with their record).
        A `date` the file itself states (a web page's publication date) is the report's date."""
        normalized = ((block, normalize(block.text)) for block in blocks)
        head: list[tuple[Block, Normalized]] = []
        size = 0
        for block, norm in normalized:
            head.append((block, norm))
            size += len(block.text)
            if size >= CONTEXT_HEAD_CHARS:
                break
        # Blocks end at line breaks, where normalising never looks across: the head's
        # normalised text is its blocks' normalised texts, each computed once.
        head_text = "".join(norm.text for _, norm in head)[:CONTEXT_HEAD_CHARS]
        context = self.contexts.find(head_text, normalized=True)
        if date:
            context = replace(context, date=date)
        tally = Tally()
        rows = self._rows(doc, chain(head, normalized), _reference_year(context), tally, explain)
        return Document(doc, context, rows, tally)

    def _rows(self, doc: str, blocks: Iterable[tuple[Block, Normalized]], year: Optional[int], tally: Tally,
              explain: bool) -> Iterator:
        for block, norm in blocks:
            finds, fates = self.values.claims(norm.text)
            tally.count(fates)
            records = self.block_records(doc, block, norm, finds, year)
            if explain:
                yield from _explained(doc, block, norm, finds, records, fates)
            else:
                yield from records

    def block_records(self, doc: str, block: Block, norm: Normalized, finds: list[Find],
                      reference_year: Optional[int] = None) -> list[Record]:
        """The records of the values found in one block."""
        if not finds:
            return []
        meanings = self.meaning.attach(norm.text, finds, reference_year)
        out = []
        plain = norm.text == block.text  # nothing swapped: a label is the source's already
        for f, m in zip(finds, meanings):
            label = m.label if plain or not m.label else _source_label(m.label, norm, block.text, f)
            start, end = norm.to_source(f.start, f.end)
            line, col = block.locate(start)
            # In field order, by place: 17 keywords cost about as much as building the record.
            out.append(Record(
                doc, block.offset + start, block.offset + end, line, col,  # doc start end line col
                block.text[start:end], f.kind, f.value, f.total, m.unit,  # text kind value total unit
                m.qualifier, m.role, label, m.scope,  # qualifier role label scope
                self.catalogue.match(label, f.kind), f.rule, block.page_at(start),  # indicator rule page
            ))
        return out


# How far from its value a label is looked for in the text, to be copied from the source.
_LABEL_REACH = 1200
_WHITESPACE = regex.compile(r"\s+")


def _source_label(label: str, norm: Normalized, source: str, f: Find) -> str:
    """The label as the source writes it: normalising made its dashes, quotes and tone marks
    plain ("Cao tốc Bắc – Nam", 'mô hình “Camera …”', "hoà"), and a label is copied from the
    report (SPEC section 1). The label's nearest place in the normalised text before its value
    (else after it) is mapped back; where it is not found as it stands, it stays."""
    text = norm.text
    at = text.rfind(label, max(0, f.start - _LABEL_REACH), f.start)
    if at < 0:
        at = text.find(label, f.end, f.end + _LABEL_REACH)
        if at < 0:
            at = text.find(label, f.start, f.end + len(label))
            if at < 0:
                return label
    start, end = norm.to_source(at, at + len(label))
    return _as_written(source[start:end], label)


# Labels repeat from value to value, and so do their spellings in the source.
@lru_cache(maxsize=1 << 11)
def _as_written(written: str, label: str) -> str:
    """The label as `written` in the source, if that spells the same words."""
    # Composed (NFC) as the rules read it: a report typed in decomposed letters gives the same label.
    copied = unicodedata.normalize("NFC", _WHITESPACE.sub(" ", written))
    return copied if copied and len(copied.split()) == len(label.split()) else label


def _explained(doc: str, block: Block, norm: Normalized, finds: list[Find], records: list[Record],
               fates: list[Fate]) -> Iterator[Explained]:
    """Each number of a block and what became of it, in source offsets; a value's own number
    carries the value's record."""
    by_number = {(f.num_start, f.num_end): r for f, r in zip(finds, records)}
    numbers = sorted(by_number)
    for fate in fates:
        record = None
        if fate.status == "value":
            i = bisect.bisect_right(numbers, (fate.start, len(norm.text))) - 1
            record = by_number[numbers[i]] if i >= 0 and numbers[i][1] > fate.start else None
        start, end = norm.to_source(fate.start, fate.end)
        line, col = block.locate(start)
        yield Explained(doc, block.offset + start, block.offset + end, line, col, block.text[start:end],
                        fate.status, fate.rule, fate.reason, _around(block.text, start, end), record,
                        block.page_at(start))


_AROUND = 40
_LINE_BREAK = regex.compile(r"[\r\n]")
_LAST_LINE_BREAK = regex.compile(r"(?r)[\r\n]")


def _around(text: str, start: int, end: int) -> str:
    """The number marked «…» in its line, up to _AROUND characters each side."""
    before = _LAST_LINE_BREAK.search(text, max(0, start - _AROUND), start)
    after = _LINE_BREAK.search(text, end, end + _AROUND)
    left = text[before.end() if before else max(0, start - _AROUND):start]
    right = text[end:after.start() if after else end + _AROUND]
    return " ".join(f"{left}«{text[start:end]}»{right}".split())


def failure_message(path: str, exc: Exception) -> str:
    """The one line an input that failed gets: "PATH: reason" (an InputError says it all)."""
    return str(exc) if isinstance(exc, InputError) else f"{path}: {exc}"


def reported(path: str, records: Iterable[Record], on_error: Callable[[str], None],
             on_read: Callable[[str], None]) -> Iterator[Record]:
    """One input's records, passed on as they come. Reading them may still fail (a bad byte
    further on, a rule that ran over its time): the records so far stand, and the failure
    goes to `on_error` as its one line; an input read to its end goes to `on_read`."""
    try:
        yield from records
    except (InputError, RuleTimeout) as exc:
        on_error(failure_message(path, exc))
    else:
        on_read(path)


class Reading:
    """One input's records guarded as `reported` guards them, for a caller that hands the
    records on first and tells how the input ended later (in its turn, or from another
    process): once the records are read, `failure` is the one line of a failure partway."""

    def __init__(self, path: str, records: Iterable[Record]):
        self.failure: Optional[str] = None
        self.records = reported(path, records, self._fail, lambda path: None)

    def _fail(self, message: str) -> None:
        self.failure = message


def tell_end(path: str, failure: Optional[str], on_error: Callable[[str], None],
             on_read: Callable[[str], None]) -> None:
    """Tell how an input ended: its failure's line to `on_error`, or the input to `on_read`."""
    if failure:
        on_error(failure)
    else:
        on_read(path)


def _reference_year(context: Context) -> Optional[int]:
    """The report's own year, against which a later year reads as a goal: the last year of
    its period, or its date's year if that is earlier (a plan for 2026 written in 2025)."""
    found = [year for year in (last_year(context.period), last_year(context.date)) if year is not None]
    return min(found) if found else None


@lru_cache(maxsize=4)
def extractor_for(rule_dirs: tuple[str, ...] = ()) -> Extractor:
    """The extractor for the built-in rules plus `rule_dirs`, built once per process."""
    return Extractor(load_rulebook(rule_dirs))


def extract(text: str, doc: str = "-", rule_dirs: Sequence[str] = ()) -> list[Record]:
    """Every value in `text`, as records: the library entry point (`dxextract.extract`)."""
    return extract_with(extractor_for(tuple(rule_dirs)), text, doc)


def extract_with(extractor: Extractor, text: str, doc: str = "-") -> list[Record]:
    return list(extractor.document(doc, [Block(text, 0, 1)] if text else []).records)


def extract_file(path: str, encoding: Optional[str] = None, rule_dirs: Sequence[str] = (),
                 input_format: Optional[str] = None) -> Document:
    """The records of one file (text, PDF, DOCX or HTML), streamed (raises reader.InputError
    for unreadable input)."""
    return read_document(extractor_for(tuple(rule_dirs)), path, encoding, input_format)


def read_document(extractor: Extractor, path: str, encoding: Optional[str] = None,
                  input_format: Optional[str] = None, explain: bool = False) -> Document:
    """One input read by what it is (sources.open_source) into the extractor's Document."""
    from .sources import open_source  # noqa: PLC0415

    source = open_source(path, encoding, input_format)
    return extractor.document(path, source.blocks, explain, date=source.date)
