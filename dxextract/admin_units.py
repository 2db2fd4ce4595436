"""The districts and communes of each province, before and after the 2025 merger, from a
maintained dataset rather than a hand-kept list: the one the `vietnamadminunits` package ships
(MIT licence; an SQLite file of the 63 provinces with their 705 districts and 10,000 communes,
and of the 34 units after 1 July 2025 with their 3,321 communes). It is read offline with the
standard library's sqlite3 (the package's own code, which imports shapely, is never run).

The index is built on first use and kept in the user's cache folder in a compact form
(`marshal`), keyed by the dataset file's size and time, so that a process reads it in a few
milliseconds instead of querying the dataset (~90 ms). Without the package, or with an
unreadable dataset, there is no index: the context finder then knows the provinces only.
"""
from __future__ import annotations

import importlib.util
import marshal
import os
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Optional

DATASET_PACKAGE = "vietnamadminunits"
FORMAT = 1  # bump when the index's shape changes

# (type, name) -> the provinces that have a unit of that type and name, as the dataset names
# them ("Lào Cai", "Hồ Chí Minh"). Type and name are keys as `key` makes them.
Index = dict[tuple[str, str], tuple[str, ...]]


def dataset_path() -> Optional[Path]:
    """The dataset file of the installed package, found without importing the package."""
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
    cache = _cache_folder() / f"admin-units-{FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        index = marshal.loads(cache.read_bytes())
        if isinstance(index, dict):
            return index
    except (OSError, EOFError, ValueError, TypeError):
        pass
    try:
        index = _build(db, key)
    except sqlite3.Error:
        return None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(index))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: build it again next time
    return index


def _build(db: Path, key) -> Index:
    found: dict[tuple[str, str], set[str]] = {}

    def add(unit_type, name, province) -> None:
        if unit_type and name and province:
            k = (key(unit_type), key(name))
            if k[0] and k[1]:
                found.setdefault(k, set()).add(province)

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for province, d_type, district, w_type, ward in con.execute(
                "SELECT DISTINCT provinceShort, districtType, districtShort, wardType, wardShort"
                " FROM admin_units_legacy"):
            add(d_type, district, province)
            add(w_type, ward, province)
        for province, w_type, ward in con.execute(
                "SELECT DISTINCT provinceShort, wardType, wardShort FROM admin_units"):
            add(w_type, ward, province)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dxextract"
