"""`dxextract explain`: every number of a text — digits and numbers in words — is a value,
a part of one, a non-value with the trap that took it and SPEC section 4's reason, or
unexplained; the run's closing line on stderr counts each."""
from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from dxextract.claims import REASONS, STATUSES
from dxextract.rules import builtin_rules_dir

from conftest import SEEDS, dxextract_in_process
from test_inputs import NUMBERS_LINE, split_numbers_line


def fates(extractor, text: str) -> list[tuple[str, str, str | None, str | None]]:
    _, found = extractor.values.claims(text)
    return [(text[f.start:f.end], f.status, f.rule, f.reason) for f in found]


def test_every_number_has_its_fate(extractor):
    text = ("Tỷ lệ hồ sơ đạt 76,2%, 151/151 xã có cáp quang, mật độ 31,6 thuê bao/100 dân. "
            "Ngày 12/3/2024, theo Quyết định số 568/QĐ-UBND, có hai xã mới.")
    got = {(number, status, reason) for number, status, _, reason in fates(extractor, text)}
    assert got == {
        ("76,2", "value", "percent"), ("151", "value", "fraction"), ("151", "part", "fraction"),
        ("31,6", "value", "rate"), ("100", "part", "rate"),  # SPEC section 4: the 100 of /100 dân
        ("12", "excluded", "date"), ("3", "excluded", "date"), ("2024", "excluded", "date"),
        ("568", "excluded", "identifier"), ("hai", "value", "count"),
    }


def test_words_inside_other_words_are_no_numbers(extractor):
    # underthesea's words: the "tư" of "đầu tư", the "Hai" of "Hai Bà Trưng", "ba mẹ".
    assert fates(extractor, "Vốn đầu tư lớn ở quận Hai Bà Trưng, ba mẹ học sinh đồng tình.") == []
    # "một" and "năm" alone are everyday words; with another number word they are numbers.
    assert fates(extractor, "Một số xã trong năm qua.") == []
    assert [f[:2] for f in fates(extractor, "tăng hai bậc, có mười lăm doanh nghiệp")] == \
        [("hai", "value"), ("mười lăm", "value")]


def test_a_number_no_rule_explains_is_unexplained(extractor):
    assert fates(extractor, "abc 7 ; xyz 7") == [("7", "unexplained", None, None)] * 2


def test_every_builtin_trap_names_a_reason_of_the_spec():
    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules") or []:
            if "kind" not in entry:
                assert entry.get("reason") in REASONS, (path.name, entry["id"])


def test_no_number_of_the_sample_reports_is_unexplained(extractor):
    from dxextract.reader import read_blocks

    for path in SEEDS:
        document = extractor.document(path.name, read_blocks(str(path)), explain=True)
        holes = [(r.line, r.text, r.around) for r in document.records if r.status == "unexplained"]
        assert not holes, (path.name, holes)
        assert document.tally.unexplained == 0 and document.tally.value > 0


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return dxextract_in_process(list(args), stdin)


REPORT = "Tỷ lệ hồ sơ đạt 76,2% năm 2024; 151/151 xã có cáp quang. Mã abc 7 ; xyz.\n"


def test_explain_lines_name_the_place_the_fate_and_the_number_in_its_line(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(REPORT, encoding="utf-8")
    done = run("explain", str(doc))
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert lines[0].startswith(f"{doc}:1:17: value       76,2  percent.sign (percent)  ")
    assert "«76,2»%" in lines[0]
    assert any(" excluded    2024  trap.date.year (date)" in line for line in lines)
    assert lines[-1].startswith(f"{doc}:1:65: unexplained 7")
    err, numbers = split_numbers_line(done.stderr.decode())
    assert err == "" and numbers.startswith("dxextract: 5 numbers in 1 report: 2 values, 1 part of a value, "
                                            "1 excluded, 1 unexplained")


def test_explain_as_data_and_only_the_holes(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(REPORT, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("explain", "--format", "csv", str(doc)).stdout.decode())))
    assert [r["status"] for r in rows] == ["value", "excluded", "value", "part", "unexplained"]
    assert all(REPORT[int(r["start"]):int(r["end"])] == r["text"] for r in rows)
    assert {r["status"] for r in rows} <= set(STATUSES)
    holes = [json.loads(line) for line in run("explain", "-f", "jsonl", "-u", "-", stdin=REPORT.encode())
             .stdout.decode().splitlines()]
    assert [(h["doc"], h["text"], h["status"], h["rule"]) for h in holes] == [("-", "7", "unexplained", None)]


def test_parse_explain_adds_a_row_for_every_other_number(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(REPORT, encoding="utf-8")
    plain = list(csv.DictReader(io.StringIO(run("parse", str(doc)).stdout.decode())))
    done = run("parse", "--explain", str(doc))
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert list(rows[0])[-2:] == ["status", "reason"]
    values = [r for r in rows if r["status"] == "value"]
    assert [{k: v for k, v in r.items() if k not in ("status", "reason")} for r in values] == plain
    others = [(r["text"], r["status"], r["rule"], r["reason"], r["kind"]) for r in rows if r["status"] != "value"]
    assert others == [("2024", "excluded", "trap.date.year", "date", ""), ("151", "part", "fraction.noun", "fraction", ""),
                      ("7", "unexplained", "", "", "")]
    assert NUMBERS_LINE.fullmatch(done.stderr.decode())


@pytest.mark.parametrize("args", [["--wide"], ["--format", "table"]])
def test_parse_explain_refuses_the_views_without_room_for_it(tmp_path, args):
    done = run("parse", "--explain", *args, "-", stdin=REPORT.encode())
    assert done.returncode == 2 and b"--explain writes csv, jsonl or json" in done.stderr


def test_explain_rows_of_a_pdf_carry_their_page():
    pdf = Path(__file__).resolve().parent / "fixtures" / "report.pdf"
    done = run("parse", "--explain", "-f", "jsonl", str(pdf))
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert rows and all(r["page"] >= 1 for r in rows)
    assert {r["status"] for r in rows} >= {"value", "excluded"}
    assert max(r["page"] for r in rows) > 1
