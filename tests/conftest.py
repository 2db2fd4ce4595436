"""Shared fixtures: one extractor (the compiled built-in rules) for the whole run."""
import os
import subprocess
import traceback
from pathlib import Path
from typing import Optional

import unicodedata

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"

# The installed `dxextract` command the tests run (and its workers) imports the code of the tree
# under test, wherever the package was installed from: a second checkout shares the first
# one's command, which read the first checkout's code and rules.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def dxextract_in_process(args: list[str], stdin: bytes = b"", cwd: Optional[Path] = None,
                         **invoke) -> subprocess.CompletedProcess:
    """A run of the dxextract command in this process (typer's CliRunner), reported as
    subprocess.run reports the installed command's: where a test is not about the process, a
    start-up costs more than the run. An exception that escapes the command is printed on
    stderr with exit 1, as the process would. `cwd`: the folder it runs in, as a process's."""
    from typer.testing import CliRunner

    from dxextract.cli import app

    here = os.getcwd()
    os.chdir(cwd or here)
    try:
        done = CliRunner().invoke(app, args, input=stdin, prog_name="dxextract", **invoke)
    finally:
        os.chdir(here)
    stderr = done.stderr_bytes
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*done.exc_info)).encode("utf-8")
    return subprocess.CompletedProcess(["dxextract", *args], done.exit_code, done.stdout_bytes, stderr)


@pytest.fixture(scope="session")
def extractor():
    from dxextract.pipeline import extractor_for

    extractor = extractor_for(())
    extractor.values.claims = _read_once_per_report(extractor.values.claims)
    return extractor


# A report is this long at least; examples, generated texts and sentences are shorter and many.
REPORT_CHARS = 900


def _read_once_per_report(claims):
    """`claims` kept for each report-long text: the sample, dev and held-out reports are read by
    the gold tests and again by those comparing ways of reading them (test_trap_shapes), and a
    report's values are the same each time. Shorter texts, many and read once, are not kept.
    Each caller gets lists of its own (their members are frozen)."""
    kept: dict[str, tuple] = {}

    def once(text: str):
        if len(text) < REPORT_CHARS:
            return claims(text)
        found = kept.get(text)
        if found is None:
            found = kept[text] = claims(text)
        finds, fates = found
        return list(finds), list(fates)

    return once


def cp1258_form(text: str) -> str:
    """Text as cp1258 stores Vietnamese: â ê ô ơ ư ă đ precomposed, tone marks combining."""
    out: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if out and unicodedata.combining(ch):
            merged = unicodedata.normalize("NFC", out[-1][0] + ch)
            if len(merged) == 1 and in_cp1258(merged):
                out[-1][0] = merged
            else:
                out[-1].append(ch)
        else:
            out.append([ch])
    return "".join("".join(cluster) for cluster in out)


def in_cp1258(ch: str) -> bool:
    try:
        ch.encode("cp1258")
        return True
    except UnicodeEncodeError:
        return False


@pytest.fixture(scope="session")
def report_files(tmp_path_factory) -> dict:
    """One report as .txt, .docx (python-docx), .html (a portal page) and .pdf (LibreOffice,
    committed): tests/fixtures/report.py."""
    from fixtures import report

    folder = tmp_path_factory.mktemp("report")
    return {"txt": report.write_txt(folder / "report.txt"), "docx": report.write_docx(folder / "report.docx"),
            "html": report.write_html(folder / "report.html"), "pdf": report.PDF}
