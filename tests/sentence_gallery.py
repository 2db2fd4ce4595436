"""A gallery of sentence shapes, built by construction: sentences composed from the ways
Vietnamese prose states an indicator, each with the records it must give, known from how it
was built (never from what dxextract prints).

A sentence is composed on five axes: the number's form (`12.450`, `87,5`, `87.5`, `07`,
`1,5 triệu`, `hai mươi lăm`, ranges, fractions, ranks, multiples), the measure it is of (a
percent, a counted noun, money, a rate, a length, a duration, a speed or score), the word that
bounds it (SPEC's qualifier), what the sentence says it is (level, change, target) and the
carrier (label first, noun after, noun before, a colon, brackets, lists, a breakdown, a
sentence opening on the number, a number closing a clause). Every composed sentence keeps
where each value and each number that is no value landed (a year, a date, an identifier put
beside the values as traps), with the record or the reason it must give (SPEC sections 1-4,
tests/gold/GUIDE.md).

`python -m tests.sentence_gallery` prints the pass rate along each axis (`-v` the failures)."""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from tests.gallery_judge import problems as judged

VOCAB = yaml.safe_load((Path(__file__).parent / "fixtures" / "sentence_shapes.yaml").read_text(encoding="utf-8"))
MEASURES: dict[str, dict] = VOCAB["measures"]
QUALIFIERS: dict[str, dict] = {q["words"] or "none": q for q in VOCAB["qualifiers"]}
ROLES: dict[str, dict] = {r["name"]: r for r in VOCAB["roles"]}
SEED = 31
PER_VALUE = 5
# forms whose kind the form itself says, whatever the measure: they bring their own words
OWN_KIND_FORMS = ("fraction", "rank slash", "rank hạng", "rank in words", "rank trong số", "multiple")
NUMBER_FORMS = ("plain", "thousands", "decimal comma", "decimal dot", "leading zero", "scale", "decimal scale",
                "words", "words decimal", "range from-to", "range dash", "range en dash") + OWN_KIND_FORMS
GENERATION = re.compile(r"\b[2-5]G\b")
RANGES = ("range from-to", "range dash", "range en dash")


@dataclass(frozen=True)
class Want:
    kind: str
    value: float
    unit: Optional[str]
    qualifier: str = "="
    role: str = "level"
    total: Optional[float] = None
    label: Optional[str] = None


@dataclass
class Sentence:
    text: str
    wants: list[tuple[int, int, Want]]
    nonvalues: list[tuple[int, int, str]]
    tags: dict[str, str]


class Writer:
    """Text written piece by piece, keeping where each value and non-value landed."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.wants: list[tuple[int, int, Want]] = []
        self.nonvalues: list[tuple[int, int, str]] = []

    @property
    def at(self) -> int:
        return sum(map(len, self.pieces))

    def say(self, text: str) -> None:
        """Words around the values; a network's generation in them (`sóng 4G`) is a version."""
        for g in GENERATION.finditer(text):
            self.nonvalues.append((self.at + g.start(), self.at + g.end() - 1, "version"))
        self.pieces.append(text)

    def value(self, text: str, want: Want) -> None:
        self.wants.append((self.at, self.at + len(text), want))
        self.say(text)

    def trap(self, text: str, numbers: list[list[str]]) -> None:
        """Text holding numbers that are no values, each `[surface, reason]` in order."""
        start, from_ = self.at, 0
        for surface, reason in numbers:
            at = text.index(surface, from_)
            self.nonvalues.append((start + at, start + at + len(surface), reason))
            from_ = at + len(surface)
        self.say(text)


# --- numbers as a writer writes them ---------------------------------------------------------

def grouped(n: int) -> str:
    """`n` with dots between thousands: 12450 → `12.450`."""
    return f"{n:,}".replace(",", ".")


def number(rng: random.Random, form: str, measure: dict) -> tuple[str, float]:
    """A number in `form` (before any scale word the measure adds) and the value it says."""
    percent = measure["kind"] == "percent"
    if form == "plain":
        n = rng.randint(12, 99) if percent else rng.randint(12, 950)
        return str(n), n
    if form == "thousands":
        n = rng.randint(1_001, 98_999)
        return grouped(n), n
    if form in ("decimal comma", "decimal dot"):
        whole, tenths = rng.randint(2, 98), rng.randint(1, 9)
        return f"{whole}{',' if form == 'decimal comma' else '.'}{tenths}", whole + tenths / 10
    if form == "leading zero":
        n = rng.randint(2, 9)
        return f"0{n}", n
    if form in ("words", "words decimal"):
        said, n = rng.choice(VOCAB[form.replace(" ", "_")])
        return said, n
    raise ValueError(form)


def scaled(rng: random.Random, form: str) -> tuple[str, float]:
    """A count with its scale word: `3,2 nghìn`, `1,5 triệu`, `12 nghìn`."""
    word, scale = rng.choice([("nghìn", 1e3), ("triệu", 1e6), ("ngàn", 1e3)])
    if form == "decimal scale":
        whole, tenths = rng.randint(1, 9), rng.randint(1, 9)
        return f"{whole},{tenths} {word}", round((whole + tenths / 10) * scale, 6)
    n = rng.randint(2, 95)
    return f"{n} {word}", n * scale


# --- values: a number, its bound and its measure ---------------------------------------------

@dataclass
class Plan:
    """What one sentence is composed of."""
    form: str
    measure: str
    qualifier: str
    role: str
    carrier: str


def write_value(w: Writer, rng: random.Random, plan: Plan, label: Optional[str], *, noun: bool = True) -> None:
    """The value (its bound, the number, the measure's words) as `plan` says; `noun` writes a
    counted noun after the number (False where the sentence named it before)."""
    if plan.form in OWN_KIND_FORMS:
        return write_own_kind(w, rng, plan, label)
    m = MEASURES[plan.measure]
    role = ROLES[plan.role]
    kind, unit, scale = m["kind"], m["unit"], m.get("scale", 1)
    words = m["words"]
    if role.get("points"):
        words, unit = " điểm phần trăm", "điểm phần trăm"
    qualifier = QUALIFIERS[plan.qualifier]
    in_span = m.get("in_span") or role.get("points")
    tail = words if in_span else ""
    # a count whose noun the sentence named before the number says it no more
    after = "" if in_span or (not noun and "tails" in m) else words
    want_role = role["role"]

    def want(value: float, bound: str) -> Want:
        return Want(kind, round(value * scale, 6), unit, bound, want_role, label=label)

    if plan.form in RANGES:
        low, high = sorted(rng.sample(range(10, 90), 2))
        first, second = str(low), str(high)
        between = {"range from-to": " đến ", "range dash": "-", "range en dash": "–"}[plan.form]
        if plan.form == "range from-to":
            w.say("từ ")
        w.value(first, want(low, ">="))
        w.say(between)
        w.value(second + tail, want(high, "<="))
        w.say(after)
        return
    if plan.form in ("scale", "decimal scale"):
        text, value = scaled(rng, plan.form)
    else:
        text, value = number(rng, plan.form, m)
    if qualifier["words"]:
        w.say(qualifier["words"] + " ")
    w.value(text + tail, want(value, qualifier["qualifier"]))
    w.say(after)
    if qualifier.get("after"):
        w.say(" " + qualifier["after"])
    if plan.measure == "thuê bao/100 dân":
        start = w.at - len("100 dân")
        w.nonvalues.append((start, start + 3, "unit"))


def write_own_kind(w: Writer, rng: random.Random, plan: Plan, label: Optional[str]) -> None:
    """Fractions, ranks and multiples: the form brings its words and its kind."""
    q = QUALIFIERS[plan.qualifier]
    bound = q["qualifier"]
    if plan.form == "fraction":
        total = rng.randint(12, 150)
        part = rng.randint(5, total)
        noun = rng.choice(["trường", "xã", "cơ quan"])
        w.say("có ")
        w.value(f"{part}/{total}", Want("fraction", part, noun, total=total))
        w.say(f" {noun} triển khai")
    elif plan.form == "rank slash":
        total, at = 63, rng.randint(2, 60)
        w.say(rng.choice(["đứng thứ ", "xếp thứ ", "xếp hạng "]))
        w.value(f"{at}/{total}", Want("rank", at, None, total=total, label=label))
    elif plan.form == "rank hạng":
        at = rng.randint(2, 40)
        if ROLES[plan.role]["role"] == "change":
            w.say("tăng ")
            w.value(str(at), Want("rank", at, None, role="change", label=label))
            w.say(rng.choice([" bậc", " hạng"]))
            return
        w.say("đạt hạng ")
        w.value(str(at), Want("rank", at, None, label=label))
    elif plan.form == "rank in words":
        said, at = rng.choice([("hai", 2), ("năm", 5), ("mười hai", 12)])
        w.say(rng.choice(["giữ vị trí thứ ", "xếp thứ "]))
        w.value(said, Want("rank", at, None, label=label))
    elif plan.form == "rank trong số":
        at, total = rng.randint(2, 30), 34
        w.say("đứng thứ ")
        w.value(str(at), Want("rank", at, None, label=label))
        w.say(f" trong số {total} tỉnh, thành phố")
        w.nonvalues.append((w.at - len(f"{total} tỉnh, thành phố"), w.at - len(" tỉnh, thành phố"), "other"))
    elif plan.form == "multiple":
        whole, tenths = rng.randint(1, 9), rng.randint(1, 9)
        w.say(rng.choice(["gấp ", "tăng gấp "]) if not q["words"] else f"tăng {q['words']} ")
        w.value(f"{whole},{tenths} lần", Want("multiple", whole + tenths / 10, "lần", bound, "change", label=label))
        w.say(" so với năm trước")


# --- carriers: where the label, the verb and the value stand --------------------------------

def _label(w: Writer, rng: random.Random, plan: Plan) -> str:
    """What the value measures, as the sentence names it before the value (in lower case
    after an opening)."""
    m = MEASURES[plan.measure]
    if plan.form in OWN_KIND_FORMS:
        label = rng.choice(["Chỉ số chuyển đổi số DTI", "Chỉ số PCI", "Doanh thu thương mại điện tử"])
    elif "tails" in m:
        label = f"Số {m['words'].strip()} {rng.choice(m['tails'])}"
    else:
        label = rng.choice(m.get("labels") or VOCAB["labels"][m["kind"]])
    opened = w.at and not w.pieces[-1].endswith("\n")
    return label[0].lower() + label[1:] if opened and label[1:2].islower() else label


def _verb(w: Writer, plan: Plan) -> None:
    w.say(ROLES[plan.role]["verb"] + " ")


def _close(w: Writer, plan: Plan) -> None:
    w.say(ROLES[plan.role].get("after", "") + ".")


def _label_then_value(w, rng, plan) -> None:
    """`Tỷ lệ X đạt Y%`: the label, the verb a value of its own kind needs, the value."""
    label = _label(w, rng, plan)
    w.say(label + " ")
    if plan.form not in OWN_KIND_FORMS:
        _verb(w, plan)
    write_value(w, rng, plan, label, noun=False)


def label_first(w, rng, plan):
    """`Tỷ lệ X đạt Y%.`, `Số N đạt Y.`"""
    _label_then_value(w, rng, plan)
    _close(w, plan)


def noun_after(w, rng, plan):
    """`Toàn tỉnh có Y N …`, `đạt Y% N …`: the value's noun phrase follows it."""
    m = MEASURES[plan.measure]
    w.say(rng.choice(VOCAB["actors"]) + " ")
    if plan.form in OWN_KIND_FORMS:
        write_value(w, rng, plan, None)
        return _close(w, plan)
    _verb(w, plan)
    if m["kind"] == "percent":
        phrase = rng.choice(VOCAB["percent_of"])
        write_value(w, rng, plan, phrase)
        w.say(" " + phrase)
    else:
        tail = rng.choice(m["tails"])
        write_value(w, rng, plan, f"{m['words'].strip()} {tail}")
        w.say(" " + tail)
    _close(w, plan)


def noun_before(w, rng, plan):
    """`Số N … là Y.`"""
    label = _label(w, rng, plan)
    w.say(label + " trên địa bàn ")
    _verb(w, plan)
    write_value(w, rng, plan, label + " trên địa bàn", noun=False)
    _close(w, plan)


def colon(w, rng, plan):
    """`- N: Y`: a colon line; a change says its verb after the colon, goals stand under a
    line that says so (`Mục tiêu đến năm 2025:`)."""
    w.say("- ")
    label = _label(w, rng, plan)
    w.say(label + ": ")
    if ROLES[plan.role]["role"] == "change":
        _verb(w, plan)
    write_value(w, rng, plan, label, noun=False)
    w.say(";")


def bracket(w, rng, plan):
    """A count, then the value in brackets: `… 120 xã (chiếm Y%)`, `(đạt Y%)`."""
    n = rng.randint(20, 900)
    w.say(f"{rng.choice(VOCAB['actors'])} có ")
    w.value(str(n), Want("count", n, "xã"))
    w.say(" xã có sóng 4G (" + ROLES[plan.role]["verb"] + " ")
    write_value(w, rng, plan, "xã có sóng 4G")
    w.say(ROLES[plan.role].get("after", "") + ").")


def listed(w, rng, plan):
    """`N của A, B và C lần lượt là Y1, Y2 và Y3.`"""
    label = _label(w, rng, plan)
    a, b, c = rng.sample(VOCAB["places"], 3)
    w.say(f"{label} của {a}, {b} và {c} lần lượt ")
    _verb(w, plan)
    for sep in (", ", " và ", ""):
        write_value(w, rng, plan, label, noun=False)
        w.say(sep)
    _close(w, plan)


def semicolons(w, rng, plan):
    """`N: A Y1; B Y2; C Y3.`: a value after each place, semicolons between."""
    label = _label(w, rng, plan)
    w.say(f"{label}: ")
    for i, place in enumerate(rng.sample(VOCAB["places"], 3)):
        w.say(f"{place} ")
        write_value(w, rng, plan, label, noun=False)
        w.say("; " if i < 2 else ".")


def breakdown(w, rng, plan):
    """`Tỷ lệ X đạt Y, trong đó: cấp tỉnh Y1, cấp huyện Y2.`"""
    label = _label(w, rng, plan)
    w.say(label + " ")
    _verb(w, plan)
    write_value(w, rng, plan, label, noun=False)
    w.say(", trong đó: ")
    for i, level in enumerate(rng.sample(VOCAB["levels"], 2)):
        w.say(level + " ")
        write_value(w, rng, plan, label, noun=False)
        w.say(", " if i == 0 else ".")


def opens_on_number(w, rng, plan):
    """`12.450 hộ kinh doanh dùng mã QR.`, `87,5% hồ sơ …`: the sentence opens on the value."""
    m = MEASURES[plan.measure]
    phrase = rng.choice(VOCAB["percent_of"]) if m["kind"] == "percent" else f"{m['words'].strip()} {rng.choice(m['tails'])}"
    write_value(w, rng, plan, phrase)
    w.say((" " + phrase.split(" ", 1)[1]) if m["kind"] != "percent" else " " + phrase)
    w.say(" " + rng.choice(["trên toàn tỉnh", "đã được ghi nhận", "trong năm"]) + ".")


def clause_end(w, rng, plan):
    """`Tỷ lệ X đạt Y%, cao nhất từ trước đến nay.`: the value closes a clause before a comma."""
    _label_then_value(w, rng, plan)
    w.say(ROLES[plan.role].get("after", "") + ", " + rng.choice(["cao nhất từ trước đến nay", "vượt kế hoạch đề ra",
                                                                "đứng đầu khu vực"]) + ".")


CARRIERS = {
    "label first": label_first,
    "noun after": noun_after,
    "noun before": noun_before,
    "colon line": colon,
    "bracket": bracket,
    "list lần lượt": listed,
    "list semicolons": semicolons,
    "breakdown trong đó": breakdown,
    "opens on number": opens_on_number,
    "clause end": clause_end,
}
AXES = {"form": NUMBER_FORMS, "measure": tuple(MEASURES), "qualifier": tuple(QUALIFIERS),
        "role": tuple(ROLES), "carrier": tuple(CARRIERS)}


def fits(plan: Plan) -> bool:
    """Whether the parts of `plan` can stand together in one sentence a writer would write."""
    m = MEASURES[plan.measure]
    role = ROLES[plan.role]
    q = QUALIFIERS[plan.qualifier]
    if plan.form in OWN_KIND_FORMS:
        # ranks and multiples stand after their subject, bounded only where the form says so
        own = {"fraction": ("noun after",), "multiple": ("label first", "clause end")}
        if plan.carrier not in own.get(plan.form, ("label first", "clause end")):
            return False
        if plan.form == "multiple":
            return role["role"] == "change" and plan.role == "tăng" and plan.qualifier in ("none", "hơn", "gần", "khoảng")
        if plan.form == "rank hạng":
            return plan.qualifier == "none" and plan.role in ("đạt", "tăng")
        return plan.qualifier == "none" and plan.role == "đạt"
    if plan.form not in m["forms"] and not (plan.form in ("scale", "decimal scale") and "scale" in m["forms"]):
        return False
    if "kinds" in role and m["kind"] not in role["kinds"]:
        return False
    if role.get("points") and m["kind"] != "percent":
        return False
    if plan.form in RANGES and plan.qualifier != "none":
        return False
    if plan.qualifier == "gần như" and (m["kind"] != "percent" or role["role"] == "change"):
        return False
    if q["words"] in ("tới", "đến") and role["role"] == "change" and plan.role != "tăng thêm":
        # a rise "tới" a figure may say where it went ("tăng tới 98,7%" = rose to) or by how
        # much: only "tăng thêm tới" says which
        return False
    if q["words"] in ("tới", "đến") and plan.carrier == "opens on number":
        return False
    if q["qualifier"] in (">=", "<=", "<") and role["role"] == "change":
        # a bound is set on a level or a goal; a change is said with its size
        return False
    if plan.form.startswith("words") and "tails" in m and plan.carrier not in ("noun after", "opens on number"):
        # a number in words with no noun after it is read as a word (`tới năm` = to the year)
        return False
    if plan.carrier == "colon line" and (plan.role not in ("đạt", "tăng", "giảm")
                                         and not role.get("opening", "").endswith(": ")):
        return False
    if q.get("after") and plan.carrier in ("list lần lượt", "list semicolons", "breakdown trong đó"):
        return False
    if plan.carrier in ("noun after", "opens on number") and "tails" not in m and m["kind"] != "percent":
        return False
    if plan.carrier == "opens on number" and (role["role"] != "target" and plan.role != "đạt"):
        # a sentence opening on its number says a level, or a goal whose frame opened it
        return False
    if role.get("noun_after") and plan.carrier != "noun after":
        return False
    if plan.carrier == "bracket" and (m["kind"] != "percent" or role["role"] != "level" or plan.role == "có"):
        return False
    if plan.carrier in ("list lần lượt", "list semicolons") and role["role"] == "target":
        return False
    if plan.carrier == "breakdown trong đó" and role["role"] != "level":
        # whether the parts of a change are changes or levels the answers do not settle (7 of
        # 8 parts after a change are levels, of another noun)
        return False
    if plan.carrier == "list semicolons" and plan.role != "đạt":
        return False
    return True


def compose(rng: random.Random, plan: Plan) -> Sentence:
    w = Writer()
    trap = rng.choice(VOCAB["traps"])
    role = ROLES[plan.role]
    if trap["text"] and not role.get("opening"):
        # a colon line stands under its opening, on a line of its own
        w.trap(trap["text"].rstrip(", ") + ":\n" if plan.carrier == "colon line" else trap["text"], trap["numbers"])
    if role.get("opening"):
        # a goal's frame opens the sentence (a heading over a colon line); its year is a date
        opening = role["opening"].rstrip() + "\n" if plan.carrier == "colon line" else role["opening"]
        w.trap(opening, [[n.strip(",:"), "date"] for n in opening.split() if n.strip(",:").isdigit()])
    CARRIERS[plan.carrier](w, rng, plan)
    tags = {"form": plan.form, "measure": plan.measure if plan.form not in OWN_KIND_FORMS else plan.form,
            "qualifier": plan.qualifier, "role": plan.role, "carrier": plan.carrier,
            # whether a count's noun stands after its number or only before it ("Số xã … là 12")
            "noun": ("n/a" if plan.form in OWN_KIND_FORMS or "tails" not in MEASURES[plan.measure]
                     else "after" if plan.carrier in ("noun after", "opens on number") else "before")}
    return Sentence("".join(w.pieces), w.wants, sorted(w.nonvalues), tags)


def gallery(seed: int = SEED, per_value: int = PER_VALUE) -> list[Sentence]:
    """For each value of each axis, `per_value` sentences with the other axes drawn to fit."""
    rng = random.Random(seed)
    out = []
    for axis, values in AXES.items():
        for value in values:
            made = 0
            for _ in range(200_000):
                if made == per_value:
                    break
                draw = {a: rng.choice(v) for a, v in AXES.items()}
                draw[axis] = value
                plan = Plan(**draw)
                if fits(plan):
                    out.append(compose(rng, plan))
                    made += 1
            assert made == per_value, (axis, value)
    return out


# --- checking ---------------------------------------------------------------------------------

def problems(sentence: Sentence, records) -> list[str]:
    """What the records get wrong about `sentence`: each value found once with its kind, value,
    total, unit (as the referee compares units), qualifier and role; no number that is no value
    taken, nor anything else."""
    return judged(sentence.text, sentence.wants, sentence.nonvalues, records)


def label_f1(sentence: Sentence, records) -> list[float]:
    """Token F1 of each value's label where the shape fixes it (reported, not asserted)."""
    out = []
    for start, end, want in sentence.wants:
        if want.label is None:
            continue
        got = next((r for r in records if r.start < end and start < r.end and r.kind == want.kind), None)
        if got is None:
            continue
        a, b = (got.label or "").lower().split(), want.label.lower().split()
        common = sum(min(a.count(t), b.count(t)) for t in set(b))
        out.append(0.0 if not common else 2 * common / (len(a) + len(b)))
    return out


def run(extractor, sentences: list[Sentence]) -> list[list[str]]:
    from dxextract.pipeline import extract_with

    return [problems(s, extract_with(extractor, s.text)) for s in sentences]


def left_why(sentence: Sentence) -> Optional[str]:
    """Why `sentence` may still fail: the reason of the first shape left (VOCAB `left`) whose
    tags it has all (a tag given as a list: any of them)."""
    for entry in VOCAB.get("left") or ():
        if all(sentence.tags.get(k) in (v if isinstance(v, list) else [v]) for k, v in entry["tags"].items()):
            return entry["why"]
    return None


def report(sentences: list[Sentence], found: list[list[str]]) -> dict[str, tuple[int, int]]:
    """(sentences passing, sentences) for each value of each axis."""
    shapes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sentence, issues in zip(sentences, found):
        for axis, value in sentence.tags.items():
            shapes[f"{axis}={value}"][1] += 1
            shapes[f"{axis}={value}"][0] += not issues
    order = {axis: i for i, axis in enumerate(AXES)}
    return {k: (v[0], v[1]) for k, v in sorted(shapes.items(), key=lambda kv: (order.get(kv[0].split("=")[0], len(order)), kv[0]))}


def main() -> None:
    import sys

    from dxextract.pipeline import extract_with, extractor_for

    sentences = gallery()
    extractor = extractor_for(())
    records = [extract_with(extractor, s.text) for s in sentences]
    found = [problems(s, r) for s, r in zip(sentences, records)]
    labels = [f for s, r in zip(sentences, records) for f in label_f1(s, r)]
    ok = sum(not f for f in found)
    left = sum(bool(f) and left_why(s) is not None for s, f in zip(sentences, found))
    print(f"{ok}/{len(sentences)} sentences pass; {left} of those failing are of shapes left; "
          f"label token-F1 {sum(labels) / max(len(labels), 1):.3f} where the shape fixes it")
    for shape, (passed, total) in report(sentences, found).items():
        print(f"{passed:4d}/{total:<4d} {passed / total:6.1%}  {shape}")
    if "-v" in sys.argv:
        for sentence, issues in zip(sentences, found):
            if issues:
                print("=" * 60, sentence.tags, sentence.text, *issues[:8], sep="\n")


if __name__ == "__main__":
    main()
