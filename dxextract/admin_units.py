"""The districts and communes of each province, before and after the 2025 merger, from a
maintained dataset rather than a hand-kept list: the one the `vietnamadminunits` package ships
(MIT licence; an SQLite file of the 63 provinces with their 696 districts and 10,035 communes,
and of the 34 units after 1 July 2025 with their 3,321 communes). It is read offline with the
standard library's sqlite3 (the package's own code, which imports shapely, is never run).

The index is built on first use and kept in the user's cache folder as one flat JSON object
(`"xã|pha long": "Lào Cai"`), keyed by the dataset file's size and time, so that a process
reads it in ~2 ms instead of querying the dataset (~90 ms; tuples in `marshal` took 8 ms).
Without the package, or with an unreadable dataset, there is no index: the context finder
then knows the provinces only.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

DATASET_PACKAGE = "vietnamadminunits"
FORMAT = 2  # bump when the index's shape changes

# "type|name" -> the provinces that have a unit of that type and name, as the dataset names
# them, joined by "|" ("Lào Cai", "Bắc Giang|Thái Nguyên"). Type and name are keys as `key`
# makes them (see `lookup`).
Index = dict[str, str]


def lookup(index: Index, unit_type: str, name: str) -> tuple[str, ...]:
    """The provinces that have a unit of this type and name (both keys)."""
    found = index.get(f"{unit_type}|{name}")
    return tuple(found.split("|")) if found else ()


def dataset_path() -> Optional[Path]:
    """The dataset file of the installed package, found without importing the package."""
    import importlib.util
    try:
        spec = importlib.util.find_spec(DATASET_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "dataset.db"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def load_index(key) -> Optional[Index]:
    """The index, from the cache if it is there and current, else from the dataset. `key`
    turns a type or name into its lookup key (the context finder's `name_key`)."""
    db = dataset_path()
    if db is None:
        return None
    stat = db.stat()
    cache = _cache_folder() / f"admin-units-{FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.json"
    try:
        index = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(index, dict):
            return index
    except (OSError, ValueError):
        pass
    import sqlite3
    try:
        index = _build(db, key)
    except sqlite3.Error:
        return None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: build it again next time
    return index


def _build(db: Path, key) -> Index:
    import sqlite3
    found: dict[str, set[str]] = {}

    def add(unit_type, name, province) -> None:
        if unit_type and name and province:
            t, n = key(unit_type), key(name)
            if t and n:
                found.setdefault(f"{t}|{n}", set()).add(province)

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for province, d_type, district, w_type, ward in con.execute(
                "SELECT DISTINCT provinceShort, districtType, districtShort, wardType, wardShort"
                " FROM admin_units_legacy"):
            add(d_type, district, province)
            add(w_type, ward, province)
        for province, w_type, ward in con.execute(
                "SELECT DISTINCT provinceShort, wardType, wardShort FROM admin_units"):
            add(w_type, ward, province)
    return {k: "|".join(sorted(v)) for k, v in found.items()}


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dxextract"
