"""Run the examples written beside every rule: the rule files' own test suite.

Shapes (see rules/*.yaml):
- a value rule (`kind:`): `examples` are `{text, expect: [fields…]}` — the pipeline must
  give, from `text`, a record with those fields made by this rule; `none` strings must give
  no record of this rule;
- a trap (a rule without `kind`): `examples` are strings the trap's pattern matches and
  from which the pipeline gives no record at all, or `{text, taken}` where the trap takes the
  number `taken` (its first occurrence) and no record covers it, for a trap whose context is a
  value ("45/63 địa phương có chỉ số đạt trên 85%"); `keep` strings look alike but must
  still give a record;
- qualifier, role, scope, label and unit entries: `examples` are `{text, expect}` checked on the
  whole pipeline's records, whatever rule made them;
- `readings` (numbers.yaml): `{text, value}` read by the number reader;
- `indicators`: `{label, kind}` must get the entry's code; `none` labels must not.
- `provinces` (texts about the unit; `none`: texts not about it), `not_provinces` (texts
  naming no province), `province_cues` (`{text, province}`) and `periods` (`{text, expect}`:
  the pattern matches and the context has that period or date; `none`: it does not match)
  are checked by the context finder.
Both `pytest` and `dxextract rules check` run them through `run_example`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterator, Optional

import regex

from .patterns import compile_pattern
from .pipeline import Extractor, extract_with
from .records import Record
from .rules import Rulebook

MEANING_SECTIONS = ("qualifiers", "roles", "scopes", "labels", "tables", "units")


@dataclass(frozen=True)
class Example:
    rule_id: str
    file: str
    section: str
    kind: str      # "expect", "none", "trap", "keep", "reading", "indicator", "indicator-none",
                   # "province", "province-none", "province-is", "period", "period-none"
    text: str
    expect: Any = None

    @property
    def test_id(self) -> str:
        return f"{self.rule_id}:{self.kind}:{self.text[:40]}"


def iter_examples(book: Rulebook) -> Iterator[Example]:
    for entry in book.section("rules"):
        rid, file = entry["id"], entry["_file"]
        is_trap = "kind" not in entry
        for ex in entry.get("examples") or []:
            if is_trap:
                yield Example(rid, file, "rules", "trap", _text_of(ex), None if isinstance(ex, str) else ex.get("taken"))
            else:
                yield Example(rid, file, "rules", "expect", ex["text"], ex.get("expect", []))
        for text in entry.get("none") or []:
            yield Example(rid, file, "rules", "none", text)
        for text in entry.get("keep") or []:
            yield Example(rid, file, "rules", "keep", text)
    for section in MEANING_SECTIONS:
        for entry in book.section(section):
            for ex in entry.get("examples") or []:
                yield Example(entry["id"], entry["_file"], section, "expect", ex["text"], ex.get("expect", []))
    for entry in book.section("readings"):
        for ex in entry.get("examples") or []:
            yield Example(entry["id"], entry["_file"], "readings", "reading", str(ex["text"]), ex["value"])
    for entry in book.section("provinces"):
        for text in entry.get("examples") or []:
            yield Example(entry["id"], entry["_file"], "provinces", "province", text, entry["id"])
        for text in entry.get("none") or []:
            yield Example(entry["id"], entry["_file"], "provinces", "province-none", text, entry["name"])
    for entry in book.section("not_provinces"):
        for text in entry.get("examples") or []:
            yield Example(entry["id"], entry["_file"], "not_provinces", "province-none", text, None)
    for section in ("province_cues", "subunit_types", "province_lines", "national_issuers", "national_cues",
                    "national_names", "old_name_marks", "province_leads", "province_datelines",
                    "institutions_named_after"):
        for entry in book.section(section):
            for ex in entry.get("examples") or []:
                yield Example(entry["id"], entry["_file"], section, "province-is", ex["text"], ex["province"])
    for section in ("document_titles", "years_in_passing"):
        for entry in book.section(section):
            for ex in entry.get("examples") or []:
                yield Example(entry["id"], entry["_file"], section, "period-is", ex["text"], ex["expect"])
    for entry in book.section("periods"):
        for ex in entry.get("examples") or []:
            yield Example(entry["id"], entry["_file"], "periods", "period", ex["text"], ex["expect"])
        for text in entry.get("none") or []:
            yield Example(entry["id"], entry["_file"], "periods", "period-none", text)
    for entry in book.section("indicators", key="code"):
        for ex in entry.get("examples") or []:
            label = ex["label"] if isinstance(ex, dict) else ex
            kind = ex.get("kind") if isinstance(ex, dict) else None
            yield Example(entry["code"], entry["_file"], "indicators", "indicator", label, kind)
        for ex in entry.get("none") or []:
            label = ex["label"] if isinstance(ex, dict) else ex
            kind = ex.get("kind") if isinstance(ex, dict) else None
            yield Example(entry["code"], entry["_file"], "indicators", "indicator-none", label, kind)


def _text_of(ex) -> str:
    return ex if isinstance(ex, str) else ex["text"]


def run_example(example: Example, extractor: Extractor) -> Optional[str]:
    """None when the example holds, else what went wrong (one line)."""
    if example.kind == "reading":
        got = extractor.values.reader.read(example.text)
        return None if _same(got, example.expect) else f"read {example.text!r} as {got}, expected {example.expect}"
    if example.kind in ("indicator", "indicator-none"):
        return _run_indicator(example, extractor)
    if example.kind.startswith(("province", "period")):
        return _run_context(example, extractor.contexts)
    records = extract_with(extractor, example.text)
    if example.kind == "trap":
        entry = next(e for e in extractor.book.section("rules") if e["id"] == example.rule_id)
        pattern = compile_pattern(entry, extractor.values.reader.macros, extractor.values.lexicons)
        if example.expect is not None:  # {text, taken}: the trap takes that number, the text's values stay
            at = example.text.find(example.expect)
            if at < 0 or not any(m.start() <= at and m.end() >= at + len(example.expect)
                                 for m in pattern.finditer(example.text)):
                return f"trap pattern does not take {example.expect!r} in {example.text!r}"
            hit = [r for r in records if r.start < at + len(example.expect) and r.end > at]
            return None if not hit else f"{example.text!r} still gives {_brief(hit)}"
        if not pattern.search(example.text):
            return f"trap pattern does not match {example.text!r}"
        return None if not records else f"{example.text!r} still gives {_brief(records)}"
    if example.kind == "keep":
        return None if records else f"{example.text!r} lost its value to the trap"
    if example.kind == "none":
        mine = [r for r in records if r.rule == example.rule_id]
        return None if not mine else f"{example.text!r} gives {_brief(mine)}"
    own_rule = example.rule_id if example.section == "rules" else None
    for expected in example.expect:
        if not any(_fits(r, expected, own_rule) for r in records):
            return f"{example.text!r}: no record {expected}; got {_brief(records)}"
    return None


def _run_indicator(example: Example, extractor: Extractor) -> Optional[str]:
    kinds = [example.expect] if example.expect else list(extractor.catalogue.get(example.rule_id).kinds)
    codes = {extractor.catalogue.match(example.text, kind) for kind in kinds}
    if example.kind == "indicator":
        return None if codes == {example.rule_id} else f"label {example.text!r} got {codes}, expected {example.rule_id}"
    return None if example.rule_id not in codes else f"label {example.text!r} wrongly got {example.rule_id}"


def _run_context(example: Example, finder) -> Optional[str]:
    """Gazetteer and period examples: the context found for the text (see context/)."""
    if example.kind == "period-is":
        got = finder.find(example.text).period
        return None if got == example.expect else f"{example.text!r} gives period {got!r}, expected {example.expect!r}"
    if example.kind.startswith("period"):
        rule = next(r for r in finder.rules if r.id == example.rule_id)
        matched = rule.pattern.search(example.text) is not None
        if example.kind == "period-none":
            return None if not matched else f"the pattern matches {example.text!r}"
        if not matched:
            return f"the pattern does not match {example.text!r}"
        got = getattr(finder.find(example.text), rule.gives)
        return None if got == example.expect else f"{example.text!r} gives {rule.gives} {got!r}, expected {example.expect!r}"
    found = finder.find(example.text)
    if example.kind == "province":
        unit = finder.units[example.expect]
        want = (unit.name, finder.units[unit.now].name)
        got = (found.province, found.province_now)
    elif example.kind == "province-is":
        want, got = example.expect, found.province
    else:  # province-none: any province but this one (None: no province at all)
        if example.expect is None:
            return None if found.province is None else f"{example.text!r} wrongly gives {found.province}"
        return None if found.province != example.expect else f"{example.text!r} wrongly gives {example.expect}"
    return None if got == want else f"{example.text!r} gives {got!r}, expected {want!r}"


def _fits(record: Record, expected: dict, own_rule: Optional[str]) -> bool:
    if own_rule is not None and record.rule != own_rule:
        return False
    for key, want in expected.items():
        got = getattr(record, key)
        if key in ("value", "total"):
            if not _same(got, want):
                return False
        elif key == "label" and want is not None and got is not None:
            if regex.sub(r"\s+", " ", got) != regex.sub(r"\s+", " ", want):
                return False
        elif got != want:
            return False
    return True


def _same(got, want) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)


def _brief(records: list[Record]) -> str:
    if not records:
        return "nothing"
    return "; ".join(f"{r.text!r} {r.kind} {r.value} q={r.qualifier} role={r.role} scope={r.scope} "
                     f"label={r.label!r} [{r.rule}]" for r in records[:6])
