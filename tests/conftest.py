"""Shared fixtures: one extractor (the compiled built-in rules) for the whole run."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def extractor():
    from dxextract.pipeline import extractor_for

    return extractor_for(())
