"""The workbook (`parse -o values.xlsx`) and the CSV for spreadsheets (`--excel`).

The workbook is read back with a second reader (openpyxl) and checked cell by cell against
the JSON output of the same run: types, values, Vietnamese text. Where LibreOffice is
installed, it converts the workbook to CSV and that is checked too. Reports are untrusted:
a label, a span or a file name that opens with = + - or @ is never a formula in the
workbook or in the --excel CSV (the qualifier `=` included), and plain CSV stays raw.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import SEEDS, dxextract_in_process
from test_cli import no_temp_files
from test_inputs import messages

openpyxl = pytest.importorskip("openpyxl")

SHEETS = ["values", "provinces", "conflicts", "reports"]
NUMBER_FIELDS = {"start", "end", "line", "col", "value", "total"}
# A report whose text tries to become formulas: a label `@SUM(A1)`, a label `-2+3`, and a
# file name that is a HYPERLINK formula.
HOSTILE_REPORT = ("Tỉnh Hòa Bình năm 2023.\n"
                  "@SUM(A1) đạt 55%.\n"
                  "-2+3 đạt 45%.\n"
                  "Toàn tỉnh có 1.482 Tổ công nghệ số cộng đồng.\n")
HOSTILE_NAME = '=HYPERLINK("evil.example.invalid","x").txt'  # run with cwd=its folder: doc is this


def dx(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command run in-process: what it writes is the matter here, not the process."""
    return dxextract_in_process(list(args), cwd=cwd)


def sheet_rows(workbook, name: str) -> list[dict]:
    rows = list(workbook[name].iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run of each output on the sample reports: the workbook, JSON, --wide and its
    conflicts."""
    folder = tmp_path_factory.mktemp("workbook")
    seeds = [str(p) for p in SEEDS]
    book = folder / "values.xlsx"
    done = dx("parse", "-o", str(book), *seeds)
    assert (done.returncode, done.stdout, messages(done.stderr)) == (0, b"", b"")
    records = json.loads(dx("parse", "-f", "json", *seeds).stdout)
    numbers = list(csv.DictReader(io.StringIO(dx("explain", "-f", "csv", *seeds).stdout.decode())))
    conflicts = folder / "conflicts.csv"
    wide = dx("parse", "--wide", "--conflicts", str(conflicts), *seeds)
    assert wide.returncode == 0
    return {"book": book, "records": records, "wide": list(csv.DictReader(io.StringIO(wide.stdout.decode()))),
            "conflicts": list(csv.DictReader(io.StringIO(conflicts.read_text(encoding="utf-8")))),
            "numbers": numbers, "folder": folder}


def test_sheets_are_values_provinces_conflicts_reports(run):
    book = openpyxl.load_workbook(run["book"])
    assert book.sheetnames == SHEETS
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title  # header row frozen
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        widths = {}  # a <col> element may span several columns of one width
        for dim in sheet.column_dimensions.values():
            for i in range(dim.min, dim.max + 1):
                widths[i] = dim.width
        for i, name in enumerate(header, start=1):
            assert widths.get(i, 0) >= len(name), (sheet.title, name, widths.get(i))


def test_values_sheet_is_the_json_output_with_typed_numbers(run):
    """Every record, every field: numbers typed as numbers equal to the JSON value (a
    percentage keeps 76.2 and shows a % by its format), text equal and in NFC."""
    book = openpyxl.load_workbook(run["book"])
    sheet = book["values"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == list(run["records"][0])  # the JSON's keys, in the JSON's order
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(run["records"])
    percent_seen = False
    for record, row in zip(run["records"], rows):
        for key, cell in zip(header, row):
            want = record[key]
            if want is None:
                assert cell.value is None, (key, record)
            elif key in NUMBER_FIELDS:
                assert cell.data_type == "n" and type(cell.value) in (int, float), (key, cell.value)
                assert cell.value == want, (key, cell.value, want)
            else:
                assert cell.data_type == "s" and cell.value == want, (key, cell.value, want)
                assert unicodedata.is_normalized("NFC", cell.value)
        value = row[header.index("value")]
        if record["kind"] == "percent":
            assert "%" in value.number_format and '"%"' in value.number_format  # a literal %, no ×100
            percent_seen = True
        else:
            assert "%" not in value.number_format
    assert percent_seen
    labels = {r["label"].value for r in sheet_rows(book, "values")}
    assert "Tổ công nghệ số cộng đồng cấp xóm" in labels


def test_excel_csv_keeps_every_value_of_the_json_output(run):
    """--excel: the same rows as the JSON, numbers to the last digit, text in NFC (a text
    cell that opens with = + - @ shown after a ')."""
    done = dx("parse", "--excel", *map(str, SEEDS))
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(run["records"])
    for record, row in zip(run["records"], rows):
        for key, text in row.items():
            want = record[key]
            if want is None:
                assert text == "", key
            elif key in NUMBER_FIELDS:
                assert json.loads(text) == want and type(json.loads(text)) is type(want), (key, text, want)
            else:
                assert text == ("'" + want if want[:1] in "=+-@" else want), (key, text, want)


def _number(text: str):
    return None if text == "" else float(text)


def test_provinces_sheet_is_the_wide_table(run):
    book = openpyxl.load_workbook(run["book"])
    rows = sheet_rows(book, "provinces")
    assert [list(r) for r in rows][0] == list(run["wide"][0])
    for got, want in zip(rows, run["wide"]):
        for key, text in want.items():
            if key in ("doc", "province", "period"):
                assert (got[key].value or "") == text
            else:
                assert got[key].value == _number(text), (key, got[key].value, text)
                if got[key].value is not None:
                    assert got[key].data_type == "n"


def test_conflicts_sheet_is_the_conflicts_report(run):
    book = openpyxl.load_workbook(run["book"])
    rows = sheet_rows(book, "conflicts")
    assert run["conflicts"] and len(rows) == len(run["conflicts"])
    for got, want in zip(rows, run["conflicts"]):
        for key, text in want.items():
            cell = got[key].value
            if key in ("kept", "other", "kept_line", "start", "end", "line", "col"):
                assert cell == _number(text), key
            else:
                assert (cell or "") == text, key


def test_reports_sheet_has_each_input_with_its_context_and_count(run):
    book = openpyxl.load_workbook(run["book"])
    rows = sheet_rows(book, "reports")
    assert [r["doc"].value for r in rows] == [str(p) for p in SEEDS]
    for row in rows:
        mine = [r for r in run["records"] if r["doc"] == row["doc"].value]
        assert row["values"].value == len(mine) and row["values"].data_type == "n"
        for key in ("province", "province_now", "period", "date"):
            assert row[key].value == mine[0][key], key
        # What `dxextract explain` says of the report's numbers: all of them, and the holes.
        numbers = [n for n in run["numbers"] if n["doc"] == row["doc"].value]
        assert row["numbers"].value == len(numbers) > 0
        assert row["unexplained"].value == sum(n["status"] == "unexplained" for n in numbers)
    assert rows[0]["province"].value == "Hòa Bình" and rows[0]["province_now"].value == "Phú Thọ"


def test_workbook_to_a_terminal_is_a_usage_error():
    done = dx("parse", "-f", "xlsx", str(SEEDS[0]))
    assert done.returncode == 2 and done.stdout == b""
    assert b"-o FILE.xlsx" in done.stderr


@pytest.mark.parametrize("args", [["--wide"], ["-f", "csv"], ["--excel"], ["-f", "jsonl"]])
def test_workbook_with_an_option_it_cannot_take_is_a_usage_error(tmp_path, args):
    out = tmp_path / "v.xlsx"
    done = dx("parse", *args, "-o", str(out), str(SEEDS[0]))
    assert done.returncode == 2 and not out.exists() and no_temp_files(tmp_path), done.stderr


def test_format_xlsx_names_any_file(tmp_path):
    out = tmp_path / "values.data"
    done = dx("parse", "--format", "xlsx", "-o", str(out), str(SEEDS[0]))
    assert done.returncode == 0, done.stderr
    with open(out, "rb") as f:
        assert openpyxl.load_workbook(f).sheetnames == SHEETS


def test_workbook_is_written_atomically(tmp_path):
    """A run that reads nothing leaves the old workbook; one bad input among good ones
    gives a workbook of the good ones and exit 1."""
    out = tmp_path / "values.xlsx"
    out.write_bytes(b"old")
    done = dx("parse", "-o", str(out), str(tmp_path / "missing.txt"))
    assert done.returncode == 1 and out.read_bytes() == b"old" and no_temp_files(tmp_path)
    done = dx("parse", "-o", str(out), str(tmp_path / "missing.txt"), str(SEEDS[0]))
    assert done.returncode == 1 and b"missing.txt" in done.stderr
    rows = sheet_rows(openpyxl.load_workbook(out), "reports")
    assert [r["doc"].value for r in rows] == [str(SEEDS[0])]
    assert no_temp_files(tmp_path)


def test_decomposed_report_gives_nfc_text(tmp_path):
    source = tmp_path / "nfd.txt"
    source.write_text(unicodedata.normalize("NFD", HOSTILE_REPORT), encoding="utf-8")
    out = tmp_path / "v.xlsx"
    assert dx("parse", "-o", str(out), str(source)).returncode == 0
    rows = sheet_rows(openpyxl.load_workbook(out), "values")
    labels = [r["label"].value for r in rows]
    assert "Tổ công nghệ số cộng đồng" in labels
    excel = dx("parse", "--excel", str(source)).stdout.decode("utf-8-sig")
    assert "Tổ công nghệ số cộng đồng" in excel and unicodedata.is_normalized("NFC", excel)


# --- formulas never ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / HOSTILE_NAME
    path.write_text(HOSTILE_REPORT, encoding="utf-8")
    return path


def test_hostile_text_is_never_a_formula_in_the_workbook(hostile, tmp_path):
    out = tmp_path / "v.xlsx"
    done = dx("parse", "-o", str(out), hostile.name, cwd=hostile.parent)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    risky = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    risky.append(cell.value)
    assert HOSTILE_NAME.replace(".txt", "") in "".join(risky)  # the file name, as text
    assert "@SUM" in risky and "=" in risky  # a label, and the qualifier
    # The raw XML holds no formula element at all.
    import zipfile

    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_hostile_text_is_never_a_formula_in_excel_csv(hostile):
    done = dx("parse", "--excel", hostile.name, cwd=hostile.parent)
    assert done.returncode == 0
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert "'=" in cells and "'@SUM" in cells and f"'{HOSTILE_NAME}" in cells
    values = [row[rows[0].index("value")] for row in rows[1:]]
    assert values == ["55", "45", "1482"]  # numbers stay numbers


def test_plain_csv_stays_raw_data(hostile):
    done = dx("parse", hostile.name, cwd=hostile.parent)
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode(), newline="")))
    assert {r["qualifier"] for r in rows} == {"="}
    assert [r["label"] for r in rows][:1] == ["@SUM"] and rows[0]["doc"] == HOSTILE_NAME


def test_excel_wide_csv_keeps_formulas_out(hostile):
    done = dx("parse", "--wide", "--excel", hostile.name, cwd=hostile.parent)
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert rows[1][0] == f"'{HOSTILE_NAME}"


# --- a second application: LibreOffice ----------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.slow
def test_libreoffice_reads_the_workbook_as_the_json_says(run, tmp_path):
    """`soffice --headless --convert-to csv` on every sheet, cell contents (not as shown):
    the values sheet equals the JSON output, the reports sheet lists every input."""
    # 44,34,76: comma, double quote, UTF-8; token 9 false: contents, not as shown; -1: all sheets.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", options, "--outdir", str(tmp_path), str(run["book"])],
                          capture_output=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    made = {p.name: p for p in tmp_path.glob("*.csv")}
    assert "values-values.csv" in made, (made, done.stdout, done.stderr)
    with open(made["values-values.csv"], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(run["records"])
    for record, row in zip(run["records"], rows):
        for key, want in record.items():
            got = row[key]
            if want is None:
                assert got == "", key
            elif key in NUMBER_FIELDS:
                assert float(got) == pytest.approx(want, rel=1e-12), (key, got, want)
            else:
                assert got == want, (key, got, want)
    with open(made["values-reports.csv"], encoding="utf-8", newline="") as f:
        reports = list(csv.DictReader(f))
    assert [r["doc"] for r in reports] == [str(p) for p in SEEDS]


def test_a_full_sheet_stops_the_run_rather_than_drop_values(tmp_path, monkeypatch):
    """Past a sheet's last row the run stops: FILE is left as it was, exit 2, and stderr
    says to write CSV or JSON Lines (in-process, with a sheet of ten rows)."""
    from typer.testing import CliRunner

    from dxextract.cli import app
    from dxextract.writers import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 10)
    out = tmp_path / "v.xlsx"
    out.write_bytes(b"old")
    result = CliRunner().invoke(app, ["parse", "-o", str(out), str(SEEDS[0])])
    assert result.exit_code == 2, result.output
    assert "sheet values is full" in result.output and "CSV or JSON Lines" in result.output
    assert out.read_bytes() == b"old" and no_temp_files(tmp_path)
