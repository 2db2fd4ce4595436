"""Past one machine, on Dask: a `dask.bag` of records over files, and the runner behind
`dxextract parse --scheduler tcp://HOST:PORT`.

Dask is an optional extra (`pip install 'dxextract[dask]'`); it is imported only here, only
when these functions run, so the command line never needs it.

Two ways in:

* `records_bag(paths)` — a `dask.bag.Bag` whose elements are records as dicts (the fields of
  SPEC section 1 plus the report's context, exactly the objects `--format jsonl` writes), one
  partition per few files, in input order. The workers read the files, so the paths must be
  reachable from them (a shared or local file system). Compute it on any scheduler:

      import glob, json
      from distributed import Client
      from dxextract.cluster import records_bag
      client = Client("tcp://scheduler:8786")
      bag = records_bag(sorted(glob.glob("/archive/**/*.txt", recursive=True)))
      bag.map(json.dumps, ensure_ascii=False).to_textfiles("/archive/values/*.jsonl")
      bag.filter(lambda r: r["indicator"]).pluck("indicator").frequencies().compute()

* `run(paths, "tcp://scheduler:8786", on_error=…)` — what `dxextract parse --scheduler` does:
  this machine reads and decodes each file (so an unreadable input is reported here, with the
  same message as a local run, and workers need no access to its disk), ships the text to
  the cluster, and yields the documents in input order as `parallel.documents` does. The
  rules are loaded here too and shipped once, so `--rules DIR` works with folders only this
  machine has. At most `window` files are in flight.

Either way the records are those of a local run: the workers run the same pipeline
(`pipeline.Extractor`) on the same text with the same rules. The workers need dxextract (and
underthesea) installed, at the same version.
"""
from __future__ import annotations

import hashlib
import pickle
import threading
from collections import deque
from typing import Callable, Iterator, Optional, Sequence

# The extractors a worker process has built, by the fingerprint of their rulebook.
_EXTRACTORS: dict = {}
_EXTRACTORS_LOCK = threading.Lock()


def _extractor(key: str, book):
    with _EXTRACTORS_LOCK:
        extractor = _EXTRACTORS.get(key)
        if extractor is None:
            from .pipeline import Extractor  # noqa: PLC0415

            extractor = _EXTRACTORS[key] = Extractor(book)
        return extractor


def _rulebook(rule_dirs: Sequence[str]):
    """The rules as loaded here (RuleError here if malformed), and their fingerprint."""
    from .pipeline import extractor_for  # noqa: PLC0415

    book = extractor_for(tuple(str(d) for d in rule_dirs)).book  # compiles: validates the rules
    return book, hashlib.sha256(pickle.dumps(book)).hexdigest()


# -- dask.bag ---------------------------------------------------------------------------


def _partition_records(paths, key: str, book, encoding: Optional[str], skip_unreadable: bool,
                       input_format: Optional[str] = None) -> list[dict]:
    from .pipeline import read_document  # noqa: PLC0415
    from .reader import InputError  # noqa: PLC0415
    from .writers import record_dict  # noqa: PLC0415

    extractor = _extractor(key, book)
    out = []
    for path in paths:
        try:
            document = read_document(extractor, path, encoding, input_format)
            out.extend(record_dict(r, document.context) for r in document.records)
        except InputError:
            if not skip_unreadable:
                raise
    return out


def records_bag(paths: Sequence[str], rule_dirs: Sequence[str] = (), *, encoding: Optional[str] = None,
                files_per_partition: int = 8, skip_unreadable: bool = False, input_format: Optional[str] = None):
    """A `dask.bag.Bag` of record dicts (SPEC fields + context) for `paths`, in input order.

    The workers read the files. An unreadable file fails the computation with its
    `InputError` ("PATH: reason"), unless `skip_unreadable`. The rules are loaded (and
    checked) here and shipped with the graph once.
    """
    import dask  # noqa: PLC0415
    import dask.bag as db  # noqa: PLC0415

    paths = [str(p) for p in paths]
    book, key = _rulebook(rule_dirs)
    size = max(1, files_per_partition)
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    if not chunks:
        return db.from_sequence([], npartitions=1)
    files = db.from_sequence(chunks, npartitions=len(chunks))
    shared = dask.delayed(book, pure=True)
    return files.map_partitions(_bag_partition, key, shared, encoding, skip_unreadable, input_format)


def _bag_partition(chunks, key: str, book, encoding: Optional[str], skip_unreadable: bool,
                   input_format: Optional[str] = None) -> list[dict]:
    return [r for paths in chunks
            for r in _partition_records(paths, key, book, encoding, skip_unreadable, input_format)]


# -- dxextract parse --scheduler --------------------------------------------------------


def _extract_blocks(key: str, book, path: str, blocks: list, error: Optional[str], date: Optional[str] = None):
    """On a worker: (context, records, error, tally) of one document from its decoded blocks
    (and the publication date its file states)."""
    from .pipeline import Reading  # noqa: PLC0415

    document = _extractor(key, book).document(path, blocks, date=date)
    reading = Reading(path, document.records)
    records = list(reading.records)
    return document.context, records, error or reading.failure, document.tally


def _read(path: str, encoding: Optional[str], input_format: Optional[str] = None):
    """(blocks, error, date) of one input read here (text, PDF, DOCX or HTML); blocks None
    if it cannot be read at all."""
    from .reader import InputError  # noqa: PLC0415
    from .sources import open_source  # noqa: PLC0415

    blocks = []
    try:
        source = open_source(path, encoding, input_format)
        for block in source.blocks:
            blocks.append(block)
    except InputError as exc:
        return (blocks if blocks else None), str(exc), None
    return blocks, None, source.date


class SchedulerError(Exception):
    """The Dask scheduler could not be reached (raised by `run` before any work)."""


def run(paths: Sequence[str], scheduler_address: str, *, rule_dirs: Sequence[str] = (),
        encoding: Optional[str] = None, on_error: Callable[[str], None],
        on_read: Optional[Callable[[str], None]] = None, window: Optional[int] = None,
        client=None, connect_timeout: str = "10s", input_format: Optional[str] = None) -> Iterator:
    """The documents of `paths` extracted on the Dask cluster at `scheduler_address`, in
    input order, records as lists; unreadable inputs go to `on_error("PATH: reason")`, and
    `on_read(path)` (if given) hears of each input read to its end, as with
    `parallel.documents`.

    Checks the rules (RuleError) and connects (SchedulerError) at once, before returning
    the iterator; iterate it to the end or close it, which disconnects. `client` may be an
    existing `distributed.Client` (then `scheduler_address` is ignored and it stays open).
    """
    book, key = _rulebook(rule_dirs)
    own = client is None
    if own:
        from distributed import Client  # noqa: PLC0415

        try:
            client = Client(scheduler_address, set_as_default=False, timeout=connect_timeout)
        except (OSError, ValueError) as exc:  # TimeoutError is an OSError; ValueError: a bad address
            raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler_address}: {exc}") from None
    return _run(client, own, book, key, list(paths), (encoding, input_format), on_error, on_read, window)


def _run(client, own: bool, book, key: str, paths: list, reading: tuple,
         on_error: Callable[[str], None], on_read: Optional[Callable[[str], None]],
         window: Optional[int]) -> Iterator:
    from .pipeline import Document, tell_end  # noqa: PLC0415

    try:
        shared = client.scatter(book, broadcast=True, hash=False)
        if window is None:
            threads = sum(client.nthreads().values()) or 1
            window = max(4, 4 * threads)
        queue: deque = deque()
        todo = iter(paths)

        def refill():
            while len(queue) < window:
                path = next(todo, None)
                if path is None:
                    return
                blocks, error, date = _read(path, *reading)
                if blocks is None:
                    queue.append((path, None, error))
                else:
                    future = client.submit(_extract_blocks, key, shared, path, blocks, error, date, pure=False)
                    queue.append((path, future, None))

        refill()
        while queue:
            path, future, error = queue.popleft()
            if future is None:
                on_error(error)
            else:
                context, records, error, tally = future.result()
                future.release()
                refill()
                yield Document(path, context, records, tally)
                tell_end(path, error, on_error, on_read or (lambda path: None))
            refill()
    finally:
        if own:
            client.close()
