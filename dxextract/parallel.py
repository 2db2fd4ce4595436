"""Many files on several cores: `documents(paths, jobs=N, …)` runs the pipeline in N worker
processes and yields the documents in input order, exactly as one process would.

Each worker builds its extractor once (`pipeline.extractor_for`) and takes one file at a
time; the parent hands out files in input order and reassembles the answers. Work in flight
is bounded — at most `jobs` files being read plus a few finished ones waiting their turn,
and for a file of huge output a bounded number of records (the worker then waits) — so
memory stays flat however many files there are, and bounded for one huge file.

Errors: a file that cannot be read (`reader.InputError`) or a rule that runs too long
(`RuleTimeout`) is reported through `on_error(message)` when its turn comes — the message
is the one the single-process run prints, `"PATH: reason"` — and the run goes on. Any other
exception in a worker is raised again in the parent. `-` (standard input) is read in the
parent, in its turn.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from itertools import chain
from multiprocessing.connection import wait
from typing import Callable, Iterator, Optional, Sequence

from . import segment
from .claims import Tally
from .pipeline import Document, Reading, extractor_for, read_document, tell_end
from .reader import InputError
from .records import Record, fields_of

# Records a worker sends at a time.
BATCH = 500
# A document whose records reach this many before it is finished is streamed: its records
# are yielded as they arrive instead of as one list, and a worker holding a later document
# with this many records waiting is not read from (it blocks) until its document's turn.
STREAM_AFTER = 20_000
# Finished documents that may wait for their turn, per job.
AHEAD_PER_JOB = 4


def documents(paths: Sequence[str], *, jobs: int, encoding: Optional[str] = None,
              rule_dirs: Sequence[str] = (), on_error: Callable[[str], None],
              on_read: Optional[Callable[[str], None]] = None,
              input_format: Optional[str] = None) -> Iterator[Document]:
    """The documents of `paths`, in input order, their records read by `jobs` processes.

    `on_error(message)` is called for each input that fails (before its turn is over);
    `on_read(path)`, if given, for each input read to its end without failing.

    A document's `records` is a list, unless the file yields more than STREAM_AFTER records:
    those come as an iterator that streams, which must be consumed (or dropped) before the
    next document is asked for, as the writers do. `jobs <= 1` runs in this process.
    Raises RuleError (from this process) if the rules are malformed.
    """
    paths = list(paths)
    rule_dirs = tuple(str(d) for d in rule_dirs)
    workers = min(max(jobs, 1), sum(1 for p in paths if p != "-"))
    on_read = on_read or (lambda path: None)
    how = (encoding, input_format)
    if workers <= 1:
        return _local(paths, how, rule_dirs, on_error, on_read)
    return _Pool(workers, how, rule_dirs).run(paths, on_error, on_read)


# -- in this process --------------------------------------------------------------------


def _local(paths: list[str], how: tuple, rule_dirs: tuple[str, ...],
           on_error: Callable[[str], None], on_read: Callable[[str], None]) -> Iterator[Document]:
    for path in paths:
        yield from _here(path, how, rule_dirs, on_error, on_read)


def _here(path: str, how: tuple, rule_dirs: tuple[str, ...],
          on_error: Callable[[str], None], on_read: Callable[[str], None]) -> Iterator[Document]:
    """One input read by this process, as the single-process run reads it. `how` is
    (encoding, input_format)."""
    extractor = extractor_for(rule_dirs)
    try:
        document = read_document(extractor, path, *how)
    except InputError as exc:
        on_error(str(exc))
        return
    # Told once the consumer is done with the document, as the worker processes' inputs are.
    reading = Reading(path, document.records)
    records = reading.records
    head = []
    for record in records:
        head.append(record)
        if len(head) >= STREAM_AFTER:
            yield Document(path, document.context, chain(head, records), document.tally)
            break
    else:
        yield Document(path, document.context, head, document.tally)
    for _ in records:  # whatever the consumer left of a streamed document
        pass
    tell_end(path, reading.failure, on_error, on_read)


# -- in worker processes ----------------------------------------------------------------


def _work(conn, how: tuple, rule_dirs: tuple[str, ...]) -> None:
    """A worker's life: take (index, path), send ("context" …), ("records" …)*, ("end" …)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    # The parent stops us with SIGTERM: die at once. A handler inherited from the parent could
    # have its exception lost in a __del__ and leave us waiting for work, the parent for us.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A forked worker must never flush a copy of the parent's output buffers at exit.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            index, path = task
            try:
                document = read_document(extractor_for(rule_dirs), path, *how)  # (encoding, input_format)
            except InputError as exc:
                conn.send(("failed", index, str(exc)))
                continue
            conn.send(("context", index, document.context))
            batch, reading = [], Reading(path, document.records)
            for record in reading.records:
                batch.append(fields_of(record))  # a tuple pickles at a third of the cost
                if len(batch) >= BATCH:
                    conn.send(("records", index, batch))
                    batch = []
            conn.send(("end", index, batch, reading.failure, document.tally))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return  # the parent went away
    except BaseException as exc:  # noqa: BLE001 - a bug: let the parent raise it
        import traceback  # noqa: PLC0415

        try:
            conn.send(("crash", None, exc, traceback.format_exc()))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            conn.send(("crash", None, RuntimeError(repr(exc)), traceback.format_exc()))


class WorkerError(RuntimeError):
    """A worker process failed in a way that is not about one input."""


@dataclass
class _Pending:
    path: str
    context: object = None
    batches: deque = field(default_factory=deque)
    count: int = 0  # records waiting in `batches`
    done: bool = False
    failed: Optional[str] = None  # could not be read at all
    error: Optional[str] = None  # failed part-way, after its records so far
    tally: Tally = field(default_factory=Tally)  # what became of its numbers, once done

    def add(self, batch: list[tuple]) -> None:
        """A batch of records as a worker sends them (each a tuple of its fields)."""
        if batch:
            self.batches.append([Record(*fields) for fields in batch])
            self.count += len(batch)


class _Pool:
    def __init__(self, jobs: int, how: tuple, rule_dirs: tuple[str, ...]):
        self.jobs = jobs
        self.how = how  # (encoding, input_format)
        self.rule_dirs = rule_dirs

    def _context(self):
        """fork when it is safe (one thread): workers inherit the compiled rules for free."""
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            extractor_for(self.rule_dirs)  # compiled once here, shared by every worker
            segment.load()  # the word model too
            return multiprocessing.get_context("fork")
        if "forkserver" in methods:  # other threads run (a Dask client, say): fork is not safe
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["dxextract.parallel"])
            return ctx
        return multiprocessing.get_context("spawn")

    def run(self, paths: list[str], on_error: Callable[[str], None],
            on_read: Callable[[str], None]) -> Iterator[Document]:
        if any(p == "-" for p in paths):
            extractor_for(self.rule_dirs)  # RuleError here, before any worker starts
        ctx = self._context()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be copied into a fork
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        self.conns, self.procs = [], []
        for _ in range(self.jobs):
            parent_end, child_end = ctx.Pipe(duplex=True)
            proc = ctx.Process(target=_work, args=(child_end, self.how, self.rule_dirs), daemon=True)
            proc.start()
            child_end.close()
            self.conns.append(parent_end)
            self.procs.append(proc)
        try:
            yield from self._documents(paths, on_error, on_read)
            for conn in self.conns:
                conn.send(None)
            for proc in self.procs:
                proc.join(timeout=5)
        finally:
            for proc in self.procs:
                if proc.is_alive():
                    proc.terminate()
            for proc in self.procs:
                proc.join()
            for conn in self.conns:
                conn.close()

    def _documents(self, paths: list[str], on_error: Callable[[str], None],
                   on_read: Callable[[str], None]) -> Iterator[Document]:
        self.pending: dict[int, _Pending] = {}
        self.busy: dict[int, int] = {}  # worker -> index of the file it reads
        self.next = 0
        self.head = 0
        self.paths = paths
        ahead = AHEAD_PER_JOB * self.jobs
        while self.head < len(paths):
            self._hand_out(ahead)
            path = paths[self.head]
            if path == "-":
                yield from _here(path, self.how, self.rule_dirs, on_error, on_read)
                self.pending.pop(self.head, None)
                self.head += 1
                continue
            p = self.pending[self.head]
            while not (p.done or p.failed or p.count >= STREAM_AFTER):
                self._pump()
            if p.failed:
                on_error(p.failed)
            elif p.done:
                records = [r for batch in p.batches for r in batch]
                p.batches.clear()
                yield Document(path, p.context, records, p.tally)
                tell_end(path, p.error, on_error, on_read)
            else:
                stream = self._stream(p)
                yield Document(path, p.context, stream, p.tally)
                for _ in stream:  # whatever the consumer left
                    pass
                tell_end(path, p.error, on_error, on_read)
            del self.pending[self.head]
            self.head += 1

    def _hand_out(self, ahead: int) -> None:
        """Give idle workers the next files, in input order, within the bound."""
        idle = [w for w in range(self.jobs) if w not in self.busy]
        while self.next < len(self.paths) and self.next < self.head + ahead:
            if self.paths[self.next] == "-":  # read by the parent in its turn
                self.next += 1
                continue
            if not idle:
                return
            worker = idle.pop(0)
            self.pending[self.next] = _Pending(self.paths[self.next])
            self.busy[worker] = self.next
            self.conns[worker].send((self.next, self.paths[self.next]))
            self.next += 1

    def _stream(self, p: _Pending) -> Iterator:
        while True:
            while p.batches:
                batch = p.batches.popleft()
                p.count -= len(batch)
                yield from batch
            if p.done:
                return
            self._pump()

    def _pump(self) -> None:
        """Read what the workers sent, blocking until something comes. A worker whose file
        is not next and already has STREAM_AFTER records waiting is left to block."""
        listening = [self.conns[w] for w, i in self.busy.items()
                     if i == self.head or self.pending[i].count < STREAM_AFTER]
        for conn in wait(listening):
            worker = self.conns.index(conn)
            try:
                message = conn.recv()
            except EOFError:
                code = self.procs[worker].exitcode
                raise WorkerError(f"a worker process died (exit code {code})") from None
            kind, index = message[0], message[1]
            if kind == "crash":
                exc, text = message[2], message[3]
                raise exc from WorkerError("in a worker process:\n" + text)
            p = self.pending[index]
            if kind == "context":
                p.context = message[2]
            elif kind == "records":
                p.add(message[2])
            elif kind == "end":
                p.add(message[2])
                p.error, p.done = message[3], True
                p.tally.add(message[4])
                del self.busy[worker]
            elif kind == "failed":
                p.failed = message[2]
                del self.busy[worker]
        self._hand_out(AHEAD_PER_JOB * self.jobs)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
