"""The README's sample output is made by the code, so it cannot drift.

Each example block in README.md (and benchmarks/README.md) that follows a line

    <!-- output of: dxextract parse seeds/000_a73a295ff00220cb.txt | head -4 -->

is what that command prints, run with bash in the repository's root (the venv's
`dxextract` first on PATH, COLUMNS=100, no colour). The test runs each and compares.
After a change that alters an output on purpose, refresh the blocks with

    .venv/bin/python tests/test_readme.py
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md"]
BLOCK = re.compile(r"<!-- output of: (?P<command>.+?) -->\n```(?P<lang>[\w-]*)\n(?P<output>.*?)```", re.S)
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


def run(command: str) -> str:
    env = {**os.environ, **ENV, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, timeout=300)
    return done.stdout.decode("utf-8")


def blocks(path: Path) -> list[re.Match]:
    return list(BLOCK.finditer(path.read_text(encoding="utf-8")))


def _cases():
    return [pytest.param(doc, m.group("command"), m.group("output"), id=f"{doc.name}: {m.group('command')}")
            for doc in DOCS for m in blocks(doc)]


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """Every block's command run once, side by side (each pays dxextract's start-up)."""
    commands = list(dict.fromkeys(m.group("command") for doc in DOCS for m in blocks(doc)))
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(commands, pool.map(run, commands)))


def test_readme_has_checked_examples():
    assert len(blocks(ROOT / "README.md")) >= 5


@pytest.mark.parametrize("doc, command, shown", _cases())
def test_readme_output_is_what_the_command_prints(doc, command, shown, outputs):
    assert outputs[command] == shown, (
        f"{doc.name}: the block after '<!-- output of: {command} -->' is not what the command prints "
        "now; if the change is meant, refresh it: .venv/bin/python tests/test_readme.py")


def update() -> None:
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        fresh = BLOCK.sub(lambda m: (f"<!-- output of: {m.group('command')} -->\n```{m.group('lang')}\n"
                                     f"{run(m.group('command'))}```"), text)
        if fresh != text:
            doc.write_text(fresh, encoding="utf-8")
            print(f"updated {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    update()
