"""parallel.documents: several worker processes, the same answers as one, in input order.

Timing claims live in benchmarks/run.py, not here.
"""
import io
import multiprocessing
import random
import sys
import unicodedata

import pytest

from dxextract import parallel
from dxextract.pipeline import extract
from dxextract.writers import record_dict

from conftest import SEEDS


def _generated(tmp_path):
    """A few reports made from the seeds' paragraphs: shuffled, CRLF, decomposed, empty."""
    rng = random.Random(6)
    paragraphs = [p for s in SEEDS for p in s.read_text(encoding="utf-8").split("\n") if p.strip()]
    files = []
    for i, style in enumerate(("plain", "crlf", "nfd", "plain")):
        text = "\n\n".join(rng.sample(paragraphs, 12)) + "\n"
        if style == "crlf":
            data = text.replace("\n", "\r\n").encode("utf-8")
        elif style == "nfd":
            data = unicodedata.normalize("NFD", text).encode("utf-8")
        else:
            data = text.encode("utf-8")
        path = tmp_path / f"gen{i}_{style}.txt"
        path.write_bytes(data)
        files.append(str(path))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return files + [str(empty)]


def _rows(documents):
    return [(d.doc, d.context, [record_dict(r, d.context) for r in d.records]) for d in documents]


def _run(paths, jobs, **kwargs):
    errors = []
    rows = _rows(parallel.documents(paths, jobs=jobs, on_error=errors.append, **kwargs))
    return rows, errors


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return [str(s) for s in SEEDS] + _generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def one_job(inputs):
    return _run(inputs, 1)


def test_two_jobs_give_the_same_documents_in_the_same_order(inputs, one_job):
    rows, errors = _run(inputs, 2)
    assert errors == [] == one_job[1]
    assert [r[0] for r in rows] == inputs
    assert rows == one_job[0]
    assert sum(len(r[2]) for r in rows) > 100


def test_records_are_lists_equal_to_the_library_entry_point(inputs):
    docs = list(parallel.documents(inputs[:2], jobs=2, on_error=pytest.fail))
    for d, path in zip(docs, inputs[:2]):
        assert isinstance(d.records, list)
        assert d.records == extract(open(path, encoding="utf-8").read(), doc=path)


def test_a_missing_file_in_the_middle_is_reported_and_the_others_processed(inputs, one_job, tmp_path):
    missing = str(tmp_path / "no-such-report.txt")
    paths = inputs[:3] + [missing] + inputs[3:]
    read = []
    rows, errors = _run(paths, 2, on_read=read.append)
    assert errors == [f"{missing}: no such file"]
    assert rows == one_job[0]
    assert read == inputs


def test_a_directory_and_a_binary_file_are_reported_like_the_single_process_run(inputs, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    paths = [inputs[0], str(tmp_path), str(binary), inputs[1]]
    assert _run(paths, 2) == _run(paths, 1)
    assert len(_run(paths, 2)[1]) == 2


def test_big_outputs_stream_in_order(inputs, one_job, monkeypatch):
    monkeypatch.setattr(parallel, "STREAM_AFTER", 7)
    monkeypatch.setattr(parallel, "BATCH", 3)  # reaches forked workers
    monkeypatch.setattr(parallel, "AHEAD_PER_JOB", 1)
    rows, errors = _run(inputs, 2)
    assert errors == []
    assert rows == one_job[0]


def test_stdin_is_read_in_the_parent_in_its_turn(inputs, monkeypatch):
    text = SEEDS[0].read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    rows, errors = _run([inputs[1], "-", inputs[2]], 2)
    assert errors == []
    assert [r[0] for r in rows] == [inputs[1], "-", inputs[2]]
    assert rows[1][2] == [record_dict(r, rows[1][1]) for r in extract(text, doc="-")]


def test_stopping_early_stops_the_workers(inputs):
    documents = parallel.documents(inputs, jobs=2, on_error=pytest.fail)
    first = next(documents)
    assert first.doc == inputs[0]
    documents.close()
    assert multiprocessing.active_children() == []


def test_one_job_or_one_file_runs_here():
    assert parallel.default_jobs() >= 1
    rows, errors = _run([str(SEEDS[0])], 4)
    assert errors == [] and len(rows) == 1
