"""Score records against hand-checked answers, with the definitions of SPEC section 6
(the same as the referee, shared/tools/score.py): per document, a prediction matches a
gold record when their spans overlap and their kinds agree, one to one, largest overlap
first; matched pairs then score on value (and total), qualifier, role, scope, unit and label
(token F1). Strict F1 counts a match only with value, qualifier and role right.
"""
from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional

_WORD = re.compile(r"\w+", re.UNICODE)


def load_gold(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def doc_key(record: dict) -> str:
    return os.path.basename(str(record.get("doc", "")))


def _num(x) -> Optional[float]:
    if x is None or x == "":
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def same_number(a, b) -> bool:
    a, b = _num(a), _num(b)
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _norm(x) -> Optional[str]:
    if x is None:
        return None
    x = str(x).strip()
    return x or None


def same_unit(a, b) -> bool:
    """Units agree when equal (case and Unicode form aside), or when one is the other's start on
    a syllable boundary and the shorter has two syllables or more (SPEC section 6: `cơ quan` ~
    `cơ quan hành chính`); a lone syllable cut from a compound (`thuê` for `thuê bao`) does not."""
    words = [None if _norm(x) is None else unicodedata.normalize("NFC", _norm(x)).casefold().split() for x in (a, b)]
    if words[0] == words[1]:
        return True
    if not words[0] or not words[1]:
        return False
    short, long_ = sorted(words, key=len)
    return len(short) >= 2 and long_[:len(short)] == short


def token_f1(a: Optional[str], b: Optional[str]) -> float:
    ta = [t.lower() for t in _WORD.findall(a or "")]
    tb = [t.lower() for t in _WORD.findall(b or "")]
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    pool, common = list(tb), 0
    for t in ta:
        if t in pool:
            pool.remove(t)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    by_doc: dict[str, list[int]] = {}
    for pi, p in enumerate(pred):
        by_doc.setdefault(doc_key(p), []).append(pi)
    for gi, g in enumerate(gold):
        for pi in by_doc.get(doc_key(g), []):
            p = pred[pi]
            overlap = min(int(g["end"]), int(p["end"])) - max(int(g["start"]), int(p["start"]))
            if overlap > 0 and _norm(g.get("kind")) == _norm(p.get("kind")):
                pairs.append((overlap, -abs(int(g["start"]) - int(p["start"])), gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    value_acc: float
    qualifier_acc: float
    role_acc: float
    scope_acc: float
    unit_acc: float
    label_f1: float
    strict_f1: float
    missed: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    def figures(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()
                if not isinstance(v, list)}


def score(gold: list[dict], pred: list[dict]) -> Score:
    docs = {doc_key(g) for g in gold}
    pred = [p for p in pred if doc_key(p) in docs]
    pairs = match(gold, pred)
    tp = len(pairs)

    def right(g, p) -> bool:
        return same_number(g["value"], p["value"]) and same_number(g.get("total"), p.get("total"))

    def rate(n: float) -> float:
        return n / tp if tp else 0.0

    strict = [(g, p) for g, p in pairs if right(gold[g], pred[p])
              and _norm(gold[g].get("qualifier")) == _norm(pred[p].get("qualifier"))
              and _norm(gold[g].get("role")) == _norm(pred[p].get("role"))]
    P, R, F = _prf(tp, len(pred), len(gold))
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    strict_set = set(strict)
    return Score(
        gold=len(gold), predicted=len(pred), matched=tp, precision=P, recall=R, f1=F,
        value_acc=rate(sum(right(gold[g], pred[p]) for g, p in pairs)),
        qualifier_acc=rate(sum(_norm(gold[g].get("qualifier")) == _norm(pred[p].get("qualifier")) for g, p in pairs)),
        role_acc=rate(sum(_norm(gold[g].get("role")) == _norm(pred[p].get("role")) for g, p in pairs)),
        scope_acc=rate(sum(_norm(gold[g].get("scope")) == _norm(pred[p].get("scope")) for g, p in pairs)),
        unit_acc=rate(sum(same_unit(gold[g].get("unit"), pred[p].get("unit")) for g, p in pairs)),
        label_f1=rate(sum(token_f1(gold[g].get("label"), pred[p].get("label")) for g, p in pairs)),
        strict_f1=_prf(len(strict), len(pred), len(gold))[2],
        missed=[g for i, g in enumerate(gold) if i not in matched_g],
        false_positives=[p for i, p in enumerate(pred) if i not in matched_p],
        wrong=[(gold[g], pred[p]) for g, p in pairs if (g, p) not in strict_set
               or _norm(gold[g].get("scope")) != _norm(pred[p].get("scope"))
               or token_f1(gold[g].get("label"), pred[p].get("label")) < 0.5],
    )


def report(s: Score, show: int) -> Iterable[str]:
    yield f"gold {s.gold}  predicted {s.predicted}  matched {s.matched}"
    yield f"detection  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
    yield (f"on matched value {s.value_acc:.3f}  qualifier {s.qualifier_acc:.3f}  role {s.role_acc:.3f}  "
           f"scope {s.scope_acc:.3f}  unit {s.unit_acc:.3f}  label token-F1 {s.label_f1:.3f}")
    if show:
        yield "missed (gold not matched):"
        for g in s.missed[:show]:
            yield f"  {doc_key(g)}:{g['start']} {g['kind']:8s} {g['text']!r}  label={g.get('label')!r}"
        yield "false positives (predicted, not in gold):"
        for p in s.false_positives[:show]:
            yield f"  {doc_key(p)}:{p['start']} {p.get('kind')!s:8s} {p.get('text')!r}  [{p.get('rule')}]"
        yield "matched but wrong (value, qualifier, role, scope or label):"
        for g, p in s.wrong[:show]:
            yield (f"  {doc_key(g)}:{g['start']} {g['text']!r} [{p.get('rule')}]\n"
                   f"      gold {g['value']},{g.get('total')},{g.get('qualifier')},{g.get('role')},"
                   f"{g.get('scope')} label={g.get('label')!r}\n"
                   f"      got  {p.get('value')},{p.get('total')},{p.get('qualifier')},{p.get('role')},"
                   f"{p.get('scope')} label={p.get('label')!r}")
    yield f"strict F1 {s.strict_f1:.3f}"
