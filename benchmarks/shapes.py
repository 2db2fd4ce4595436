"""Whole-pipeline shapes: no input shape may make a run superlinear.

    .venv/bin/python -P benchmarks/shapes.py            # every shape, at n and 4n
    .venv/bin/python -P benchmarks/shapes.py --only brackets dashes

Each shape is a generated report made of one piece repeated (a huge line, many short lines, a
table thousands of columns wide, nested brackets …); it is parsed as `dxextract parse` parses a
file (read by blocks, every record written out) at size n and at 4n, in this process, and the
CPU seconds of each are printed with their ratio. Linear work gives about 4; a shape whose
ratio is well above 4 re-reads its text somewhere (a pattern tried at every position that reads
to the end, a loop over pairs). The extractor is built and warmed before the first timing, and
the smaller size is parsed first once untimed, so the ratio compares the reading alone.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dxextract.pipeline import extractor_for, read_document  # noqa: E402


def _table(columns: int) -> str:
    header = "| Chỉ tiêu | " + " | ".join(str(2000 + k % 30) for k in range(columns)) + " |\n"
    rule = "|---" * (columns + 1) + "|\n"
    row = "| Số hồ sơ trực tuyến | " + " | ".join(f"{k * 7 % 1000}" for k in range(columns)) + " |\n"
    return header + rule + row * 3


# name: (what it is, the report for a count n, n)
SHAPES: dict[str, tuple[str, Callable[[int], str], int]] = {
    "huge-line": ("one line of sentences, no line break",
                  lambda n: "Tỷ lệ hồ sơ trực tuyến đạt 95,5%, với 1.234 hồ sơ. " * n, 4_000),
    "short-lines": ("short lines, each a value", lambda n: "Số 12 xã\n" * n, 100_000),
    "wide-table": ("a table of n columns in pipes", _table, 2_000),
    "numbers-row": ("numbers in a row between spaces", lambda n: " ".join(str(k % 997) for k in range(n)), 50_000),
    "numbers-commas": ("numbers with thousands separators apart by commas",
                       lambda n: ", ".join(f"{k % 97}.{k % 1000:03d}" for k in range(n)), 10_000),
    "brackets": ("nested brackets around a value", lambda n: "(" * n + "12%" + ")" * n, 10_000),
    "dashes": ("a line of dashes", lambda n: "-" * n + "\n", 200_000),
    "spaces": ("a unit caption, a run of spaces, a word", lambda n: "ĐVT" + " " * n + "x\n", 200_000),
    "separators": ("a heading, many ' - ' separators, a letter not English",
                   lambda n: "| Trạm" + " - a" * n + "é | 12 |\n", 50_000),
    "tabs": ("a line of tabs between numbers", lambda n: "\t1" * n + "\n", 50_000),
    "dots": ("a line of dot leaders", lambda n: "Mục lục" + "." * n + " 12\n", 200_000),
    "bullets": ("bullets on one line", lambda n: "• 12 " * n + "\n", 12_500),
    "dotted-number": ("digits apart by dots", lambda n: ".".join(["1"] * n) + "\n", 100_000),
    "pipes": ("a line of pipes", lambda n: "|" * n + "\n", 200_000),
    "blank-lines": ("blank lines between values", lambda n: "Đạt 12%\n\n\n" * n, 12_500),
}


def _parse_seconds(extractor, text: str) -> tuple[float, int]:
    """CPU seconds to parse `text` as a file, every record read; and how many records."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as out:
        out.write(text)
    try:
        start = time.process_time()
        records = sum(1 for _ in read_document(extractor, out.name).records)
        return time.process_time() - start, records
    finally:
        os.unlink(out.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="shapes to run (default: all)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n by this")
    args = parser.parse_args()
    extractor = extractor_for(())
    _parse_seconds(extractor, "Tỷ lệ hồ sơ trực tuyến đạt 95,5%.\n| a | 2023 |\n|---|---|\n| b | 12 |\n")
    print(f"{'shape':16} {'n':>8} {'chars n':>10} {'s at n':>8} {'s at 4n':>8} {'ratio':>6}  records")
    for name, (_, report, n) in SHAPES.items():
        if args.only and name not in args.only:
            continue
        n = max(1, int(n * args.scale))
        small, large = report(n), report(4 * n)
        _parse_seconds(extractor, small)
        once, found = _parse_seconds(extractor, small)
        four, found_large = _parse_seconds(extractor, large)
        print(f"{name:16} {n:>8,} {len(small):>10,} {once:>8.2f} {four:>8.2f} {four / max(once, 1e-3):>6.1f}  "
              f"{found} / {found_large}", flush=True)


if __name__ == "__main__":
    main()
