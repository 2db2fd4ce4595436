"""How a gallery built by construction (tests/table_gallery.py, tests/sentence_gallery.py) judges
what dxextract gives for one of its texts: each value it placed must be found once with the
fields it states, and no number it placed as no value may be taken."""
from __future__ import annotations

import math


def problems(text: str, wants, nonvalues, records) -> list[str]:
    """What `records` get wrong about a text whose values are `wants` ((start, end, want): a
    want states kind, value, unit and role, and may state total and qualifier) and whose numbers
    that are no values are `nonvalues` ((start, end, reason)). Units are compared as the
    referee compares them."""
    from dxextract.evaluate import same_unit

    out, used = [], set()
    for start, end, want in wants:
        hits = [r for r in records if r.start < end and start < r.end]
        same = [r for r in hits if r.kind == want.kind]
        used.update(id(r) for r in hits)
        span = text[start:end]
        if not hits:
            out.append(f"missed {span!r}")
            continue
        if not same:
            out.append(f"kind {span!r}: {hits[0].kind} not {want.kind}")
            continue
        got = same[0]
        if not math.isclose(got.value, want.value, rel_tol=1e-6):
            out.append(f"value {span!r}: {got.value} not {want.value}")
        total = getattr(want, "total", None)
        if total is not None and got.total != total:
            out.append(f"total {span!r}: {got.total} not {total}")
        if not (want.unit is None and got.unit is None) and not same_unit(got.unit, want.unit):
            out.append(f"unit {span!r}: {got.unit} not {want.unit}")
        qualifier = getattr(want, "qualifier", None)
        if qualifier is not None and got.qualifier != qualifier:
            out.append(f"qualifier {span!r}: {got.qualifier} not {qualifier}")
        if got.role != want.role:
            out.append(f"role {span!r}: {got.role} not {want.role}")
    for start, end, reason in nonvalues:
        for r in records:
            if r.start < end and start < r.end and id(r) not in used:
                used.add(id(r))
                out.append(f"{reason} {text[start:end]!r} taken as {r.kind}")
    for r in records:
        if id(r) not in used:
            out.append(f"extra {r.text!r} ({r.kind})")
    return out
