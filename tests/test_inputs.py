"""Real-world input through the installed `dxextract` command: the input matrix.

Every case is one run of `dxextract` on files made for it, and asserts its stdout, its
stderr and its exit code. A case that is about the process runs the installed command as a
subprocess: its memory, its permissions, a rules folder named relative to its working folder
(the rulebook is cached by that name in a process); the rest run the same command in-process
(typer's CliRunner, the extractor built once), as the help examples in test_cli.py do, since a
process start-up costs more than reading the case. A module fixture starts the subprocesses
side by side on a thread pool and runs the in-process cases meanwhile, then each test checks
its own result. `pytest -k utf16` still runs only the cases it selects.

Offsets are checked against the file decoded here, independently of the reader:
`text == source[start:end]` on the ORIGINAL characters (decomposed, cp1258, new-style
tones…), and line/col are recomputed with `\\r\\n`, `\\r` and `\\n` each ending a line.
"""
from __future__ import annotations

import codecs
import csv
import functools
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract.pipeline import extract, extractor_for
from dxextract.reader import Block
from dxextract.records import CSV_COLUMNS

from conftest import cp1258_form, dxextract_in_process, in_cp1258

DX = Path(sys.executable).parent / "dxextract"
HEADER = ",".join(CSV_COLUMNS) + "\n"

# A short report in NFC with the traditional tone placement (`Hòa`, `thủy`).
REPORT = (
    "Kết quả chuyển đổi số tỉnh Hòa Bình năm 2023\n"
    "Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh đạt 76,2% (cấp tỉnh 68,2%).\n"
    "Toàn tỉnh có 1.482 Tổ công nghệ số cộng đồng với gần 13.000 thành viên; "
    "151/151 xã có cáp quang, trên 8.231 km cáp quang.\n"
    "Nhà máy thủy điện Hòa Bình và tỉnh đứng thứ 13/63 tỉnh, thành phố về chuyển đổi số.\n"
)
# The same report with the new tone placement: `hoà`, `thuỷ`.
NEW_STYLE = REPORT.replace("Hòa", "Hoà").replace("thủy", "thuỷ")
# Values any reading of REPORT must give, whatever the rules add besides.
CORE = {("percent", 76.2, None), ("percent", 68.2, None), ("count", 1482, None), ("count", 13000, None),
        ("fraction", 151, 151), ("length", 8231, None), ("rank", 13, 63)}


# The line a run ends with on stderr: what became of the numbers of its reports.
NUMBERS_LINE = re.compile(r"dxextract: (\d+) numbers? in (\d+) reports?: (\d+) values?, (\d+) (?:part of a value|parts of "
                          r"values), (\d+) excluded, (\d+) unexplained(?: \(dxextract explain lists them\))?\n")


def split_numbers_line(stderr: str) -> tuple[str, Optional[str]]:
    """stderr less its closing line about the numbers, and that line (None without one)."""
    lines = stderr.splitlines(keepends=True)
    if lines and NUMBERS_LINE.fullmatch(lines[-1]):
        return "".join(lines[:-1]), lines[-1]
    return stderr, None


def messages(stderr: bytes) -> bytes:
    """A run's stderr less the closing line about the numbers."""
    return split_numbers_line(stderr.decode("utf-8"))[0].encode("utf-8")


def cp1258_composed(text: str) -> str:
    """The other cp1258 habit: every character cp1258 has precomposed (à, á, é, Ó…) kept
    whole, combining tone marks only where it has none (ạ, ả, ế…)."""
    return "".join(ch if in_cp1258(ch) else cp1258_form(ch) for ch in unicodedata.normalize("NFC", text))


def locate(source: str, i: int) -> tuple[int, int]:
    """1-based (line, col) of source[i], every line-break style ending a line."""
    breaks = [m.end() for m in re.finditer(r"\r\n|\r|\n", source[:i])]
    return (len(breaks) + 1, i - breaks[-1] + 1) if breaks else (1, i + 1)


def rows_of(stdout: str) -> list[dict]:
    assert stdout.startswith(HEADER), stdout[:200]
    return list(csv.DictReader(io.StringIO(stdout, newline="")))


def number(text: str):
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def values(rows: list[dict]) -> list[tuple]:
    return [(r["kind"], number(r["value"]), number(r["total"]), r["qualifier"], r["role"]) for r in rows]


def assert_spans_exact(rows: list[dict], source: str) -> None:
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert 0 <= start < end <= len(source)
        assert source[start:end] == r["text"], r
        assert (int(r["line"]), int(r["col"])) == locate(source, start), r


# --- the reference: REPORT read in-process -----------------------------------------------

@functools.cache
def reference() -> list[tuple]:
    """(kind, value, total, qualifier, role) of each value of REPORT, read in-process."""
    found = [(r.kind, r.value, r.total, r.qualifier, r.role) for r in extract(REPORT)]
    return [tuple(number(str(x)) if isinstance(x, float) else x for x in f) for f in found]


@functools.cache
def report_province() -> str:
    return extractor_for(()).document("-", [Block(REPORT, 0, 1)]).context.province


def test_reference_reading_has_the_core_values():
    assert CORE <= {(k, v, t) for k, v, t, _, _ in reference()}
    assert report_province() == "Hòa Bình"


# --- the matrix ----------------------------------------------------------------------------

@dataclass
class Result:
    code: int
    out: str
    err: str  # stderr less the closing line about the numbers (kept in `numbers`)
    dir: Path
    numbers: Optional[str] = None


@dataclass
class Case:
    id: str
    files: dict[str, bytes]
    args: list[str]
    check: Callable[[Result], None]
    stdin: Optional[bytes] = None
    prepare: Optional[Callable[[Path], None]] = None  # more set-up in the case's folder
    prefix: Optional[Callable[[Path], list[str]]] = None  # a wrapper command before dxextract
    cleanup: Optional[Callable[[Path], None]] = None
    slow: bool = False
    timeout: float = 120

    @property
    def needs_a_process(self) -> bool:
        """A wrapper command, or a rules folder the in-process rulebook cache would confuse
        with another case's folder of the same relative name."""
        return self.prefix is not None or "--rules" in self.args or self.args[:2] == ["rules", "check"]


def same_values_as_reference(source: str, doc: str = "doc.txt") -> Callable[[Result], None]:
    """Exit 0, nothing on stderr, the reference values with exact spans into `source`."""

    def check(res: Result) -> None:
        assert (res.code, res.err) == (0, "")
        rows = rows_of(res.out)
        assert values(rows) == reference()
        assert {r["doc"] for r in rows} == {doc}
        assert {r["province"] for r in rows} == {report_province()}
        assert_spans_exact(rows, source)

    return check


def only_error(*lines: str, code: int = 1, header: bool = True) -> Callable[[Result], None]:
    """The given stderr lines exactly, no data (a CSV header at most), the exit code."""

    def check(res: Result) -> None:
        assert res.err == "".join(f"{line}\n" for line in lines)
        assert res.out == (HEADER if header else "")
        assert res.code == code

    return check


def usage_error(*needles: str) -> Callable[[Result], None]:
    """Exit 2, nothing on stdout, stderr naming the problem."""

    def check(res: Result) -> None:
        assert res.code == 2
        assert res.out == ""
        for needle in needles:
            assert needle in res.err, res.err
        assert "Traceback" not in res.err

    return check


def rule_error(file: str, rule_id: Optional[str], what: str) -> Callable[[Result], None]:
    """Exit 2, nothing on stdout, one line naming the file, the rule and the fault."""

    def check(res: Result) -> None:
        assert res.code == 2
        assert res.out == ""
        assert res.err.count("\n") == 1, res.err
        assert res.err.startswith(f"dxextract: {file}: "), res.err
        if rule_id:
            assert f"rule {rule_id}: " in res.err
        assert what in res.err, res.err

    return check


def _check_empty(res: Result) -> None:
    assert (res.code, res.out, res.err) == (0, HEADER, "")


def _check_undecodable_forced(res: Result) -> None:
    assert res.code == 1 and res.out == HEADER
    assert re.fullmatch(r"dxextract: cp1258\.txt: cannot decode as utf-8 at byte \d+ \(forced with --encoding\)\n",
                        res.err), res.err


def _check_mixed(res: Result) -> None:
    assert res.code == 1
    assert res.err == ("dxextract: missing.txt: no such file\n"
                       "dxextract: folder: is a directory\n"
                       "dxextract: image.png: binary file, not text\n")
    rows = rows_of(res.out)
    assert [r["doc"] for r in rows] == ["a.txt"] * len(reference()) + ["b.txt"] * len(reference())
    assert values(rows) == reference() * 2
    assert_spans_exact([r for r in rows if r["doc"] == "b.txt"], REPORT)


LONG_LINE_WORDS = "Chuyen doi so la xu huong tat yeu. "
LONG_LINE = "Tỷ lệ hồ sơ đạt 76,2%. " + LONG_LINE_WORDS * (1_150_000 // len(LONG_LINE_WORDS)) + "Có 1.482 Tổ công nghệ số."


def _check_long_line(res: Result) -> None:
    source = "Dòng đầu.\n" + LONG_LINE + "\nCó 151/151 xã.\n"
    assert (res.code, res.err) == (0, "")
    rows = rows_of(res.out)
    assert [(r["text"], r["line"]) for r in rows] == [("76,2%", "2"), ("1.482", "2"), ("151/151", "3")]
    assert int(rows[1]["col"]) > 1_100_000
    assert_spans_exact(rows, source)


# 100 MB: a value on the first line and on the last, ~100 MiB of short-word lines between.
BIG_FIRST = "Tỷ lệ hồ sơ trực tuyến đạt 76,2%.\n"
BIG_LAST = "Có 1.482 Tổ công nghệ số.\n"
BIG_FILLER = "xyz bcd fgh klm npq rst vwx " * 36 + "\n"
BIG_CHUNKS = (100 * 2**20) // (len(BIG_FILLER) * 1024) + 1  # of 1024 filler lines
BIG_MEMORY_LIMIT_MIB = 150


def _make_big(folder: Path) -> None:
    chunk = (BIG_FILLER * 1024).encode()
    with open(folder / "big.txt", "wb") as f:
        f.write(BIG_FIRST.encode())
        for _ in range(BIG_CHUNKS):
            f.write(chunk)
        f.write(BIG_LAST.encode())


def _check_big(res: Result) -> None:
    assert (res.code, res.err) == (0, "")
    rows = rows_of(res.out)
    assert [r["text"] for r in rows] == ["76,2%", "1.482"]
    assert (int(rows[0]["start"]), rows[0]["line"]) == (BIG_FIRST.index("76,2%"), "1")
    filler_chars = len(BIG_FILLER) * 1024 * BIG_CHUNKS  # ASCII: as many characters as bytes
    assert filler_chars >= 100 * 2**20
    assert int(rows[1]["start"]) == len(BIG_FIRST) + filler_chars + BIG_LAST.index("1.482")
    assert (rows[1]["line"], rows[1]["col"]) == (str(2 + 1024 * BIG_CHUNKS), "4")
    peak_kib = int((res.dir / "peak_rss_kib").read_text())
    if sys.platform == "darwin":  # ru_maxrss is in bytes there
        peak_kib //= 1024
    assert peak_kib < BIG_MEMORY_LIMIT_MIB * 1024, f"peak RSS {peak_kib // 1024} MiB for a 100 MiB file"


# Runs dxextract and leaves the peak RSS of it (its only child) in ./peak_rss_kib.
RSS_HELPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
with open("peak_rss_kib", "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def _drop_big(folder: Path) -> None:
    (folder / "big.txt").unlink(missing_ok=True)  # keep 100 MB out of pytest's kept tmp folders


def _unreadable(folder: Path) -> None:
    os.chmod(folder / "secret.txt", 0)


def _unreadable_prefix(folder: Path) -> list[str]:
    """As root, permissions do not stop reads; without the capabilities that bypass them
    (dropped from the bounding set by setpriv), they do."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _can_simulate_unreadable() -> Optional[str]:
    """None when a file can be made unreadable to the child, else why not."""
    if os.geteuid() != 0:
        return None
    if not shutil.which("setpriv"):
        return "running as root without setpriv: cannot make a file unreadable"
    with tempfile.TemporaryDirectory() as folder:
        secret = Path(folder) / "secret"
        secret.write_text("x")
        secret.chmod(0)
        probe = subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", "cat", str(secret)],
                               capture_output=True)
    if probe.returncode == 0:
        return "running as root and dropping capabilities does not stop reads here"
    return None


CATASTROPHIC_RULE = """\
rules:
  - id: my.backtracking
    kind: count
    pattern: '(?P<num>(\\d|\\d\\d)+)$'
"""


def _check_catastrophic(res: Result) -> None:
    # The built-in regex timeout (values.REGEX_TIMEOUT_SECONDS, 5 s) ends the file's run: the
    # pattern would backtrack for hours. Its message says so; the case's own timeout (far
    # below hours, far above what a busy machine takes) catches a run that never ends. No
    # wall-clock bound here: under a load of 20 the run took 91-100 s and failed one of 90 s.
    assert res.code == 1
    assert re.fullmatch(r"dxextract: digits\.txt: rule my\.backtracking ran over \d+(\.\d+)?s .*\n", res.err), res.err
    rows = rows_of(res.out)
    assert values([r for r in rows if r["doc"] == "good.txt"]) == reference()


def _check_failing_example(res: Result) -> None:
    assert (res.code, res.err) == (1, "")
    lines = res.out.splitlines()
    fails = [line for line in lines if line.startswith("FAIL")]
    assert len(fails) == 1
    assert fails[0].startswith("FAIL my.widgets (mine.yaml): 'có 7 widget': no record {'value': 8}"), fails
    assert re.fullmatch(r"\d+ passed, 1 failed", lines[-1])


def _random_texts(seed: int = 5, n: int = 6) -> dict[str, str]:
    rng = random.Random(seed)
    alphabet = ("0123456789.,/%:-() \n\r\t" "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệ"
                "ìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ" "\u0300\u0301\u0303\u0309\u0323\xa0\u2013\u201c\u201d"
                "€→中文\U0001f600")
    words = ["tỷ", "lệ", "đạt", "triệu", "nghìn", "tỷ đồng", "km", "xã", "thứ", "hạng", "lần", "gấp", "%",
             "Mbps", "hộ", "khoảng", "trên", "hai", "mười", "năm"]
    texts = {}
    for k in range(n):
        pieces = []
        for _ in range(rng.randint(20, 120)):
            pieces.append(rng.choice(words) if rng.random() < 0.4 else
                          "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
        texts[f"random{k}.txt"] = " ".join(pieces)
    return texts


RANDOM_TEXTS = _random_texts()


def _check_random(res: Result) -> None:
    assert (res.code, res.err) == (0, "")
    rows = rows_of(res.out)
    assert {r["doc"] for r in rows} <= set(RANDOM_TEXTS)
    for name, text in RANDOM_TEXTS.items():
        assert_spans_exact([r for r in rows if r["doc"] == name], text)


def _evil_rule(folder: Path) -> None:
    rules = folder / "rules"
    rules.mkdir()
    (rules / "evil.yaml").write_text(
        'rules:\n  - id: my.evil\n    kind: percent\n'
        f'    pattern: !!python/object/apply:os.system ["touch {folder / "pwned"}"]\n')


def _check_evil(res: Result) -> None:
    rule_error("rules/evil.yaml", None, "python/object")(res)
    assert not (res.dir / "pwned").exists(), "a YAML tag ran code"


def rules_dir(yaml: str) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        (folder / "rules").mkdir()
        (folder / "rules" / "mine.yaml").write_text(yaml, encoding="utf-8")

    return prepare


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(range(256)) * 8

CASES = [
    # encodings
    Case("utf8", {"doc.txt": utf8(REPORT)}, ["parse", "doc.txt"], same_values_as_reference(REPORT)),
    Case("utf8-bom", {"doc.txt": codecs.BOM_UTF8 + utf8(REPORT)}, ["parse", "doc.txt"],
         same_values_as_reference(REPORT)),  # the BOM is not counted in offsets
    Case("utf16-le-bom", {"doc.txt": codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le")}, ["parse", "doc.txt"],
         same_values_as_reference(REPORT)),
    Case("utf16-be-bom", {"doc.txt": codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be")}, ["parse", "doc.txt"],
         same_values_as_reference(REPORT)),
    Case("cp1258-combining-tones", {"doc.txt": cp1258_form(REPORT).encode("cp1258")}, ["parse", "doc.txt"],
         same_values_as_reference(cp1258_form(REPORT))),
    Case("cp1258-precomposed-where-possible", {"doc.txt": cp1258_composed(REPORT).encode("cp1258")},
         ["parse", "doc.txt"], same_values_as_reference(cp1258_composed(REPORT))),
    Case("nfd", {"doc.txt": utf8(unicodedata.normalize("NFD", REPORT))}, ["parse", "doc.txt"],
         same_values_as_reference(unicodedata.normalize("NFD", REPORT))),
    Case("new-style-tones", {"doc.txt": utf8(NEW_STYLE)}, ["parse", "doc.txt"], same_values_as_reference(NEW_STYLE)),
    Case("new-style-tones-nfd-cp1258", {"doc.txt": cp1258_form(NEW_STYLE).encode("cp1258")}, ["parse", "doc.txt"],
         same_values_as_reference(cp1258_form(NEW_STYLE))),
    Case("encoding-forced-cp1258", {"doc.txt": cp1258_form(REPORT).encode("cp1258")},
         ["parse", "--encoding", "cp1258", "doc.txt"], same_values_as_reference(cp1258_form(REPORT))),
    Case("encoding-forced-utf16le-without-bom", {"doc.txt": REPORT.encode("utf-16-le")},
         ["parse", "--encoding", "utf-16-le", "doc.txt"], same_values_as_reference(REPORT)),
    Case("utf16le-without-bom-undetected", {"doc.txt": REPORT.encode("utf-16-le")}, ["parse", "doc.txt"],
         only_error("dxextract: doc.txt: binary file, not text (looks like UTF-16 without a BOM: try --encoding utf-16-le)")),
    Case("encoding-forced-wrong", {"cp1258.txt": cp1258_form(REPORT).encode("cp1258")},
         ["parse", "--encoding", "utf-8", "cp1258.txt"], _check_undecodable_forced),
    Case("encoding-unknown", {"doc.txt": utf8(REPORT), "b.txt": utf8(REPORT)},
         ["parse", "--encoding", "klingon", "doc.txt", "b.txt"],
         only_error("dxextract: unknown encoding 'klingon' (--encoding): try utf-8, utf-16, cp1258", code=2,
                    header=False)),
    Case("undecodable", {"bad.txt": utf8("Tỷ lệ đạt 76,2%") + b" \x81\x8d\x90 xx\n"}, ["parse", "bad.txt"],
         only_error("dxextract: bad.txt: cannot decode as utf-8 (byte 23) or cp1258 (byte 23)")),
    # line ends and odd characters
    Case("crlf", {"doc.txt": utf8(REPORT.replace("\n", "\r\n"))}, ["parse", "doc.txt"],
         same_values_as_reference(REPORT.replace("\n", "\r\n"))),
    Case("lone-cr", {"doc.txt": utf8(REPORT.replace("\n", "\r"))}, ["parse", "doc.txt"],
         same_values_as_reference(REPORT.replace("\n", "\r"))),
    Case("nul-bytes", {"doc.txt": utf8(REPORT.replace("Toàn tỉnh", "Toàn\x00tỉnh").replace("năm", "n\x00ăm"))},
         ["parse", "doc.txt"],
         same_values_as_reference(REPORT.replace("Toàn tỉnh", "Toàn\x00tỉnh").replace("năm", "n\x00ăm"))),
    Case("very-long-line", {"doc.txt": utf8("Dòng đầu.\n" + LONG_LINE + "\nCó 151/151 xã.\n")}, ["parse", "doc.txt"],
         _check_long_line, slow=True),
    Case("empty-file", {"empty.txt": b""}, ["parse", "empty.txt"], _check_empty),
    Case("bom-only-file", {"bom.txt": codecs.BOM_UTF8}, ["parse", "bom.txt"], _check_empty),
    Case("100-mb-file", {}, ["parse", "big.txt"], _check_big, prepare=_make_big, cleanup=_drop_big,
         prefix=lambda folder: [sys.executable, "-c", RSS_HELPER], slow=True),
    Case("vietnamese-file-name", {"báo cáo 2023.txt": utf8(REPORT)}, ["parse", "báo cáo 2023.txt"],
         same_values_as_reference(REPORT, doc="báo cáo 2023.txt")),
    # inputs that cannot be read
    Case("missing-file", {}, ["parse", "không có.txt"], only_error("dxextract: không có.txt: no such file")),
    Case("directory", {"folder/x.txt": b"x"}, ["parse", "folder"], only_error("dxextract: folder: is a directory")),
    Case("binary-file", {"image.png": PNG}, ["parse", "image.png"],
         only_error("dxextract: image.png: binary file, not text")),
    Case("unreadable-file", {"secret.txt": utf8(REPORT)}, ["parse", "secret.txt"],
         only_error("dxextract: secret.txt: permission denied"), prepare=_unreadable, prefix=_unreadable_prefix),
    Case("good-and-bad-files", {"a.txt": utf8(REPORT), "folder/x.txt": b"x", "image.png": PNG,
                                "b.txt": utf8(REPORT)},
         ["parse", "a.txt", "missing.txt", "folder", "image.png", "b.txt"], _check_mixed),
    # standard input
    Case("stdin-utf8", {}, ["parse", "-"], same_values_as_reference(REPORT, doc="-"), stdin=utf8(REPORT)),
    Case("stdin-cp1258", {}, ["parse", "-"], same_values_as_reference(cp1258_form(REPORT), doc="-"),
         stdin=cp1258_form(REPORT).encode("cp1258")),
    Case("stdin-empty", {}, ["parse", "-"], _check_empty, stdin=b""),
    # usage errors
    Case("usage-no-files", {}, ["parse"], usage_error("Missing argument")),
    Case("usage-unknown-option", {"doc.txt": b"x"}, ["parse", "--colour", "doc.txt"], usage_error("No such option")),
    Case("usage-unknown-format", {"doc.txt": b"x"}, ["parse", "-f", "xml", "doc.txt"],
         only_error("dxextract: unknown format 'xml': choose one of csv, jsonl, json, table, xlsx", code=2, header=False)),
    Case("usage-excel-with-jsonl", {"doc.txt": b"x"}, ["parse", "--excel", "-f", "jsonl", "doc.txt"],
         only_error("dxextract: --excel goes with --format csv", code=2, header=False)),
    Case("usage-unknown-command", {}, ["parrse", "doc.txt"], usage_error("No such command")),
    # rule files
    Case("rules-bad-yaml", {"doc.txt": b"x"}, ["parse", "--rules", "rules", "doc.txt"],
         rule_error("rules/mine.yaml", None, "not valid YAML"),
         prepare=rules_dir("rules:\n  - id: my.rule\n    kind: percent\n    pattern: '(?P<num>\\d+)%'\n   oops: [\n")),
    Case("rules-unknown-kind", {"doc.txt": b"x"}, ["parse", "--rules", "rules", "doc.txt"],
         rule_error("rules/mine.yaml", "my.rule", "kind 'percentage' is not one of"),
         prepare=rules_dir("rules:\n  - id: my.rule\n    kind: percentage\n    pattern: '(?P<num>\\d+)%'\n")),
    Case("rules-pattern-does-not-compile", {"doc.txt": b"x"}, ["parse", "--rules", "rules", "doc.txt"],
         rule_error("rules/mine.yaml", "my.rule", "pattern does not compile"),
         prepare=rules_dir("rules:\n  - id: my.rule\n    kind: percent\n    pattern: '(?P<num>\\d+(%'\n")),
    Case("rules-missing-num-group", {"doc.txt": b"x"}, ["parse", "--rules", "rules", "doc.txt"],
         rule_error("rules/mine.yaml", "my.rule", "named group 'num'"),
         prepare=rules_dir("rules:\n  - id: my.rule\n    kind: percent\n    pattern: '\\d+%'\n")),
    Case("rules-python-tag-refused", {"doc.txt": b"x"}, ["parse", "--rules", "rules", "doc.txt"], _check_evil,
         prepare=_evil_rule),
    Case("rules-folder-missing", {"doc.txt": b"x"}, ["parse", "--rules", "nowhere", "doc.txt"],
         rule_error("nowhere", None, "rules folder not found")),
    Case("rules-catastrophic-backtracking", {"digits.txt": utf8("Có " + "1" * 40 + "! và 76,2%\n"),
                                             "good.txt": utf8(REPORT)},
         ["parse", "--rules", "rules", "digits.txt", "good.txt"], _check_catastrophic,
         prepare=rules_dir(CATASTROPHIC_RULE), slow=True, timeout=900),
    Case("rules-check-failing-example", {}, ["rules", "check", "rules"], _check_failing_example,
         prepare=rules_dir("rules:\n  - id: my.widgets\n    kind: count\n    priority: 100\n"
                           "    pattern: '(?P<num>\\d+) widget'\n"
                           "    examples:\n      - text: 'có 7 widget'\n        expect: [{value: 8}]\n")),
    Case("rules-check-malformed-example", {}, ["rules", "check", "rules"],
         rule_error("rules/mine.yaml", "my.widgets", "malformed example in 'rules': missing 'text'"),
         prepare=rules_dir("rules:\n  - id: my.widgets\n    kind: count\n"
                           "    pattern: '(?P<num>\\d+) widget'\n    examples:\n      - expect: [{value: 7}]\n")),
    # arbitrary text
    Case("random-texts", {name: utf8(text) for name, text in RANDOM_TEXTS.items()}, ["parse", *RANDOM_TEXTS],
         _check_random),
]


def _lay_out(case: Case, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if case.prepare:
        case.prepare(folder)


def _run_in_process(case: Case, folder: Path) -> Result:
    """The command's run in this process, from the case's folder (the caller's working folder
    is restored)."""
    _lay_out(case, folder)
    here = os.getcwd()
    os.chdir(folder)
    try:
        done = dxextract_in_process(case.args, case.stdin if case.stdin is not None else b"")
    finally:
        os.chdir(here)
        if case.cleanup:
            case.cleanup(folder)
    err, numbers = split_numbers_line(done.stderr.decode("utf-8"))
    return Result(done.returncode, done.stdout.decode("utf-8"), err, folder, numbers)


def _run(case: Case, folder: Path) -> Result:
    _lay_out(case, folder)
    argv = [*(case.prefix(folder) if case.prefix else []), str(DX), *case.args]
    try:
        done = subprocess.run(argv, cwd=folder, input=case.stdin if case.stdin is not None else b"",
                              capture_output=True, timeout=case.timeout)
    finally:
        if case.cleanup:
            case.cleanup(folder)
    err, numbers = split_numbers_line(done.stderr.decode("utf-8"))
    return Result(done.returncode, done.stdout.decode("utf-8"), err, folder, numbers)


@pytest.fixture(scope="module")
def matrix(request, tmp_path_factory) -> dict[str, Result]:
    """Starts every selected subprocess case at once, slow ones first, and runs the
    in-process cases while they go."""
    here = Path(__file__)
    wanted = {item.callspec.params["case"].id for item in request.session.items
              if Path(str(item.fspath)) == here and getattr(item, "originalname", "") == "test_input"
              and not item.get_closest_marker("skip")}
    cases = sorted((c for c in CASES if c.id in wanted), key=lambda c: not c.slow)
    root = tmp_path_factory.mktemp("matrix")
    with ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2) + 1)) as pool:
        futures = {c.id: pool.submit(_run, c, root / c.id) for c in cases if c.needs_a_process}
        results = {c.id: _run_in_process(c, root / c.id) for c in cases if not c.needs_a_process}
        return {**results, **{name: f.result() for name, f in futures.items()}}


def _param(case: Case):
    marks = [pytest.mark.slow] if case.slow else []
    if case.id == "unreadable-file":
        why = _can_simulate_unreadable()
        if why:
            marks.append(pytest.mark.skip(reason=why))
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_input(case: Case, matrix: dict[str, Result]) -> None:
    case.check(matrix[case.id])


def test_the_matrix_is_big_enough():
    assert len(CASES) >= 20
    assert len({c.id for c in CASES}) == len(CASES)


# --- never raises, spans always valid (in-process) ------------------------------------------

SOUP = st.text(alphabet="0123456789.,/%:-()+ \n\r\t\xa0" "kmđồngtỷtriệunghìnxãthứhạnglầngấpMbps" "\u0300\u0301\u0323",
               max_size=300)
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
REPORTISH = st.lists(st.sampled_from([
    "Tỷ lệ hồ sơ đạt ", "76,2%", "1.482 Tổ", " xã", "151/151", "thứ 13/63", "3.800 tỷ đồng", "gấp 3,2 lần",
    "hoà", "thuỷ", "ngày 05/12/2023", "\r\n", "\r", "\n", ". ", "(", ")", "\u0301", "\x00", "\x1b[31m",
]), max_size=30).map("".join)


def _check_text(text: str) -> None:
    for r in extract(text):
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.text
        assert (r.line, r.col) == locate(text, r.start)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_never_raises_on_any_unicode(text):
    _check_text(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SOUP)
def test_never_raises_on_digit_and_punctuation_soup(text):
    _check_text(text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPORTISH, st.sampled_from(["NFC", "NFD"]))
def test_spans_and_positions_exact_on_report_like_text(text, form):
    _check_text(unicodedata.normalize(form, text))
