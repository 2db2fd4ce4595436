"""Build a varied benchmark corpus from the sample reports in `seeds/`.

    python benchmarks/build_corpus.py                 # benchmarks/corpus/archive/, >= 24 MB
    python benchmarks/build_corpus.py --big-mb 100    # plus benchmarks/corpus/big.txt (~100 MB)

Each generated report is a new text, not a copy: a title block from one sample report,
then paragraphs drawn at random from all of them, every number perturbed in its own
written form (`1.482` -> another dotted thousands, `76,2%` -> another one-decimal
percentage, `151/151` -> another fraction a <= b, `07` keeps its leading zero; dates,
times, years and versions are left alone so the traps still see traps), and the
report's province swapped for one of the 63. A few files are CRLF, decomposed (NFD) or
start with a BOM, as real archives do. The output is the same for the same --seed.

The corpus lives under benchmarks/corpus/ (git-ignored). A file `manifest.json` records
how it was built, so `benchmarks/run.py` rebuilds it only when it is missing or stale.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PROVINCES = ROOT / "rules" / "provinces.yaml"
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"
VERSION = 3  # bump when the generator changes, so stale corpora are rebuilt

# A run of digits with inner separators: 1.567.705 · 76,2 · 151/151 · 16:45 · 2.0
_NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")
_CLAUSE = re.compile(r", (?=\S)")
_DATE_WORD = re.compile(r"(?i)(?:tháng|ngày|quý|năm|lúc)\s$")
_TONE_NEW_TO_OLD = None  # filled lazily: dxextract.normalize.canonical_tones


def _canonical_tones(text: str) -> str:
    """`Hoà` -> `Hòa` (one character for one), so names match whatever the tone style."""
    global _TONE_NEW_TO_OLD
    if _TONE_NEW_TO_OLD is None:
        sys.path.insert(0, str(ROOT))
        from dxextract.normalize import canonical_tones  # noqa: PLC0415

        _TONE_NEW_TO_OLD = canonical_tones
    return _TONE_NEW_TO_OLD(text)


# -- numbers ----------------------------------------------------------------------------


def _digits(rng: random.Random, n: int, lead_zero: bool = False) -> str:
    """n random digits; the first is non-zero unless the original had a leading zero."""
    if n <= 0:
        return ""
    if lead_zero:
        return "0" * (n - 1) + str(rng.randint(1, 9)) if n <= 2 else "0" + _digits(rng, n - 1)
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def _same_shape(rng: random.Random, surface: str) -> str:
    """Another number written exactly like `surface`: same groups, same digit counts."""
    lead_zero = len(surface) > 1 and surface[0] == "0" and surface[1].isdigit()
    out, first = [], True
    for piece in re.split(r"([.,])", surface):
        if piece in (".", ","):
            out.append(piece)
            continue
        out.append(_digits(rng, len(piece), lead_zero) if first else "".join(
            str(rng.randint(0, 9)) for _ in range(len(piece))))
        first = False
    return "".join(out)


def _as_float(surface: str) -> float:
    """Vietnamese reading, only to compare sizes: dots group thousands, a comma is decimal."""
    body = surface.replace(".", "").replace(",", ".") if re.search(r"\.\d{3}(?!\d)", surface) else surface.replace(",", ".")
    try:
        return float(body)
    except ValueError:
        return 0.0


def _percent(rng: random.Random, surface: str) -> str:
    """A percentage stays in 0–100: `100` is often kept, `76,2` -> `NN,N`."""
    value = _as_float(surface)
    if value > 100:
        return _same_shape(rng, surface)
    if surface == "100":
        return "100" if rng.random() < 0.5 else str(rng.randint(10, 99))
    for _ in range(20):
        candidate = _same_shape(rng, surface)
        if _as_float(candidate) <= 100:
            return candidate
    return surface


def _is_date(parts: list[str]) -> bool:
    """d/m, d/m/y, m/y, y/y (2023/2024) are dates; a/b with a bigger number is a fraction."""
    nums = [int(p) if p.isdigit() else -1 for p in parts]
    if len(parts) >= 3:
        return True  # 26/5/2024, 93/2014/NQ-HĐND (a document number: leave it)
    a, b = nums
    if len(parts[1]) == 4 and 1900 <= b <= 2100:
        return True  # tháng 6/2023, quý III/2024 …
    return 0 < a <= 31 and 0 < b <= 12


def perturb_numbers(rng: random.Random, text: str) -> str:
    """Every number a value rule could see, changed but written the same way."""

    def one(m: re.Match) -> str:
        s = m.group()
        before = text[max(0, m.start() - 1):m.start()]
        after = text[m.end():m.end() + 12]
        if ":" in s:
            return s  # a time
        if _DATE_WORD.search(text, max(0, m.start() - 8), m.start()):
            return s  # tháng 10, ngày 14, quý 3, năm 2023
        if before and (before.isalpha() or before in "_-") and not before.isspace():
            return s  # inside a code, a file name, a date range (16-17/01/2025)
        if after[:1].isalpha() and after[:1].isupper() and after[1:2] in ("", " ", "/", ",", ".", ")"):
            return s  # 3G, 4G/5G
        if after[:1] == "_" or (after[:1] == "-" and after[1:2].isdigit()):
            return s  # 2023-2025, file names
        if "/" in s:
            parts = s.split("/")
            if _is_date(parts) or not all(p.replace(".", "").isdigit() for p in parts):
                return s
            a, b = parts
            new_b = _same_shape(rng, b)
            new_a = _same_shape(rng, a)
            if _as_float(a) <= _as_float(b):
                for _ in range(20):
                    if _as_float(new_a) <= _as_float(new_b):
                        break
                    new_a = _same_shape(rng, a)
                else:
                    new_a = new_b if len(a) == len(b) else a
            return f"{new_a}/{new_b}"
        if re.fullmatch(r"\d{4}", s) and 1900 <= int(s) <= 2100:
            return s  # a year
        if re.fullmatch(r"\d\.\d", s):
            return s  # a version: 2.0, 4.0
        if re.match(r"\s?(?:%|phần trăm)", after):
            return _percent(rng, s)
        return _same_shape(rng, s)

    return _NUMBER.sub(one, text)


# -- provinces --------------------------------------------------------------------------


def load_provinces() -> list[str]:
    """The 63 province and city names before the 2025 merger."""
    data = yaml.load(PROVINCES.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return [p["name"] for p in data["provinces"] if not p.get("since")]


class ProvinceSwap:
    """Replaces the seed reports' own provinces by the province a generated report is about."""

    def __init__(self, names: list[str], seed_texts: list[str]):
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.pattern = re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)", re.IGNORECASE)
        self.names = names
        # Each seed's own province: the most mentioned name in it.
        self.own = set()
        for text in seed_texts:
            counts: dict[str, int] = {}
            for m in self.pattern.finditer(_canonical_tones(text)):
                key = m.group().casefold()
                counts[key] = counts.get(key, 0) + 1
            if counts:
                self.own.add(max(counts, key=counts.get))

    def __call__(self, text: str, target: str) -> str:
        canon = _canonical_tones(text)  # same length as text: offsets carry over
        out, last = [], 0
        for m in self.pattern.finditer(canon):
            if m.group().casefold() not in self.own:
                continue
            surface = text[m.start():m.end()]
            out.append(text[last:m.start()])
            out.append(target.upper() if surface.isupper() else target)
            last = m.end()
        out.append(text[last:])
        return "".join(out)


# -- reports ----------------------------------------------------------------------------


def split_seed(text: str) -> tuple[list[str], list[str]]:
    """(title lines, body paragraphs): the title runs to the first long paragraph."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head_end = next((i for i, ln in enumerate(lines) if len(ln) > 200), min(3, len(lines)))
    return lines[:head_end], lines[head_end:]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        texts = [p.read_text(encoding="utf-8-sig") for p in sorted(SEEDS.glob("*.txt"))]
        if not texts:
            raise SystemExit(f"no sample reports in {SEEDS}")
        self.swap = ProvinceSwap(load_provinces(), texts)
        self.heads, self.body = [], []
        for text in texts:
            head, body = split_seed(text)
            self.heads.append(head)
            self.body.extend(body)
        # Paragraphs with numbers are what the rules work on; real reports are rich in them.
        self.numeric = [p for p in self.body if any(c.isdigit() for c in p)]
        # Clauses (comma-separated pieces) of every paragraph, for remixing.
        self.clauses = [c for p in self.body for c in _CLAUSE.split(p)[1:] if len(c) > 3]
        self.provinces = load_provinces()

    def report(self, paragraphs: int) -> tuple[str, str]:
        """(text, province) of one new report of about `paragraphs` paragraphs."""
        rng = self.rng
        province = rng.choice(self.provinces)
        head = rng.choice(self.heads)
        lines = list(head)
        for _ in range(paragraphs):
            pool = self.numeric if rng.random() < 0.6 else self.body
            lines.append(self.remix(rng.choice(pool)))
        text = "\n\n".join(lines) + "\n"
        text = self.swap(text, province)
        return perturb_numbers(rng, text), province

    def remix(self, paragraph: str) -> str:
        """Half the paragraphs get some clauses swapped for clauses of other paragraphs, so
        what follows a value (the phrase its label is read from) varies as in a real archive,
        not only the numbers."""
        if self.rng.random() < 0.5:
            return paragraph
        pieces = _CLAUSE.split(paragraph)
        for i in range(1, len(pieces)):
            if self.rng.random() < 0.4:
                pieces[i] = self.rng.choice(self.clauses)
        return ", ".join(pieces)

    def dress(self, text: str) -> tuple[bytes, str]:
        """The bytes of a file: mostly plain UTF-8; some CRLF, some NFD, some with a BOM."""
        r = self.rng.random()
        if r < 0.10:
            return text.replace("\n", "\r\n").encode("utf-8"), "crlf"
        if r < 0.15:
            return unicodedata.normalize("NFD", text).encode("utf-8"), "nfd"
        if r < 0.18:
            return b"\xef\xbb\xbf" + text.encode("utf-8"), "bom"
        return text.encode("utf-8"), "utf-8"


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in plain if not unicodedata.combining(c)).lower()).strip("-")


def build_archive(out: Path, target_bytes: int, min_files: int, seed: int) -> dict:
    folder = out / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    gen = Generator(seed)
    total = files = 0
    styles: dict[str, int] = {}
    while total < target_bytes or files < min_files:
        # Report lengths vary the way press releases do: mostly short, a few long.
        paragraphs = min(400, int(gen.rng.lognormvariate(3.9, 0.5)) + 4)
        text, province = gen.report(paragraphs)
        data, style = gen.dress(text)
        (folder / f"r{files:05d}_{_slug(province)}.txt").write_bytes(data)
        styles[style] = styles.get(style, 0) + 1
        total += len(data)
        files += 1
    return {"files": files, "bytes": total, "styles": styles}


def build_big(out: Path, target_bytes: int, seed: int) -> dict:
    """One file of about target_bytes: many reports one after another, as a dump would be."""
    gen = Generator(seed + 1)
    total = 0
    path = out / "big.txt"
    with open(path, "wb") as f:
        while total < target_bytes:
            text, _ = gen.report(int(gen.rng.lognormvariate(3.9, 0.5)) + 4)
            data = text.encode("utf-8") + b"\n"
            f.write(data)
            total += len(data)
    return {"bytes": total}


def ensure(out: Path = DEFAULT_OUT, mb: float = 24, min_files: int = 1000, big_mb: float = 0,
           seed: int = 6, force: bool = False, quiet: bool = False) -> dict:
    """Build what is missing or stale; return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        manifest = {}
    wanted = {"version": VERSION, "seed": seed, "mb": mb, "min_files": min_files}
    if force or manifest.get("archive_params") != wanted or not (out / "archive").is_dir():
        if not quiet:
            print(f"building {out / 'archive'} ({mb:g} MB, >= {min_files} files, seed {seed}) …", file=sys.stderr)
        manifest = {"archive_params": wanted, "archive": build_archive(out, int(mb * 1e6), min_files, seed)}
        manifest_path.write_text(json.dumps(manifest, indent=1))
    if big_mb:
        big_wanted = {"version": VERSION, "seed": seed, "mb": big_mb}
        if force or manifest.get("big_params") != big_wanted or not (out / "big.txt").exists():
            if not quiet:
                print(f"building {out / 'big.txt'} ({big_mb:g} MB) …", file=sys.stderr)
            manifest["big"] = build_big(out, int(big_mb * 1e6), seed)
            manifest["big_params"] = big_wanted
            manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus folder (default benchmarks/corpus)")
    ap.add_argument("--mb", type=float, default=24, help="archive size in MB (10^6 bytes; default 24)")
    ap.add_argument("--min-files", type=int, default=1000, help="at least this many files (default 1000)")
    ap.add_argument("--big-mb", type=float, default=0, help="also build one file of this many MB (big.txt)")
    ap.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    ap.add_argument("--force", action="store_true", help="rebuild even if the corpus is up to date")
    args = ap.parse_args(argv)
    manifest = ensure(args.out, args.mb, args.min_files, args.big_mb, args.seed, args.force)
    print(json.dumps(manifest, indent=1))


if __name__ == "__main__":
    main()
