"""Time the parts that are built once per run and asked once per document or label: the
context finder (the report's province and period) and the indicator catalogue.

    python benchmarks/components.py [--rounds N]

Prints the best of N rounds (machines are shared and noisy: compare figures of one run, or
two trees run one after the other with `farm-bench --vs`). The budgets beside them are the
ones the tests held before timing left the test suite: building either under 0.5 s, finding
a context under 0.1 s on a 64 KB head, matching an uncached label under 1 ms."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dxextract.catalogue import Catalogue
from dxextract.context import ContextFinder
from dxextract.rules import load_rulebook

ROOT = Path(__file__).resolve().parent.parent


def best_of(rounds: int, work) -> float:
    """The shortest of `rounds` timings of `work()`, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    book = load_rulebook()
    seed = next((ROOT / "seeds").glob("002*.txt"))
    head = (seed.read_text(encoding="utf-8") * 6)[:64 * 1024]
    finder = ContextFinder.from_rulebook(book)
    gold = (ROOT / "tests" / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    pairs = [(r["label"], r["kind"]) for r in map(json.loads, gold) if r.get("label")]
    labels = [(f"{label} {n}", kind) for n in range(10) for label, kind in pairs]  # all distinct

    def per_uncached_label() -> float:
        catalogue = Catalogue.from_rulebook(book)  # a fresh one: its cache must not answer
        start = time.perf_counter()
        for label, kind in labels:
            catalogue.match(label, kind)
        return (time.perf_counter() - start) / len(labels)

    rows = [
        ("context finder, built", best_of(rounds, lambda: ContextFinder.from_rulebook(book)), 0.5),
        ("context, found on a 64 KB head", best_of(rounds, lambda: finder.find(head)), 0.1),
        ("catalogue, built", best_of(rounds, lambda: Catalogue.from_rulebook(book)), 0.5),
    ]
    rows.append((f"catalogue, one uncached label ({len(labels)})",
                 min(per_uncached_label() for _ in range(rounds)), 0.001))
    for name, seconds, budget in rows:
        print(f"{name:42} {seconds * 1e3:9.2f} ms   budget {budget * 1e3:7.1f} ms"
              f"   {'within' if seconds <= budget else 'OVER'}")


if __name__ == "__main__":
    main()
