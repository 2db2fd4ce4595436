"""The dxextract benchmark: one invocation, every figure side by side.

    .venv/bin/python benchmarks/run.py            # builds the corpus first if needed (~10 min)
    .venv/bin/python benchmarks/run.py --quick    # 150 files, no 100 MB file (~2 min)
    .venv/bin/python benchmarks/run.py --formats-only   # (f) alone: PDF, DOCX, HTML vs text

Every case runs as a whole process (a child of this script), timed on the wall clock and in
CPU seconds (user + system of the process and its workers, from wait4): on a shared machine
the wall clock moves with other people's work, CPU seconds hardly do, so throughput "on one
core" is compared per CPU-second. Peak memory is the child's own maximum resident set (wait4),
and for runs with worker processes also the sampled peak of the sum over the process tree.
How many CPUs were really free is measured before and after the parse runs (two busy loops
at once vs one), and --jobs 1 and --jobs 2 are also timed alternately on a part of the
corpus, best of --speedup-rounds, so a burst of other work does not decide the speed-up.
The cases:

  (a) the naive design: underthesea `word_tokenize` on every line of a >= 1 MB sample of
      the corpus (its rate, model load excluded — the kindest measure of it), run right
      before and right after (c) --jobs 1 and pooled, so a drift of the machine's speed
      during the runs weighs on both sides of the ratio;
  (b) the floor: a plain `regex` scan for numbers over the whole corpus;
  (c) `dxextract parse --format jsonl` over the whole corpus, with --jobs 1 and --jobs 2;
      then (a) and (c) (on --paired-files files) back to back, --paired-rounds times, a
      ratio each: the machine's speed drifts over minutes, and a pair shares the drift;
  (d) start-up: `dxextract parse` on one small report vs `python -c "import underthesea"`;
  (e) memory: 100 files vs all files, and one ~100 MB file (run for at most
      --big-seconds; its progress is read from the offsets of the records written);
  (f) input formats: --formats-files corpus reports as .txt, as DOCX (python-docx, one
      paragraph per line), as PDF (LibreOffice from that DOCX; copies of the test fixture
      report.pdf where there is no LibreOffice) and as a portal page (HTML), each read alone
      (sources.open_source, the text only) and parsed (`dxextract parse`): MB/s of the
      extracted text and files/s, beside the text files'. The converted files are kept under
      benchmarks/corpus/formats/;
  (g) shapes of text: the same --shapes-mb of corpus text in its lines, in one sentence (every
      full stop and line break made a comma) and, ten times as much, in one line and in its
      lines; then a line of numbers between single spaces and a table of 100,000 rows. Each
      parsed as a whole process; MB per CPU-second, and each long shape's rate as a share of
      the same text in lines (goal >= 0.5: no shape may make a run superlinear).

Checks, printed with the figures: the answers on the sample reports are byte-identical
with the plain `import underthesea` path (no start-up shortcuts), with --jobs 2, and
--jobs 2 equals --jobs 1 on the whole corpus; underthesea's tokenizers as dxextract loads
them give the same words as `import underthesea` on a sample of phrases.

Children run with bytecode caching on (PYTHONPYCACHEPREFIX under benchmarks/corpus/), as an
installed tool runs, for dxextract and for the reference alike.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import build_corpus  # noqa: E402

PY = sys.executable
DXEXTRACT = str(Path(PY).parent / "dxextract") if (Path(PY).parent / "dxextract").exists() else None
SEEDS = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
SMALL_REPORT = SEEDS[0] if SEEDS else None


def dx(*args: str) -> list[str]:
    return [DXEXTRACT, *args] if DXEXTRACT else [PY, "-m", "dxextract", *args]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- running a child --------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the process and the children it waited for
    maxrss_mb: float  # the largest single process of the tree (wait4)
    tree_mb: float  # sampled peak of the sum of RSS over the process tree
    rc: int
    timed_out: bool = False
    samples: list = field(default_factory=list)  # (seconds, tree RSS MB)
    load: float = 0.0  # 1-minute load average when it ended: above the CPU count, others competed


def _tree_rss_kb(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def run_measuring(code: str, arg: str, env: dict, out: Path) -> tuple["Run", dict]:
    """Run a `python -c` measuring script whose output is one JSON object: (the run, that object)."""
    with open(out, "wb") as f:
        run = run_child([PY, "-c", code, arg], env, stdout=f)
    return run, json.loads(out.read_text())


def run_child(cmd: list[str], env: dict, stdout=subprocess.DEVNULL, limit: float | None = None,
              sample_every: float = 0.2) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    samples: list = []
    stop = threading.Event()
    timed_out = []

    def sample() -> None:
        while not stop.wait(sample_every):
            samples.append((time.perf_counter() - start, _tree_rss_kb(proc.pid) / 1024))
            if limit is not None and time.perf_counter() - start > limit and not timed_out:
                timed_out.append(True)
                os.kill(proc.pid, signal.SIGTERM)  # our own child, by its id

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1) and not timed_out:
        sys.stderr.write(err.decode("utf-8", "replace")[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd[:6])} …")
    maxrss = usage.ru_maxrss / 1024
    tree = max([s[1] for s in samples] + [maxrss])
    return Run(wall, usage.ru_utime + usage.ru_stime, maxrss, tree, proc.returncode, bool(timed_out), samples,
               os.getloadavg()[0])


def child_env(corpus: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(corpus / "pycache")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


# -- the cases --------------------------------------------------------------------------

TOKENIZE_CODE = r"""
import json, os, sys, time
t0 = time.perf_counter()
import underthesea
underthesea.word_tokenize("khởi động")
t1 = time.perf_counter()
c1 = time.process_time()
files = open(sys.argv[1], encoding="utf-8").read().split("\n")
size = tokens = 0
for path in files:
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    for line in text.splitlines():
        if line.strip():
            tokens += len(underthesea.word_tokenize(line))
    size += os.path.getsize(path)
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "seconds": t2 - t1, "cpu": time.process_time() - c1, "bytes": size,
                  "tokens": tokens}))
"""

REGEX_CODE = r"""
import json, os, sys, time
import regex
NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
files = open(sys.argv[1], encoding="utf-8").read().split("\n")
t0 = time.perf_counter()
c0 = time.process_time()
size = found = 0
for path in files:
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    found += sum(1 for _ in NUMBER.finditer(text))
    size += os.path.getsize(path)
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "bytes": size,
                  "numbers": found}))
"""

REFERENCE_PARSE_CODE = r"""
import sys
import underthesea  # the plain, documented import: dxextract then takes no start-up shortcut
from dxextract.cli import main
sys.argv = ["dxextract", *sys.argv[1:]]
main()
"""

SEGMENT_CHECK_CODE = r"""
import json, sys, regex
from dxextract import segment
light = segment._tokenizers_only()          # as dxextract loads them
assert "underthesea" not in sys.modules
import underthesea                          # the whole package, fresh
files = open(sys.argv[1], encoding="utf-8").read().split("\n")
phrases = []
for path in files:
    with open(path, encoding="utf-8-sig") as f:
        for line in f.read().splitlines():
            if line.strip():
                phrases.append(line)
                phrases.extend(p for p in regex.split(r"[,;:()]", line) if p.strip())
phrases = list(dict.fromkeys(phrases))
words = sum(light.word_tokenize(p) == underthesea.word_tokenize(p) for p in phrases)
sents = sum(light.sentences(p) == underthesea.sent_tokenize(p) for p in phrases)
print(json.dumps({"phrases": len(phrases), "same_words": words, "same_sentences": sents}))
"""


READ_CODE = r"""
import json, os, sys, time
from dxextract.sources import open_source
files = open(sys.argv[1], encoding="utf-8").read().split("\n")
t0 = time.perf_counter()
chars = size = 0
for path in files:
    for block in open_source(path).blocks:
        chars += len(block.text)
        size += len(block.text.encode("utf-8"))
print(json.dumps({"seconds": time.perf_counter() - t0, "chars": chars, "text_bytes": size}))
"""


def format_files(corpus: Path, files: list[str], count: int) -> tuple[dict[str, list[str]], str]:
    """The first `count` corpus reports as txt, docx, pdf and html (made once, kept under
    corpus/formats/), and how the PDFs were made."""
    import html as html_escape  # noqa: PLC0415

    import docx  # noqa: PLC0415

    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures import report  # noqa: PLC0415 - the portal page and the fixture PDF

    folder = corpus / "formats"
    folder.mkdir(parents=True, exist_ok=True)
    chosen = files[:count]
    out: dict[str, list[str]] = {"txt": chosen, "docx": [], "pdf": [], "html": []}
    for path in chosen:
        stem = Path(path).stem
        lines = [line.strip() for line in Path(path).read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        target = folder / f"{stem}.docx"
        if not target.exists():
            document = docx.Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(str(target))
        out["docx"].append(str(target))
        target = folder / f"{stem}.html"
        if not target.exists():
            body = "\n".join(f"<p>{html_escape.escape(line)}</p>" for line in lines[1:])
            target.write_text(report.PORTAL_TOP.format(title=html_escape.escape(lines[0])) + body
                              + report.PORTAL_BOTTOM, encoding="utf-8")
        out["html"].append(str(target))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [d for d in out["docx"] if not Path(d).with_suffix(".pdf").exists()]
    if missing and soffice:
        log(f"(f) LibreOffice: {len(missing)} DOCX -> PDF …")
        profile = Path(tempfile.mkdtemp(prefix="dxbench-lo-"))
        try:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                            "--outdir", str(folder), *missing], check=True, capture_output=True, timeout=1800)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    made = [str(Path(d).with_suffix(".pdf")) for d in out["docx"]]
    if all(Path(p).exists() for p in made):
        out["pdf"] = made
        how = "PDFs by LibreOffice from the DOCX files"
    else:  # no LibreOffice here: the committed 4-page fixture, as many times
        out["pdf"] = []
        for i in range(len(chosen)):
            copy = folder / f"fixture-{i:03d}.pdf"
            if not copy.exists():
                shutil.copyfile(report.PDF, copy)
            out["pdf"].append(str(copy))
        how = "no LibreOffice: the PDFs are copies of tests/fixtures/report.pdf"
    return out, how


def formats_case(args, files: list[str], env: dict, work: Path) -> tuple[list[list[str]], dict, str]:
    """(f): each format's files read alone and parsed; table rows, figures, a note."""
    sets, how = format_files(args.corpus, files, args.formats_files)
    rows, figures = [], {}
    for kind, paths in sets.items():
        listed = _list_file(paths, work, f"formats.{kind}.txt")
        log(f"(f) {kind}: reading {len(paths)} files, then parsing them …")
        read_run, read = run_measuring(READ_CODE, listed, env, work / f"formats.{kind}.json")
        with open(work / f"formats.{kind}.jsonl", "wb") as f:
            parse_run = run_child(parse_cmd(paths, 1), env, stdout=f)
        text_mb = mb(read["text_bytes"])
        file_mb = mb(sum(os.path.getsize(p) for p in paths))
        records = _count_lines(work / f"formats.{kind}.jsonl")
        figures[kind] = {"files": len(paths), "file_mb": file_mb, "text_mb": text_mb,
                         "read_s": read["seconds"], "read_cpu_s": read_run.cpu, "parse_s": parse_run.wall,
                         "parse_cpu_s": parse_run.cpu, "records": records}
        rows.append([kind, str(len(paths)), f"{file_mb:.2f}", f"{text_mb:.2f}",
                     f"{read['seconds']:.2f}", f"{text_mb / read['seconds']:.2f}", f"{len(paths) / read['seconds']:.1f}",
                     f"{parse_run.wall:.1f}", f"{text_mb / parse_run.wall:.3f}", f"{len(paths) / parse_run.wall:.2f}",
                     f"{records:,}"])
    return rows, figures, how


_SENTENCE_END = ("\r\n", "\n", ". ", "! ", "? ")


def shape_texts(files: list[str], size: int) -> dict[str, tuple[str, str | None]]:
    """(g)'s texts: name -> (text, the name of the same text in lines, to compare with)."""
    text = _corpus_text(files, size)
    one_sentence = text
    for end in _SENTENCE_END:
        one_sentence = one_sentence.replace(end, ", ")
    one_sentence = one_sentence.rstrip(".!?, \n") + ".\n"
    ten = _corpus_text(files, 10 * size)
    numbers = " ".join(str(i * 37 % 100_003) for i in range(size // 6)) + "\n"
    table = "Bảng 1. Hạ tầng số theo xã (ĐVT: %)\nXã\t2022\t2023\t2024\n" + "".join(
        f"Xã số {i}\t{i % 97},{i % 10}\t{(i * 7) % 97},{i % 9}\t{(i * 3) % 97},{i % 7}\n" for i in range(100_000))
    return {
        "lines": (text, None),
        "one sentence": (one_sentence, "lines"),
        "lines, ten times as much": (ten, None),
        "one line, ten times as much": (ten.replace("\n", " ").rstrip() + "\n", "lines, ten times as much"),
        "numbers between single spaces": (numbers, None),
        "table of 100,000 rows": (table, None),
    }


def _corpus_text(files: list[str], size: int) -> str:
    """The corpus's first reports, their non-empty lines, until `size` bytes."""
    lines, total = [], 0
    for path in files:
        for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                lines.append(line.strip())
                total += len(line.encode("utf-8")) + 1
        if total >= size:
            break
    return "\n".join(lines) + "\n"


def shapes_case(args, files: list[str], env: dict, work: Path) -> tuple[list[list[str]], dict]:
    """(g): each shape parsed as a whole process; table rows and figures."""
    rates: dict[str, float] = {}
    rows, figures = [], {}
    for name, (text, compare) in shape_texts(files, int(args.shapes_mb * 1e6)).items():
        path = work / f"shape.{name.replace(' ', '_').replace(',', '')}.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        log(f"(g) {name}: {mb(size):.2f} MB …")
        out = work / "shape.jsonl"
        with open(out, "wb") as f:
            run = run_child(dx("parse", "--format", "jsonl", "--no-progress", str(path)), env, stdout=f)
        rates[name] = mb(size) / run.cpu
        figure = {"bytes": size, "lines": text.count("\n"), "cpu_s": run.cpu, "wall_s": run.wall,
                  "mb_cpu_s": rates[name], "records": _count_lines(out), "rss_mb": run.maxrss_mb, "ok": True}
        share = ""
        if compare:
            figure["vs_lines"] = rates[name] / rates[compare]
            figure["ok"] = figure["vs_lines"] >= 0.5
            share = f"{figure['vs_lines']:.2f}"
        figures[name] = figure
        rows.append([name, f"{mb(size):.2f}", f"{figure['lines']:,}", f"{run.cpu:.1f}", f"{rates[name]:.3f}",
                     f"{figure['records']:,}", f"{run.maxrss_mb:.0f}", share or "-"])
    return rows, figures


def _print_shapes(rows: list[list[str]]) -> None:
    print("(g) shapes of text, each parsed as a whole process (start-up included); share = MB/CPU-s as a share")
    print("of the same text in its lines (goal >= 0.5)")
    print(table(rows, ["shape", "MB", "lines", "CPU s", "MB/CPU-s", "records", "peak RSS MB", "share"]))


def _list_file(paths: list[str], folder: Path, name: str) -> str:
    path = folder / name
    path.write_text("\n".join(paths), encoding="utf-8")
    return str(path)


def _sample(files: list[str], at_least: int) -> list[str]:
    """Every k-th file, spread over the corpus, until at least `at_least` bytes."""
    total = sum(os.path.getsize(f) for f in files)
    step = max(1, int(total / at_least) - 1)
    chosen, size = [], 0
    for f in files[::step] + files:
        if f in chosen:
            continue
        chosen.append(f)
        size += os.path.getsize(f)
        if size >= at_least:
            break
    return chosen


def _count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _last_offset(path: Path) -> int:
    """The `end` of the last complete JSON line written (how far a killed run got)."""
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - (1 << 16)))
        lines = f.read().split(b"\n")
    for line in reversed(lines):
        try:
            return int(json.loads(line)["end"])
        except (ValueError, KeyError):
            continue
    return 0


BUSY_CODE = "x = 0\nfor i in range(12_000_000):\n    x += i\n"


def cpu_headroom(env: dict) -> float:
    """How many CPUs this benchmark really gets: a busy loop alone, then two at once.
    2.0 on an idle 2-core machine; near 1.0 when other work holds a core."""
    one = run_child([PY, "-c", BUSY_CODE], env).wall
    start = time.perf_counter()
    pair = [subprocess.Popen([PY, "-c", BUSY_CODE], env=env) for _ in range(2)]
    for p in pair:
        p.wait()
    return 2 * one / (time.perf_counter() - start)


def code_fingerprint() -> str:
    """What the answers depend on: the package and the rules. Others may commit while the
    benchmark runs; comparing outputs made from different code would prove nothing."""
    h = hashlib.sha256()
    for folder, pattern in ((ROOT / "dxextract", "*.py"), (ROOT / "rules", "*.yaml")):
        for path in sorted(folder.glob(pattern)):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def parse_cmd(files: list[str], jobs: int, fmt: str = "jsonl") -> list[str]:
    return dx("parse", "--format", fmt, "--no-progress", "--jobs", str(jobs), *files)


# -- the report -------------------------------------------------------------------------


def mb(n: float) -> float:
    return n / 1e6


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    fmt = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="dxextract benchmark (see the module docstring)")
    ap.add_argument("--corpus", type=Path, default=build_corpus.DEFAULT_OUT)
    ap.add_argument("--mb", type=float, default=24, help="corpus size to build, MB (default 24)")
    ap.add_argument("--files", type=int, default=0, help="use only the first N corpus files")
    ap.add_argument("--sample-mb", type=float, default=1.0, help="text tokenized for (a), MB (default 1)")
    ap.add_argument("--big-mb", type=float, default=100, help="size of the one big file, MB (0: skip)")
    ap.add_argument("--big-seconds", type=float, default=150,
                    help="time budget for the big file (default 150; 0: read it to the end, ~8 min)")
    ap.add_argument("--startup-runs", type=int, default=7)
    ap.add_argument("--speedup-rounds", type=int, default=3,
                    help="also time --jobs 1 and 2 alternately this many times on a part (default 3)")
    ap.add_argument("--speedup-files", type=int, default=150, help="files in that part (default 150)")
    ap.add_argument("--paired-rounds", type=int, default=3,
                    help="also run (a) and (c) back to back this many times, a ratio each (default 3)")
    ap.add_argument("--paired-files", type=int, default=300,
                    help="files (c) parses in each of those rounds (default 300)")
    ap.add_argument("--formats-files", type=int, default=40,
                    help="(f): corpus reports read as txt, docx, pdf and html (default 40; 0: skip)")
    ap.add_argument("--formats-only", action="store_true", help="run (f) alone")
    ap.add_argument("--shapes-mb", type=float, default=1.0,
                    help="(g): MB of text for the one-sentence shape; ten times that in one line (default 1; 0: skip)")
    ap.add_argument("--shapes-only", action="store_true", help="run (g) alone")
    ap.add_argument("--quick", action="store_true", help="150 files, 0.3 MB sample, no big file")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--keep", action="store_true", help="keep the outputs of the runs (in a temporary folder)")
    args = ap.parse_args(argv)
    if args.formats_only or args.shapes_only:
        args.big_mb = 0  # (f) and (g) need no big file
    if args.quick:
        args.files = args.files or 150
        args.sample_mb = 0.3
        args.big_mb = 0
        args.startup_runs = min(args.startup_runs, 5)
        args.speedup_rounds = min(args.speedup_rounds, 1)
        args.speedup_files = min(args.speedup_files, 60)
        args.paired_rounds = min(args.paired_rounds, 1)
        args.paired_files = min(args.paired_files, 150)
        args.formats_files = min(args.formats_files, 20)
        args.shapes_mb = min(args.shapes_mb, 0.3)

    manifest = build_corpus.ensure(args.corpus, mb=args.mb, big_mb=args.big_mb)
    files = sorted(str(p) for p in (args.corpus / "archive").glob("*.txt"))
    if args.files:
        files = files[:args.files]
    corpus_bytes = sum(os.path.getsize(f) for f in files)
    env = child_env(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="dxbench-"))
    try:
        if args.formats_only:
            return _formats_only(args, files, env, work)
        if args.shapes_only:
            return _shapes_only(args, files, env, work)
        return _bench(args, manifest, files, corpus_bytes, env, work)
    finally:
        if args.keep:
            log(f"outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _formats_only(args, files: list[str], env: dict, work: Path) -> int:
    log("warming the bytecode cache …")
    run_child(dx("parse", SMALL_REPORT, "-o", os.devnull), env)
    format_rows, format_figures, how = formats_case(args, files, env, work)
    print(f"dxextract benchmark (f) — {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    print(f"(f) input formats: the same {args.formats_files} reports as each format ({how}); read = the text "
          "extracted (no values), parse = `dxextract parse` as a whole process; MB of extracted text")
    print(table(format_rows, ["format", "files", "file MB", "text MB", "read s", "read MB/s", "read files/s",
                              "parse s", "parse MB/s", "parse files/s", "records"]))
    if args.json:
        args.json.write_text(json.dumps({"formats": format_figures}, indent=1))
    return 0


def _shapes_only(args, files: list[str], env: dict, work: Path) -> int:
    log("warming the bytecode cache …")
    run_child(dx("parse", SMALL_REPORT, "-o", os.devnull), env)
    rows, figures = shapes_case(args, files, env, work)
    print(f"dxextract benchmark (g) — {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    _print_shapes(rows)
    if args.json:
        args.json.write_text(json.dumps({"shapes": figures}, indent=1))
    return 0 if all(f["ok"] for f in figures.values()) else 1


def _bench(args, manifest: dict, files: list[str], corpus_bytes: int, env: dict, work: Path) -> int:
    all_list = _list_file(files, work, "all.txt")
    sample = _sample(files, int(args.sample_mb * 1e6))
    sample_list = _list_file(sample, work, "sample.txt")
    sample_bytes = sum(os.path.getsize(f) for f in sample)
    figures: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "load_before": os.getloadavg()[0]},
                     "corpus": {"files": len(files), "bytes": corpus_bytes}}

    log("warming the bytecode cache …")
    run_child(dx("parse", SMALL_REPORT, "-o", os.devnull), env)
    run_child([PY, "-c", "import underthesea"], env)

    # -- checks -------------------------------------------------------------------------
    log("checks: answers on the sample reports …")
    outs = {}
    for name, cmd in (("fast", dx("parse", "--format", "jsonl", *SEEDS)),
                      ("reference", [PY, "-c", REFERENCE_PARSE_CODE, "parse", "--format", "jsonl", *SEEDS]),
                      ("jobs2", parse_cmd(SEEDS, 2))):
        with open(work / f"seeds.{name}.jsonl", "wb") as f:
            run_child(cmd, env, stdout=f)
        outs[name] = (work / f"seeds.{name}.jsonl").read_bytes()
    checks = {
        "seed answers, fast start-up == plain `import underthesea`": outs["fast"] == outs["reference"],
        "seed answers, --jobs 2 == --jobs 1": outs["fast"] == outs["jobs2"],
    }
    seed_records = outs["fast"].count(b"\n")
    log("checks: tokenizers as loaded vs import underthesea …")
    seg_files = _sample(files, 200_000)
    out = subprocess.run([PY, "-c", SEGMENT_CHECK_CODE, _list_file(seg_files, work, "seg.txt")],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit("segmenter check failed to run")
    seg = json.loads(out.stdout)
    checks[f"tokenizers: same words on {seg['phrases']} phrases"] = seg["same_words"] == seg["phrases"]
    checks[f"tokenizers: same sentences on {seg['phrases']} phrases"] = seg["same_sentences"] == seg["phrases"]

    # -- (d) start-up -------------------------------------------------------------------
    log("(d) start-up …")
    times = {"dx": [], "ut": [], "help": []}
    for _ in range(args.startup_runs):
        times["ut"].append(run_child([PY, "-c", "import underthesea"], env))
        times["dx"].append(run_child(dx("parse", SMALL_REPORT, "-o", os.devnull), env))
        times["help"].append(run_child(dx("--help"), env))
    med = lambda runs: sorted(r.wall for r in runs)[len(runs) // 2]  # noqa: E731
    best = lambda runs: min(r.wall for r in runs)  # noqa: E731

    # -- (a) tokenize everything --------------------------------------------------------
    # Run twice, right before and right after (c) --jobs 1, and pooled: the machine's speed
    # drifts over minutes, and a baseline on both sides of the run it is compared with
    # cancels a steady drift (a single one, a minute away, has been off by a third).
    log(f"(a) underthesea word_tokenize on {mb(sample_bytes):.2f} MB …")
    tok_runs = [run_measuring(TOKENIZE_CODE, sample_list, env, work / "tok.json")]

    # -- (b) the regex floor ------------------------------------------------------------
    log(f"(b) regex number scan on {mb(corpus_bytes):.1f} MB …")
    re_run, rex = run_measuring(REGEX_CODE, all_list, env, work / "re.json")
    re_rate = mb(corpus_bytes) / re_run.wall
    re_cpu_rate = mb(corpus_bytes) / re_run.cpu

    # -- (c) dxextract parse on the whole corpus ----------------------------------------
    headroom = [cpu_headroom(env)]
    parse_runs = {}
    for jobs in (1, 2):
        log(f"(c) dxextract parse --jobs {jobs} on {len(files)} files, {mb(corpus_bytes):.1f} MB …")
        out_path = work / f"corpus.jobs{jobs}.jsonl"
        before = code_fingerprint()
        with open(out_path, "wb") as f:
            r = run_child(parse_cmd(files, jobs), env, stdout=f)
        parse_runs[jobs] = (r, _count_lines(out_path), _digest(out_path), before, code_fingerprint())
        if jobs == 1:
            log("(a) again, right after (c) --jobs 1 …")
            tok_runs.append(run_measuring(TOKENIZE_CODE, sample_list, env, work / "tok.json"))
    headroom.append(cpu_headroom(env))
    tok_run = max((run for run, _ in tok_runs), key=lambda run: run.maxrss_mb)
    tok = {key: sum(t[key] for _, t in tok_runs) for key in ("bytes", "seconds", "cpu")}
    tok["load"] = tok_runs[0][1]["load"]
    tok_rate = mb(tok["bytes"]) / tok["seconds"]
    tok_cpu_rate = mb(tok["bytes"]) / tok["cpu"]
    tok_each = [mb(t["bytes"]) / t["cpu"] for _, t in tok_runs]
    rounds = {1: [], 2: []}
    if args.speedup_rounds:
        part = files[:args.speedup_files]
        log(f"(c) --jobs 1 and --jobs 2 alternately on {len(part)} files, {args.speedup_rounds} rounds …")
        for _ in range(args.speedup_rounds):
            for jobs in (1, 2):
                rounds[jobs].append(run_child(parse_cmd(part, jobs), env).wall)
    # The machine's speed drifts over minutes (the baseline alone has measured 0.15 to 0.20 MB
    # per CPU-s on this machine): (a) and (c) back to back, a ratio per round, cancel the drift.
    paired = []
    if args.paired_rounds:
        part = files[:args.paired_files]
        part_bytes = sum(os.path.getsize(f) for f in part)
        log(f"(a) then (c) back to back on {len(part)} files, {args.paired_rounds} rounds …")
        for _ in range(args.paired_rounds):
            _, round_tok = run_measuring(TOKENIZE_CODE, sample_list, env, work / "tok.round.json")
            round_parse = run_child(parse_cmd(part, 1), env)
            paired.append((mb(part_bytes) / round_parse.cpu) / (mb(round_tok["bytes"]) / round_tok["cpu"]))
    same_code = len({parse_runs[j][k] for j in (1, 2) for k in (3, 4)}) == 1
    name = "whole corpus, --jobs 2 output == --jobs 1 output"
    if same_code:
        checks[name] = parse_runs[1][2] == parse_runs[2][2]
    else:
        log("the code or rules changed during the runs: re-running --jobs 1 on 100 files to compare")
        few_cmp = files[:100]
        outs2 = []
        for jobs in (1, 2):
            with open(work / f"cmp.jobs{jobs}.jsonl", "wb") as f:
                run_child(parse_cmd(few_cmp, jobs), env, stdout=f)
            outs2.append(_digest(work / f"cmp.jobs{jobs}.jsonl"))
        checks[name.replace("whole corpus", "first 100 files (the code changed during the whole-corpus runs)")] = (
            outs2[0] == outs2[1])

    # -- (e) memory -----------------------------------------------------------------------
    few = files[:100]
    log(f"(e) memory: {len(few)} files …")
    with open(work / "few.jsonl", "wb") as f:
        few_run = run_child(parse_cmd(few, 1), env, stdout=f)
    few_bytes = sum(os.path.getsize(f) for f in few)
    big = None
    if args.big_mb:
        big_path = args.corpus / "big.txt"
        big_size = os.path.getsize(big_path)
        log(f"(e) memory: one {mb(big_size):.0f} MB file"
            + (f" (at most {args.big_seconds:g} s) …" if args.big_seconds > 0 else ", to the end …"))
        out_path = work / "big.jsonl"
        with open(out_path, "wb") as f:
            big_run = run_child(dx("parse", "--format", "jsonl", "--no-progress", str(big_path)), env,
                                stdout=f, limit=args.big_seconds if args.big_seconds > 0 else None,
                                sample_every=0.5)
        done_chars = _last_offset(out_path)
        # chars -> bytes, roughly: the file's bytes per char
        with open(big_path, encoding="utf-8") as fh:
            head = fh.read(1_000_000)
        done_bytes = done_chars * len(head.encode("utf-8")) / max(1, len(head))
        s = big_run.samples
        n = len(s)
        early = max((x[1] for x in s[: max(1, n // 5)]), default=0)
        late = max((x[1] for x in s[-max(1, n // 5):]), default=0)
        big = {"bytes": big_size, "processed": done_bytes, "run": big_run, "early_mb": early, "late_mb": late,
               "records": _count_lines(out_path)}

    formats = formats_case(args, files, env, work) if args.formats_files else None
    shapes = shapes_case(args, files, env, work) if args.shapes_mb else None

    # -- the report -----------------------------------------------------------------------
    rows = []

    def row(label, size, run, seconds, records, rate, cpu=None):
        cpu = run.cpu if cpu is None else cpu
        cpu_rate = mb(size) / cpu
        rows.append([label, f"{mb(size):.2f}", f"{seconds:.1f}", f"{cpu:.1f}", f"{rate:.3f}", f"{cpu_rate:.3f}",
                     "-" if records is None else f"{records / seconds:,.0f}",
                     f"{run.maxrss_mb:.0f}", f"{run.tree_mb:.0f}",
                     f"{cpu_rate / tok_cpu_rate:.2f}x", f"{cpu_rate / re_cpu_rate:.4f}x", f"{run.load:.1f}"])

    row("(a) underthesea word_tokenize, every line", tok["bytes"], tok_run, tok["seconds"], None, tok_rate, tok["cpu"])
    row("(b) regex number scan (floor)", corpus_bytes, re_run, re_run.wall, rex["numbers"], re_rate)
    for jobs in (1, 2):
        r, records = parse_runs[jobs][:2]
        row(f"(c) dxextract parse --jobs {jobs}", corpus_bytes, r, r.wall, records, mb(corpus_bytes) / r.wall)
    row(f"(e) dxextract parse, first {len(few)} files", few_bytes, few_run, few_run.wall, _count_lines(work / "few.jsonl"),
        mb(few_bytes) / few_run.wall)
    header = ["case", "MB", "wall s", "CPU s", "MB/s", "MB/CPU-s", "records/s", "peak RSS MB", "tree RSS MB",
              "vs (a)", "vs (b)", "load"]

    print(f"dxextract benchmark — {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average before {figures['machine']['load_before']:.2f}")
    print(f"corpus: {len(files)} files, {mb(corpus_bytes):.1f} MB ({args.corpus / 'archive'}, "
          f"built by benchmarks/build_corpus.py, styles {manifest['archive']['styles']}); "
          f"(a) on a {mb(sample_bytes):.2f} MB sample of {len(sample)} files")
    print()
    print(table(rows, header))
    print("MB/s on the wall clock; MB/CPU-s per second of CPU (user + system, all processes of the run), which")
    print("other work on the machine barely moves; vs (a) and vs (b) compare MB/CPU-s. load: the 1-minute load")
    print(f"average as the case ended; above {os.cpu_count()}, other processes competed for the CPUs.")
    print()
    print("(a): the {:.2f} MB sample twice, before and after (c) --jobs 1, pooled ({} MB/CPU-s); its rate excludes "
          "the model load ({:.2f} s)".format(mb(sample_bytes), " and ".join(f"{r:.3f}" for r in tok_each), tok["load"]))
    r1, r2 = parse_runs[1][0], parse_runs[2][0]
    print(f"throughput on one core: {mb(corpus_bytes) / r1.cpu / tok_cpu_rate:.2f}x the tokenize-everything baseline "
          f"per CPU-second ({mb(corpus_bytes) / r1.wall / tok_rate:.2f}x on the wall clock; goal >= 5x); "
          f"the regex floor is {re_cpu_rate / (mb(corpus_bytes) / r1.cpu):.0f}x faster")
    if paired:
        print(f"throughput, (a) and (c) back to back ({len(paired)} rounds, (c) on "
              f"{min(len(files), args.paired_files)} files as a whole process): median {statistics.median(paired):.2f}x (all: {', '.join(f'{r:.2f}' for r in paired)})")
    print(f"--jobs 2 vs --jobs 1, whole corpus: {r1.wall / r2.wall:.2f}x faster (goal >= 1.7x on 2 cores); CPUs "
          f"actually free: {headroom[0]:.2f} before, {headroom[1]:.2f} after (two busy loops at once vs one)")
    if rounds[1]:
        print(f"--jobs 2 vs --jobs 1, {args.speedup_rounds} alternating rounds on {min(len(files), args.speedup_files)} "
              f"files: best {min(rounds[1]):.1f} s vs {min(rounds[2]):.1f} s -> {min(rounds[1]) / min(rounds[2]):.2f}x "
              f"(all: {', '.join(f'{a:.1f}/{b:.1f}' for a, b in zip(rounds[1], rounds[2]))})")
    print()
    print("(d) start-up, one small report ({}; {} runs, median / best):".format(Path(SMALL_REPORT).name, args.startup_runs))
    print(f"    python -c 'import underthesea'   {med(times['ut']):.2f} s / {best(times['ut']):.2f} s")
    print(f"    dxextract parse REPORT           {med(times['dx']):.2f} s / {best(times['dx']):.2f} s"
          f"   -> {med(times['dx']) / med(times['ut']):.2f}x / {best(times['dx']) / best(times['ut']):.2f}x (goal <= 1.5x)")
    print(f"    dxextract --help                 {med(times['help']):.2f} s / {best(times['help']):.2f} s")
    print()
    print("(e) peak memory (RSS of the parse process):")
    print(f"    {len(few)} files ({mb(few_bytes):.1f} MB)          {few_run.maxrss_mb:6.0f} MB")
    print(f"    {len(files)} files ({mb(corpus_bytes):.1f} MB)        {r1.maxrss_mb:6.0f} MB"
          f"   (--jobs 2: {r2.maxrss_mb:.0f} MB largest process, {r2.tree_mb:.0f} MB whole tree)")
    if big:
        br = big["run"]
        state = (f"stopped after {br.wall:.0f} s, {mb(big['processed']):.1f} MB of {mb(big['bytes']):.0f} MB read"
                 if br.timed_out else f"finished in {br.wall:.0f} s")
        print(f"    one {mb(big['bytes']):.0f} MB file            {br.maxrss_mb:6.0f} MB   ({state}, {big['records']:,} records; "
              f"peak in the first fifth of the run {big['early_mb']:.0f} MB, in the last fifth {big['late_mb']:.0f} MB)")
        s = br.samples
        if len(s) >= 10:
            marks = [s[len(s) * k // 10 - 1][1] for k in range(1, 11)]
            print("    RSS at each tenth of that run (MB): " + " ".join(f"{m:.0f}" for m in marks))
    if formats:
        format_rows, format_figures, how = formats
        print()
        print(f"(f) input formats: the same {args.formats_files} reports as each format ({how}); read = the text "
              "extracted (no values), parse = `dxextract parse` as a whole process; MB of extracted text")
        print(table(format_rows, ["format", "files", "file MB", "text MB", "read s", "read MB/s", "read files/s",
                                  "parse s", "parse MB/s", "parse files/s", "records"]))
        figures["formats"] = format_figures
    if shapes:
        print()
        _print_shapes(shapes[0])
        figures["shapes"] = shapes[1]
        for name, f in shapes[1].items():
            if "vs_lines" in f:
                checks[f"(g) {name}: at least half the MB/CPU-s of the same text in lines"] = f["ok"]
    print()
    print(f"checks ({seed_records} records on the {len(SEEDS)} sample reports):")
    for name, ok in checks.items():
        print(f"    {'ok  ' if ok else 'FAIL'} {name}")

    figures.update({
        "tokenize_mb_s": tok_rate, "regex_mb_s": re_rate, "tokenize_mb_cpu_s": tok_cpu_rate,
        "tokenize_mb_cpu_s_each": tok_each,
        "speedup_rounds": rounds, "paired_ratios": paired,
        "parse_jobs1": {"wall": r1.wall, "cpu": r1.cpu, "mb_s": mb(corpus_bytes) / r1.wall, "records": parse_runs[1][1], "rss_mb": r1.maxrss_mb},
        "parse_jobs2": {"wall": r2.wall, "mb_s": mb(corpus_bytes) / r2.wall, "records": parse_runs[2][1], "tree_mb": r2.tree_mb},
        "cpu_headroom": headroom,
        "startup": {"dx_median": med(times["dx"]), "underthesea_median": med(times["ut"]), "help_median": med(times["help"])},
        "memory": {"files_100_mb": few_run.maxrss_mb, "files_all_mb": r1.maxrss_mb,
                   "big_mb": big["run"].maxrss_mb if big else None},
        "checks": checks,
    })
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
