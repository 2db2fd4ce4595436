"""JSON Lines and JSON: each record as the object of `record_dict`."""
from __future__ import annotations

import json
from typing import Iterable, Iterator, TextIO

from ..pipeline import Document
from .common import context_dict, explained_dict, fields_dict

# One encoder for every record: json.dumps builds a new one per call when given options.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _json_records(documents: Iterable[Document]) -> Iterator[str]:
    """Each record as the JSON object of `record_dict`. The context's part of it is encoded
    once per document and put after the record's own fields: encoded again for every
    record, it took a sixth of the writing."""
    for document in documents:
        tail = ", " + _JSON.encode(context_dict(document.context))[1:]
        for record in document.records:
            yield _JSON.encode(fields_dict(record))[:-1] + tail


def _explained_records(documents: Iterable[Document]) -> Iterator[str]:
    """Each number of documents read with `explain`, as the object of `explained_dict`."""
    for document in documents:
        for row in document.records:
            yield _JSON.encode(explained_dict(row, document.context))


def write_jsonl(out: TextIO, documents: Iterable[Document], explain: bool = False) -> int:
    count = 0
    for line in (_explained_records if explain else _json_records)(documents):
        out.write(line + "\n")
        count += 1
    return count


def write_json(out: TextIO, documents: Iterable[Document], explain: bool = False) -> int:
    """One JSON array, written element by element."""
    out.write("[")
    count = 0
    for line in (_explained_records if explain else _json_records)(documents):
        out.write(",\n " if count else "\n ")
        out.write(line)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
