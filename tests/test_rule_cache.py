"""The cache of parsed built-in rule files: the same data as parsing, replaced when a file
changes, and harmless when it cannot be read or written."""
from __future__ import annotations

import os

import pytest
import yaml

from dxextract import rules


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "dxextract" / "rules"


def _folder(cache):
    """The one folder of the cache: that of the rule folder read."""
    (folder,) = [p.name for p in cache.iterdir()]
    return folder


def test_each_rule_folder_has_its_own_cache_folder(cache, tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        rules._load_file(_write(tmp_path / name / "count.yaml", f"rules: [{{id: {name}}}]\n"), cached=True)
    assert len(list(cache.iterdir())) == 2
    assert rules._load_file(tmp_path / "one" / "count.yaml", cached=True).data == {"rules": [{"id": "one"}]}


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_the_built_in_files_read_from_the_cache_are_what_parsing_gives(cache):
    files = sorted(rules.builtin_rules_dir().glob("*.yaml"))
    first = [rules._load_file(p, cached=True).data for p in files]
    assert sorted(p.name for p in cache.rglob("*")) == sorted([f"{p.name}.marshal" for p in files] + [_folder(cache)])
    again = [rules._load_file(p, cached=True).data for p in files]
    parsed = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    assert first == again == parsed
    assert [list(d) for d in again] == [list(d) for d in parsed]  # sections keep their order


def test_a_changed_file_is_parsed_anew(cache, tmp_path):
    path = _write(tmp_path / "rank.yaml", "rules:\n  - {id: a, pattern: x}\n")
    assert rules._load_file(path, cached=True).data == {"rules": [{"id": "a", "pattern": "x"}]}
    _write(path, "rules:\n  - {id: b, pattern: y}\n")
    assert rules._load_file(path, cached=True).data == {"rules": [{"id": "b", "pattern": "y"}]}
    assert [p.name for p in cache.rglob("*.marshal")] == ["rank.yaml.marshal"]  # replaced, not added to


def test_a_broken_cache_file_is_parsed_anew_and_rewritten(cache, tmp_path):
    path = _write(tmp_path / "money.yaml", "lexicons:\n  units: [đồng]\n")
    rules._load_file(path, cached=True)
    (cache / _folder(cache) / "money.yaml.marshal").write_bytes(b"\xff not marshal data")
    assert rules._load_file(path, cached=True).data == {"lexicons": {"units": ["đồng"]}}
    assert rules._load_file(path, cached=True).data == {"lexicons": {"units": ["đồng"]}}


def test_an_unwritable_cache_only_costs_the_parse(tmp_path, monkeypatch):
    blocker = _write(tmp_path / "not-a-folder", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = _write(tmp_path / "scope.yaml", "rules: []\n")
    assert rules._load_file(path, cached=True).data == {"rules": []}
    assert sorted(os.listdir(tmp_path)) == ["not-a-folder", "scope.yaml"]  # nothing left behind


def test_data_the_cache_cannot_hold_is_still_read(cache, tmp_path):
    path = _write(tmp_path / "dates.yaml", "since: 2024-01-05\n")
    assert str(rules._load_file(path, cached=True).data["since"]) == "2024-01-05"
    assert str(rules._load_file(path, cached=True).data["since"]) == "2024-01-05"


def test_bad_yaml_is_reported_with_or_without_the_cache(cache, tmp_path):
    path = _write(tmp_path / "bad.yaml", "rules: [\n")
    for cached in (False, True):
        with pytest.raises(rules.RuleError, match="not valid YAML"):
            rules._load_file(path, cached=cached)
