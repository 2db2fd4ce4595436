"""Tables of every shape, by construction (tests/table_gallery.py): a few hundred tables composed
from the layouts, headers, captions and rows real archives hold them in, each cell's record
known from how the table was built. Every table must give each value cell once with its kind,
value, unit and role, and no record for a header's year, a row's number or a footnote mark;
the shapes left unread are listed with their reasons in tests/fixtures/table_shapes.yaml.

`python -m tests.table_gallery` prints the pass rate of every shape."""
from __future__ import annotations

import pytest

from tests.table_gallery import FAMILIES, LAYOUTS, gallery, left_why, run


@pytest.fixture(scope="module")
def judged(extractor):
    tables = gallery()
    return list(zip(tables, run(extractor, tables)))


def test_the_gallery_composes_every_layout_family_and_row_shape():
    tables = gallery()
    assert 250 <= len(tables) <= 760
    assert {t.tags["layout"] for t in tables} == set(LAYOUTS)
    assert {t.tags["family"] for t in tables} == set(FAMILIES)
    rows = {k for t in tables for k in t.tags if k.startswith("row: ")}
    assert rows == {"row: numbered", "row: empty", "row: footnote", "row: sub_rows", "row: stt",
                    "row: two_header_lines"}
    assert all(t.wants for t in tables)


def test_the_gallery_is_built_the_same_every_run():
    assert [t.text for t in gallery()] == [t.text for t in gallery()]


def test_each_table_knows_where_its_values_and_its_non_values_are():
    for table in gallery():
        for start, end, want in table.wants:
            assert any(ch.isdigit() for ch in table.text[start:end]), (table.text, start, end)
        for start, end, reason in table.nonvalues:
            assert table.text[start:end].isdigit() and reason in ("date", "list"), (table.text[start:end], reason)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_table_of_a_layout_reads_right_but_the_shapes_left(judged, layout):
    wrong = [(t.tags, t.text, issues[:4]) for t, issues in judged
             if t.tags["layout"] == layout and issues and left_why(t) is None]
    assert not wrong, wrong[:3]


def test_the_shapes_left_are_few(judged):
    failing = [t for t, issues in judged if issues]
    assert len(failing) <= len(judged) // 10, len(failing)
