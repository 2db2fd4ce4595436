"""The command-line contract, through the installed `dxextract` command: help and its
examples, exit codes, `-o` written atomically, quiet ends (a closed pipe, Ctrl-C), the
views for people (`--format table`, `show`, the progress bar) and CSV for Excel.

The input matrix (encodings, bad files, rule errors…) is in test_inputs.py.
"""
from __future__ import annotations

import codecs
import csv
import json
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dxextract.cli import app
from dxextract.records import CSV_COLUMNS, KINDS
from conftest import dxextract_in_process
from test_inputs import DX, HEADER, REPORT, assert_spans_exact, cp1258_form, messages, rows_of

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"
def _commands() -> list[list[str]]:
    """Every command and subcommand of the app, so a new one is held to the same help."""
    import click
    import typer

    from dxextract.cli import app

    def walk(command: click.Command, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, sub in getattr(command, "commands", {}).items():
            found += walk(sub, path + [name])
        return found
    return walk(typer.main.get_command(app), [])


COMMANDS = _commands()


def dx(*args: str, cwd: Path | None = None, stdin: bytes = b"", env: dict | None = None,
       timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(DX), *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def dx_here(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command in-process, for the checks of what it writes where (files, modes, messages,
    exit codes) that are no matter of the process: a start-up costs more than the run."""
    return dxextract_in_process(list(args), cwd=cwd)


def text(data: bytes) -> str:
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def long_report(tmp_path_factory) -> Path:
    """A report that takes the command some seconds, however fast it gets: the sample reports
    three hundred times over (ten times over ran out before a signal 0.3 s after writing began,
    and a hundred times over once on a quiet machine)."""
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_bytes(b"\n\n".join(p.read_bytes() for p in SEEDS) * 300)
    return path


@pytest.fixture(scope="module")
def all_seeds(tmp_path_factory) -> Path:
    """The sample reports in one file (about 185 values)."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.txt"
    path.write_bytes(b"\n\n".join(p.read_bytes() for p in SEEDS))
    return path


# --- help --------------------------------------------------------------------------------

def help_text(command: list[str]) -> str:
    """The help as the installed command prints it (in-process: help is no matter of the
    process, and ten start-ups cost more than the rest of the checks). Click wraps help at
    80 columns less its margin of 2, whatever COLUMNS says."""
    done = dxextract_in_process([*command, "--help"], terminal_width=78)
    assert (done.returncode, text(done.stderr)) == (0, "")
    return text(done.stdout)


def examples_of(help_: str) -> list[str]:
    """The lines of the Examples: section that run dxextract."""
    section = help_.split("Examples:", 1)[1].split("Exit codes", 1)[0]
    return [line.strip() for line in section.splitlines() if "dxextract " in line]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "dxextract")
def test_help_opens_with_one_line_then_examples_and_exit_codes(command):
    help_ = help_text(command)
    assert help_.startswith("Usage: dxextract")
    text_ = help_.split("\n\n", 1)[1].split("\nArguments:")[0].split("\nOptions:")[0]
    assert not re.search(r"\{[A-Z_]+\}", text_), "a placeholder left in the help"
    summary = " ".join(help_.split("\n\n")[1].split())  # one sentence, however click wraps it
    assert summary.endswith(".") and ". " not in summary, summary
    assert "Examples:" in help_
    examples = examples_of(help_)
    assert examples and all(e.startswith(("dxextract ", "cat ")) for e in examples), examples
    if command:
        assert all(f"dxextract {' '.join(command)}" in e for e in examples), examples
    codes = re.sub(r"\s+", " ", help_.split("Exit codes:", 1)[1])
    for code in ("0", "1", "2", "130"):
        assert re.search(rf"(?<![\d]){code} ", codes), (code, codes)


def test_no_arguments_shows_help_and_is_a_usage_error():
    done = dx()
    assert done.returncode == 2
    assert "Usage: dxextract" in text(done.stdout) + text(done.stderr)


@pytest.fixture(scope="module")
def example_files(tmp_path_factory, report_files) -> dict[str, list[str]]:
    """What the placeholders in the help examples stand for."""
    folder = tmp_path_factory.mktemp("examples")
    old = folder / "old_report.txt"
    old.write_bytes(cp1258_form(SEEDS[0].read_text(encoding="utf-8")).encode("cp1258"))
    rules = folder / "my_rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(
        "rules:\n  - id: my.widgets\n    kind: count\n    priority: 100\n    unit: widget\n"
        "    pattern: '(?P<num>\\d+) widget'\n"
        "    examples:\n      - text: 'có 7 widget'\n        expect: [{text: '7 widget', value: 7}]\n",
        encoding="utf-8")
    seeds = [str(p) for p in SEEDS[:2]]
    return {
        "report.txt": [seeds[0]], "reports/*.txt": seeds, "seeds/*.txt": seeds,
        "old_reports/*.txt": [str(old)], "old_report.txt": [str(old)], "my_rules/": [str(rules)],
        "values.csv": [str(folder / "values.csv")], "tests/gold/seeds.jsonl": [str(GOLD)],
        "conflicts.csv": [str(folder / "conflicts.csv")], "provinces.csv": [str(folder / "provinces.csv")],
        "indicators.csv": [str(folder / "indicators.csv")], "values.xlsx": [str(folder / "values.xlsx")],
        "report.html": [str(folder / "report.html")],
        "report.pdf": [str(report_files["pdf"])], "minutes.docx": [str(report_files["docx"])],
        "page.html": [str(report_files["html"])], "notes.txt": [seeds[1]],
        "saved_page.aspx": [str(report_files["html"])],
    }


def _example_runs():
    # In-process at collection: no subprocess just to list the tests.
    helps = [CliRunner().invoke(app, [*command, "--help"], terminal_width=200).output for command in COMMANDS]
    lines = [line for help_ in helps for line in examples_of(help_)]
    return [pytest.param(line, id=line) for line in dict.fromkeys(lines)]


@pytest.mark.parametrize("line", _example_runs())
def test_every_help_example_runs(line, example_files, monkeypatch):
    """Each example, placeholders swapped for real files, runs and exits 0 (in-process,
    so the two dozen of them cost no start-up each)."""
    monkeypatch.chdir(ROOT)
    stdin = b""
    stages = [shlex.split(stage) for stage in line.split("|")]
    here = next(i for i, s in enumerate(stages) if s and s[0] == "dxextract")
    if here > 0:  # `cat FILE | dxextract …`
        assert stages[here - 1][0] == "cat"
        stdin = Path(example_files[stages[here - 1][1]][0]).read_bytes()
    args: list[str] = []
    words = iter(stages[here][1:])
    for word in words:
        if word == ">":
            next(words)
        elif word == "<":
            stdin = Path(example_files[next(words)][0]).read_bytes()
        elif word in example_files:
            args.extend(example_files[word])
        else:
            assert not word.endswith((".txt", ".csv", ".jsonl", ".xlsx", ".html", "/")) or Path(word).exists(), word
            args.append(word)
    result = CliRunner().invoke(app, args, input=stdin)
    assert result.exit_code == 0, (args, result.output, result.exception)


# --- -o FILE, atomically ------------------------------------------------------------------

def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_output_file_replaced_on_success_as_excel_csv(tmp_path):
    """`parse --excel -o out.csv seeds/*.txt`: the old file is replaced, keeps its mode, and
    holds a CSV with a UTF-8 BOM and CRLF line ends that Python's csv reads back intact."""
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    done = dx_here("parse", "--excel", "-o", str(out), *map(str, SEEDS))
    assert (done.returncode, done.stdout, messages(done.stderr)) == (0, b"", b"")
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw.count(b"\r\n") == raw.count(b"\n") > len(SEEDS)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert {Path(r["doc"]).name for r in rows} == {p.name for p in SEEDS}
    assert any(r["label"] == "Tổ công nghệ số cộng đồng cấp xóm" for r in rows)
    assert any(r["province"] == "Hòa Bình" for r in rows)
    for seed in SEEDS:
        assert_spans_exact([r for r in rows if r["doc"] == str(seed)], seed.read_text(encoding="utf-8"))
    assert out.stat().st_mode & 0o777 == 0o640
    assert no_temp_files(tmp_path)


def test_new_output_file_gets_the_usual_mode(tmp_path):
    out = tmp_path / "new.jsonl"
    done = dx("parse", "-f", "jsonl", "-o", str(out), "-", stdin=REPORT.encode())
    assert (done.returncode, messages(done.stderr)) == (0, b"")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all(r["doc"] == "-" for r in records)
    assert {"province_now", "date"} <= set(records[0])


@pytest.mark.parametrize("how", ["rule-error", "nothing-readable", "bad-encoding"])
def test_failed_run_leaves_the_old_output_file(tmp_path, how):
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    doc = tmp_path / "doc.txt"
    doc.write_text(REPORT, encoding="utf-8")
    if how == "rule-error":
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "bad.yaml").write_text("rules: [{id: x, kind: nope, pattern: '(?P<num>1)'}]\n")
        done = dx_here("parse", "--rules", str(tmp_path / "rules"), "-o", str(out), str(doc))
        code = 2
    elif how == "nothing-readable":
        done = dx_here("parse", "-o", str(out), str(tmp_path / "missing.txt"), str(tmp_path))
        code = 1
        assert text(done.stderr).endswith(f"dxextract: no input could be read; {out} left unchanged\n")
    else:
        done = dx_here("parse", "--encoding", "nope", "-o", str(out), str(doc))
        code = 2
    assert done.returncode == code
    assert done.stdout == b""
    assert out.read_text() == "precious\n"
    assert no_temp_files(tmp_path)


def test_partly_readable_run_writes_what_it_read(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    doc = tmp_path / "doc.txt"
    doc.write_text(REPORT, encoding="utf-8")
    done = dx_here("parse", "-o", str(out), str(tmp_path / "missing.txt"), str(doc))
    assert done.returncode == 1
    assert text(messages(done.stderr)) == f"dxextract: {tmp_path / 'missing.txt'}: no such file\n"
    assert " numbers in 1 report: " in text(done.stderr)  # the report that was read
    rows = rows_of(out.read_text(encoding="utf-8"))
    assert rows and {r["doc"] for r in rows} == {str(doc)}


@pytest.mark.parametrize("target", ["missing-folder/out.csv", "."])
def test_output_that_cannot_be_a_file_is_a_usage_error(tmp_path, target):
    doc = tmp_path / "doc.txt"
    doc.write_text("x")
    done = dx_here("parse", "-o", target, str(doc), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, b"")
    assert text(done.stderr).startswith(f"dxextract: {target}: ")
    assert no_temp_files(tmp_path)


def _ctrl_c_as_at_a_terminal() -> None:
    """SIGINT as a terminal's Ctrl-C finds it. A test run started in the background of a
    shell without job control (`.ci/run &`) ignores SIGINT, and its children inherit that,
    so Python would never see the signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_run_leaves_the_old_output_file(tmp_path, long_report, sig, code):
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    child = subprocess.Popen([str(DX), "parse", "-o", str(out), str(long_report)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_at_a_terminal)
    deadline = time.monotonic() + 30
    while no_temp_files(tmp_path):  # the run has started writing
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.02)
    time.sleep(0.1)
    child.send_signal(sig)
    stdout, stderr = child.communicate(timeout=30)
    assert child.returncode == code
    assert (stdout, stderr) == (b"", b"")
    assert out.read_text() == "precious\n"
    assert no_temp_files(tmp_path)


# --- quiet ends ----------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("how", ["csv", "table", "show"])
def test_pipe_closed_by_head_ends_quietly(how, all_seeds):
    """`… | head -1`: no traceback, no BrokenPipeError text, exit 0 (the reader chose to stop)."""
    args = {"csv": ["parse", *[str(all_seeds)] * 3], "table": ["parse", "-f", "table", str(all_seeds), str(all_seeds)],
            "show": ["show", str(all_seeds)]}[how]
    script = 'set -o pipefail; "$0" "$@" | head -1; echo "status=${PIPESTATUS[0]}" >&2'
    done = subprocess.run(["bash", "-c", script, str(DX), *args], capture_output=True, timeout=60)
    assert text(done.stderr) == "status=0\n"
    first = text(done.stdout)
    assert first == HEADER if how == "csv" else first.startswith(str(all_seeds))


@pytest.mark.slow
def test_ctrl_c_ends_quietly_with_130(all_seeds):
    # Enough inputs that the run is still going when the signal comes.
    child = subprocess.Popen([str(DX), "parse", "--format", "jsonl", *[str(all_seeds)] * 60],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_at_a_terminal)
    first = child.stdout.readline()  # it is extracting and writing
    assert json.loads(first)["doc"] == str(all_seeds)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 130
    assert stderr == b""


# --- views for people -----------------------------------------------------------------------

def run_on_pty(argv: list[str], side: str, env: dict | None = None) -> tuple[int, bytes, bytes]:
    """Run with stdout or stderr on a terminal; (exit code, what the pty got, the other)."""
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, side: slave}
    child = subprocess.Popen(argv, stdout=streams["stdout"], stderr=streams["stderr"],
                             env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", **(env or {})})
    os.close(slave)
    other = child.stderr if side == "stdout" else child.stdout
    got = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        got += data
    rest = other.read()
    child.wait(timeout=30)
    os.close(master)
    return child.returncode, got, rest


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path):
    docs = []
    for k in range(3):
        doc = tmp_path / f"doc{k}.txt"
        doc.write_text(REPORT, encoding="utf-8")
        docs.append(str(doc))
    code, tty, stdout = run_on_pty([str(DX), "parse", *docs], "stderr")
    assert code == 0
    assert b"reading" in tty and b"/3" in tty  # the bar, with its count of files
    assert b"\x1b" not in stdout and text(stdout).startswith(HEADER)
    piped = dx("parse", *docs)
    assert (piped.returncode, messages(piped.stderr)) == (0, b"")
    assert piped.stdout == stdout
    quiet = run_on_pty([str(DX), "parse", "--no-progress", *docs], "stderr")
    assert messages(quiet[1].replace(b"\r\n", b"\n")) == b""  # the line about the numbers only


def test_table_is_readable_and_vietnamese_intact(tmp_path):
    doc = tmp_path / "báo cáo.txt"
    doc.write_text(REPORT, encoding="utf-8")
    done = dx("parse", "--format", "table", str(doc), env={"COLUMNS": "200"})
    assert (done.returncode, messages(done.stderr)) == (0, b"")
    out = text(done.stdout)
    assert "\x1b" not in out  # no colour codes in a pipe
    lines = out.splitlines()
    assert lines[0].startswith(f"{doc} · Hòa Bình")
    header = next(line for line in lines if "line:col" in line)
    assert re.findall(r"\S+", header) == ["line:col", "text", "kind", "value", "unit", "role", "label", "scope",
                                          "indicator"][: len(re.findall(r"\S+", header))]
    assert max(len(line) for line in lines) <= 200
    row = next(line for line in lines if "76,2%" in line)
    assert re.search(r"\b2:47\s+76,2%\s+percent\s+76\.2\s+%\s+level\s+Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh\b", row)
    assert re.search(r"\s~13000\s", out) and re.search(r"\s13/63\s", out) and re.search(r"\s>8231\s", out)
    assert re.search(r"\d+ values", lines[-1] if lines[-1].strip() else lines[-2])


def test_table_shows_markup_and_escapes_as_text(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("Chỉ tiêu [/b] [bold red]x\x1b[2J đạt 76,2% trong năm.\n", encoding="utf-8")
    done = dx("parse", "--format", "table", str(doc), env={"COLUMNS": "160"})
    assert (done.returncode, messages(done.stderr)) == (0, b"")
    out = text(done.stdout)
    assert "76,2%" in out
    assert "\x1b" not in out  # a report cannot drive the terminal


def test_table_on_a_narrow_terminal_says_what_it_left_out(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(REPORT, encoding="utf-8")
    done = dx("parse", "--format", "table", str(doc), env={"COLUMNS": "72"})
    assert done.returncode == 0
    out = text(done.stdout)
    assert max(len(line) for line in out.splitlines()) <= 72
    assert "too narrow for" in out and "--format csv" in out
    assert "76,2%" in out and "percent" in out


def test_show_highlights_values_on_a_terminal(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(REPORT, encoding="utf-8")
    code, tty, stderr = run_on_pty([str(DX), "show", str(doc)], "stdout")
    assert (code, stderr) == (0, b"")
    screen = text(tty)
    # 76,2% on a magenta ground (percent), 1.482 on cyan (count): SGR 45 and 46
    assert re.search(r"\x1b\[[0-9;]*45m76,2%\x1b\[0m", screen), screen[:500]
    assert re.search(r"\x1b\[[0-9;]*46m1\.482\x1b\[0m", screen)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert "Kinds:" in plain and "percent  2" in plain
    assert "Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh đạt 76,2%" in plain


def test_show_in_a_pipe_is_plain_text_and_only_filters(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(REPORT, encoding="utf-8")
    done = dx_here("show", "--only", "percent", "-k", "rank,fraction", str(doc))
    assert (done.returncode, done.stderr) == (0, b"")
    out = text(done.stdout)
    assert "\x1b" not in out
    assert re.search(r"Kinds:\s+percent\s+2\s+fraction\s+1\s+rank\s+1\s*$", out.splitlines()[1])
    table = out.split("line:col", 1)[1]
    assert "76,2%" in table and "13/63" in table and "151/151" in table
    assert "1.482" not in table and "8.231" not in table  # counts and lengths left out


@pytest.mark.parametrize("args, code, message", [
    (["--only", "percentage"], 2, "dxextract: --only: unknown kind percentage: choose from percent, count"),
    (["missing.txt"], 1, "dxextract: missing.txt: no such file"),
], ids=["unknown-kind", "missing-file"])
def test_show_errors(tmp_path, args, code, message):
    if "missing.txt" not in args:
        (tmp_path / "doc.txt").write_text(REPORT, encoding="utf-8")
        args = [*args, "doc.txt"]
    done = dx_here("show", *args, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (code, b"")
    assert text(done.stderr).startswith(message) and text(done.stderr).count("\n") == 1


def test_show_renders_every_value_in_its_kinds_colour(extractor, tmp_path):
    """In-process: every record's characters carry its kind's style, on the original
    (here decomposed) characters, whatever the line ends; escapes are made visible."""
    from dxextract import show

    source = unicodedata.normalize("NFD", "Dòng một\r\nTỷ lệ đạt 76,2%\x1b[31m;\rcó 1.482 Tổ và 151/151 xã, "
                                          "đứng thứ 13/63.\nHoà Bình: gấp 3,2 lần.\n")
    doc = tmp_path / "doc.txt"
    doc.write_text(source, encoding="utf-8", newline="")
    view = show.load(str(doc), extractor)
    assert view.text == source
    assert {r.kind for r in view.records} >= {"percent", "count", "fraction", "rank", "multiple"}
    lines = dict(show.highlighted_lines(view.text, view.records))
    assert len(lines) == 4 and lines[1].plain == unicodedata.normalize("NFD", "Dòng một")
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    for r in view.records:
        line, at = lines[r.line], r.start - starts[r.line - 1]
        assert line.plain[at:at + len(r.text)] == r.text
        assert any((span.start, span.end, span.style) == (at, at + len(r.text), show.KIND_STYLES[r.kind])
                   for span in line.spans), (r, line.spans)
    assert "\x1b" not in lines[2].plain and "\u241b" in lines[2].plain  # ESC shown as ␛

    plain = show.render_to_text(view, width=160)
    assert "\x1b" not in plain
    assert plain.splitlines()[1].split() == ["Kinds:", *[w for k in KINDS for w in (k, str(sum(
        r.kind == k for r in view.records)))]]
    assert "line:col" in plain and "76,2%" in plain.split("line:col")[1]

    only_rank = show.render_to_text(view, kinds=("rank",), width=100, styles=True)
    text_part = only_rank.split("line:col")[0]
    styled = re.findall(r"\x1b\[([0-9;]*)m([^\x1b]+)\x1b\[0m", text_part)
    assert ("1;37;41", "13/63") in styled  # bold white on red
    assert not any(t in ("76,2%", "1.482") for _, t in styled)


def test_show_kinds_option_parsing():
    from dxextract.show import parse_kinds

    assert parse_kinds([]) == KINDS
    assert parse_kinds(["money,percent", " rank "]) == ("percent", "money", "rank")
    with pytest.raises(ValueError, match="unknown kind pct"):
        parse_kinds(["pct"])


# --- formats --------------------------------------------------------------------------------

def test_each_jsonl_line_is_the_record_dict_in_field_order():
    import io

    from dxextract.pipeline import Document, extract_file, extractor_for
    from dxextract.writers import record_dict, write_jsonl

    seed = extract_file(str(SEEDS[0]))
    bare = extractor_for().document("-", [])  # no context at all: every context field null
    documents = [Document(seed.doc, seed.context, list(seed.records)),
                 Document("x.txt", bare.context, list(extract_file(str(SEEDS[1])).records)[:3])]
    out = io.StringIO()
    assert write_jsonl(out, documents) == len(documents[0].records) + 3
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = [record_dict(r, d.context) for d in documents for r in d.records]
    assert lines == expected
    assert [list(line) for line in lines] == [list(e) for e in expected]


def test_json_and_jsonl_carry_the_same_records():
    runner = CliRunner()
    as_json = runner.invoke(app, ["parse", "-f", "json", "-"], input=REPORT.encode())
    as_jsonl = runner.invoke(app, ["parse", "-f", "jsonl", "-"], input=REPORT.encode())
    assert as_json.exit_code == as_jsonl.exit_code == 0
    records = json.loads(as_json.stdout)
    assert records == [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    assert list(records[0])[: len(CSV_COLUMNS) - 3] == list(CSV_COLUMNS[:-3])
    assert records[0]["page"] is None  # a text input has no pages
    assert_spans_exact(records, REPORT)
    empty = runner.invoke(app, ["parse", "-f", "json", "-"], input=b"")
    assert (empty.exit_code, json.loads(empty.stdout)) == (0, [])


def test_output_through_a_symlink_writes_its_target(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    (tmp_path / "link.csv").symlink_to("real.csv")
    done = dx("parse", "-o", "link.csv", "-", cwd=tmp_path, stdin="Không có con số nào.\n".encode())
    assert (done.returncode, done.stdout, messages(done.stderr)) == (0, b"", b"")
    assert (tmp_path / "link.csv").is_symlink()
    assert real.read_text(encoding="utf-8") == HEADER
    assert no_temp_files(tmp_path)
