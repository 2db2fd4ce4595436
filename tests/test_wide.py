"""The province-by-indicator table: one row per report, a column per indicator found,
conflicting values reported rather than dropped."""
import csv
import io

import pytest

from dxextract.writers.wide import write_wide

from conftest import SEEDS
from test_inputs import split_numbers_line


@pytest.fixture(scope="module")
def tables(extractor):
    from dxextract.reader import read_blocks

    documents = [extractor.document(p.name, read_blocks(str(p))) for p in SEEDS]
    out, conflicts = io.StringIO(), io.StringIO()
    n = write_wide(out, documents, extractor.catalogue, conflicts)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), list(csv.DictReader(io.StringIO(conflicts.getvalue()))), n


def test_one_row_per_province(tables):
    rows, _, _ = tables
    assert [r["province"] for r in rows] == ["Hòa Bình", "Hải Dương", "Quảng Bình", "Thái Nguyên", "Hà Tĩnh"]
    assert rows[1]["period"] == "2023-01/2023-10"


def test_cells_hold_values_by_indicator_scope_and_role(tables):
    rows, _, _ = tables
    quang_binh = rows[2]
    assert quang_binh["DVC_ONLINE_DOSSIER_RATE"] == "76.2"
    assert quang_binh["DVC_ONLINE_DOSSIER_RATE@cấp xã"] == "91.4"
    hai_duong = rows[1]
    assert hai_duong["DTI_RANK"] == "13"
    assert hai_duong["DTI_RANK:change"] == "1"
    assert rows[0]["FIBRE_KM"] == "8231"


def test_conflicts_are_listed_with_their_spans(tables):
    _, conflicts, n = tables
    assert n == len(conflicts) > 0
    source = {p.name: p.read_text(encoding="utf-8") for p in SEEDS}
    for c in conflicts:
        assert source[c["doc"]][int(c["start"]):int(c["end"])] == c["other_text"]
        assert c["kept"] != c["other"]


def _dxextract():
    import sys
    from pathlib import Path

    return str(Path(sys.executable).parent / "dxextract")


def test_the_command_writes_the_wide_table_and_its_conflicts(tmp_path):
    import subprocess

    table, report = tmp_path / "provinces.csv", tmp_path / "conflicts.csv"
    done = subprocess.run([_dxextract(), "parse", "--wide", "--conflicts", str(report), "-o", str(table),
                           *map(str, SEEDS)], capture_output=True, text=True)
    assert (done.returncode, done.stdout, split_numbers_line(done.stderr)[0]) == (0, "", "")
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert len(rows) == 5 and len({r["province"] for r in rows}) == 5
    assert list(csv.DictReader(report.open(encoding="utf-8")))


def test_the_command_lists_the_catalogue():
    import subprocess

    done = subprocess.run([_dxextract(), "indicators", "--format", "csv"], capture_output=True, text=True)
    assert done.returncode == 0
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) >= 30
    assert {"DTI_RANK", "HOUSEHOLD_FIBRE", "COMMUNITY_TECH_TEAMS"} <= {r["code"] for r in rows}
    assert all(r["name"] and r["pillar"] and r["kinds"] for r in rows)


def test_wide_refuses_other_formats():
    import subprocess

    done = subprocess.run([_dxextract(), "parse", "--wide", "--format", "jsonl", str(SEEDS[0])],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--wide" in done.stderr
