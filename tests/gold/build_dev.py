"""Build the dev set's gold files from the hand-written answers in tests/gold/dev/*.yaml.

    python tests/gold/build_dev.py            # check every answer file, write the gold files
    python tests/gold/build_dev.py --check    # check only; exit 1 when a gold file is stale
    python tests/gold/build_dev.py --set holdout   # the same for tests/holdout (see GUIDE.md)

Each report tests/dev/NAME.txt has its answers in tests/gold/dev/NAME.yaml: what the report
is about (`province`, `period`) and `numbers`, one entry for every number of the text in
the order they appear, each either a value (SPEC section 1) or an exclusion with its reason
(SPEC section 4). An entry is found by its `text`, searched from where the entry before it
ended (or from just after `after`, a snippet of the text, when given), so the answers need
no offsets. Every digit of the report must lie in some entry's span: a number nobody
accounted for is an error here, as it is a hole in the rules for `dxextract explain`.

The output, tests/gold/dev.jsonl (the values, SPEC section 6) and
tests/gold/dev_exclusions.jsonl (the non-values and their reasons) and
tests/gold/dev_context.jsonl (each report's province and period), is what the tests and
the referee read; tests/test_dev_gold.py fails when they are stale.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

# libyaml's parser, where PyYAML was built with it: the same data as yaml.safe_load (the same
# resolver of tags) for a quarter of the CPU on the hundreds of answer files `--check` reads in the suite.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SETS = ("dev", "holdout")


class GoldSet:
    """A set of reports, tests/NAME/*.txt, with answers in tests/gold/NAME/*.yaml, built into
    tests/gold/NAME.jsonl, NAME_exclusions.jsonl and NAME_context.jsonl."""

    def __init__(self, name: str):
        self.name = name
        self.reports = ROOT / "tests" / name
        self.answers = HERE / name
        self.outputs = (HERE / f"{name}.jsonl", HERE / f"{name}_exclusions.jsonl", HERE / f"{name}_context.jsonl")

KINDS = ("percent", "count", "length", "money", "fraction", "rank", "rate", "measure", "multiple")
QUALIFIERS = ("=", ">", ">=", "<", "<=", "~")
ROLES = ("level", "change", "target")
SCOPES = ("cấp tỉnh", "cấp huyện", "cấp xã")
# SPEC section 4: why a number is not a value.
# A period or date as ISO 8601 writes it: a year, month or day, or an interval of two of one shape.
_PERIOD = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:/(?=\d)(?:\d{4}(?:-\d{2}(?:-\d{2})?)?))?")
REASONS = ("date", "period", "identifier", "version", "furniture", "list", "name", "other", "unit")
VALUE_KEYS = {"text", "after", "kind", "value", "total", "unit", "qualifier", "role", "label", "scope", "indicator",
              "note"}
EXCLUSION_KEYS = {"text", "after", "exclude", "note"}
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


class AnswerError(Exception):
    pass


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_digits(text: str) -> float:
    """SPEC section 3: `1.567.705` -> 1567705, `76,2` -> 76.2, `148.37` -> 148.37."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def line_col(text: str, at: int) -> tuple[int, int]:
    line = 1 + len(re.findall(r"\r\n|\r|\n", text[:at]))
    starts = [m.end() for m in re.finditer(r"\r\n|\r|\n", text[:at])]
    return line, at - (starts[-1] if starts else 0) + 1


def _plausible_value(entry: dict) -> str | None:
    """A warning when the value does not follow from the surface (a typo in the answers)."""
    surface, kind, value = entry["text"], entry["kind"], entry["value"]
    numbers = _DIGITS.findall(surface)
    if not numbers or kind in ("fraction", "rank"):
        return None
    read = read_digits(numbers[0])
    for word, scale in SCALES.items():
        if re.search(rf"(?<!\w){word}(?!\w)", surface.lower()):
            read *= scale
            break
    if abs(read - float(value)) > 1e-6 * max(1.0, abs(read)) and not re.search(r"nghìn tỷ|ngàn tỷ", surface):
        return f"value {value} but the text {surface!r} reads {read:g}"
    return None


def build_one(gold_set: GoldSet, name: str) -> tuple[list[dict], list[dict], dict, list[str]]:
    """The values, exclusions and context of one report, and warnings."""
    report = gold_set.reports / f"{name}.txt"
    answers = gold_set.answers / f"{name}.yaml"
    if not report.exists():
        raise AnswerError(f"{answers.name}: no report {report.relative_to(ROOT)}")
    text = report.read_text(encoding="utf-8-sig")
    if text != nfc(text):
        raise AnswerError(f"{report.name}: the report is not in NFC")
    data = yaml.load(answers.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    if not isinstance(data, dict) or not isinstance(data.get("numbers"), list):
        raise AnswerError(f"{answers.name}: needs a mapping with a 'numbers' list")
    doc = report.name
    values, exclusions, warnings = [], [], []
    cursor = 0
    covered = [False] * len(text)
    for i, entry in enumerate(data["numbers"], 1):
        where = f"{answers.name} entry {i} ({entry.get('text')!r})" if isinstance(entry, dict) else f"{answers.name} entry {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"]:
            raise AnswerError(f"{where}: each entry needs a 'text'")
        surface = nfc(entry["text"])
        if entry.get("after") is not None:
            anchor = text.find(nfc(str(entry["after"])), cursor)
            if anchor < 0:
                raise AnswerError(f"{where}: 'after' {entry['after']!r} not found after offset {cursor}")
            cursor = anchor + len(nfc(str(entry["after"])))
        start = text.find(surface, cursor)
        if start < 0:
            raise AnswerError(f"{where}: not found after offset {cursor} (line {line_col(text, cursor)[0]})")
        end = start + len(surface)
        # An entry should not skip over numbers that no entry covers: that is an order mistake.
        cursor = end
        for k in range(start, end):
            covered[k] = True
        if "exclude" in entry:
            unknown = set(entry) - EXCLUSION_KEYS
            if unknown:
                raise AnswerError(f"{where}: unknown field(s) for an exclusion: {sorted(unknown)}")
            if entry["exclude"] not in REASONS:
                raise AnswerError(f"{where}: reason must be one of {', '.join(REASONS)}")
            exclusions.append({"doc": doc, "start": start, "end": end, "text": surface, "reason": entry["exclude"]})
            continue
        unknown = set(entry) - VALUE_KEYS
        if unknown:
            raise AnswerError(f"{where}: unknown field(s): {sorted(unknown)}")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise AnswerError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if not isinstance(entry.get("value"), (int, float)) or isinstance(entry.get("value"), bool):
            raise AnswerError(f"{where}: needs a numeric 'value'")
        total = entry.get("total")
        if kind in ("fraction",) and total is None:
            raise AnswerError(f"{where}: a fraction needs its 'total'")
        unit = entry.get("unit", "%" if kind == "percent" else None)
        if kind in ("count", "fraction") and "unit" not in entry:
            raise AnswerError(f"{where}: a {kind} needs its 'unit' (the counted noun, or null when the text has none)")
        qualifier = entry.get("qualifier", "=")
        role = entry.get("role", "level")
        scope = entry.get("scope")
        if qualifier not in QUALIFIERS:
            raise AnswerError(f"{where}: qualifier must be one of {' '.join(QUALIFIERS)}")
        if role not in ROLES:
            raise AnswerError(f"{where}: role must be one of {', '.join(ROLES)}")
        if scope not in (None, *SCOPES):
            raise AnswerError(f"{where}: scope must be null or one of {', '.join(SCOPES)}")
        if "label" not in entry:
            raise AnswerError(f"{where}: needs a 'label' (null when the text names nothing measured)")
        label = entry["label"]
        if label is not None and nfc(label) not in text:
            warnings.append(f"{where}: label {label!r} is not copied from the text")
        record = {"doc": doc, "start": start, "end": end, "text": surface}
        record["line"], record["col"] = line_col(text, start)
        record.update({"kind": kind, "value": entry["value"], "total": total, "unit": unit, "qualifier": qualifier,
                       "role": role, "label": None if label is None else nfc(label), "scope": scope,
                       "indicator": entry.get("indicator")})
        warning = _plausible_value(record)
        if warning:
            warnings.append(f"{where}: {warning}")
        values.append(record)
    missing = [m for m in re.finditer(r"\d+", text) if not all(covered[m.start():m.end()])]
    if missing:
        shown = ", ".join(f"{m.group()!r} at line {line_col(text, m.start())[0]}" for m in missing[:8])
        raise AnswerError(f"{answers.name}: {len(missing)} number(s) no entry covers: {shown}")
    period = data.get("period")
    if period is not None and not _PERIOD.fullmatch(str(period)):
        raise AnswerError(f"{answers.name}: period {period!r} is not ISO 8601 as GUIDE.md gives it "
                          f"(\"2023\", \"2023-01/2023-10\", \"2021/2025\", \"2024-05-12\")")
    context = {"doc": doc, "province": data.get("province"), "period": period}
    return values, exclusions, context, warnings


def build(gold_set: GoldSet) -> tuple[str, str, str, list[str]]:
    names = sorted(p.stem for p in gold_set.answers.glob("*.yaml"))
    reports = gold_set.reports
    orphans = sorted(p.name for p in reports.glob("*") if p.stem not in names) if reports.exists() else []
    if orphans:
        raise AnswerError(f"reports without answers in tests/gold/{gold_set.name}/: {', '.join(orphans)}")
    values, exclusions, contexts, warnings = [], [], [], []
    for name in names:
        v, e, c, w = build_one(gold_set, name)
        values += v
        exclusions += e
        contexts.append(c)
        warnings += w

    def lines(records):
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    return lines(values), lines(exclusions), lines(contexts), warnings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when a gold file is stale")
    parser.add_argument("--set", choices=SETS, default="dev", help="which set of reports (default dev)")
    args = parser.parse_args()
    gold_set = GoldSet(args.set)
    try:
        outputs = build(gold_set)
    except AnswerError as exc:
        print(f"build_dev: {exc}", file=sys.stderr)
        return 2
    *texts, warnings = outputs
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    stale = [p for p, t in zip(gold_set.outputs, texts)
             if not p.exists() or p.read_text(encoding="utf-8") != t]
    if args.check:
        for p in stale:
            print(f"build_dev: {p.relative_to(ROOT)} is stale: run python tests/gold/build_dev.py --set {gold_set.name}",
                  file=sys.stderr)
        return 1 if stale else 0
    for p, t in zip(gold_set.outputs, texts):
        p.write_text(t, encoding="utf-8")
    n_values = texts[0].count("\n")
    n_excl = texts[1].count("\n")
    print(f"{len(list(gold_set.answers.glob('*.yaml')))} reports, {n_values} values, {n_excl} exclusions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
