"""Records are built by the thousand through a faster __init__ (records.fast_frozen_init):
they must stay what the dataclass declares — every field, its default, frozen, comparable,
hashable and picklable."""
import dataclasses
import pickle

import pytest

from dxextract.records import RECORD_FIELDS, Explained, Record

_VALUES = dict(doc="d", start=1, end=5, line=2, col=3, text="95%", kind="percent", value=95.0, total=None,
               unit=None, qualifier="=", role="level", label="Tỷ lệ", scope=None, indicator=None, rule="percent.sign")


def test_a_record_takes_its_fields_by_name_or_place_with_the_page_left_out():
    by_name = Record(**_VALUES)
    assert by_name == Record(*_VALUES.values())
    assert [getattr(by_name, n) for n in RECORD_FIELDS] == [*_VALUES.values(), None]
    assert Record(**_VALUES, page=4).page == 4


def test_a_record_stays_frozen_hashable_and_picklable():
    record = Record(**_VALUES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.label = "other"
    assert hash(record) == hash(Record(**_VALUES))
    assert pickle.loads(pickle.dumps(record)) == record
    assert dataclasses.replace(record, label="x").label == "x"


def test_a_record_refuses_a_missing_or_unknown_field():
    with pytest.raises(TypeError):
        Record(*list(_VALUES.values())[:-1])
    with pytest.raises(TypeError):
        Record(**_VALUES, colour="red")


def test_an_explained_number_keeps_its_defaults():
    row = Explained("d", 1, 5, 2, 3, "95%", "value", "percent.sign", "percent", "… «95%» …")
    assert row.record is None and row.page is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.status = "excluded"


def test_the_claims_built_the_same_way_stay_what_they_declare():
    """Finds, traps' matches and numbers' fates are built through the same faster __init__."""
    from dxextract.claims import Exclusion, Fate, Find

    find = Find("r", "count", 1, 5, 3.0, None, None, 1, 2, 1, 5, 7)
    assert (find.qualifier, find.role, find.label, find.scope) == (None, None, None, None)
    assert find == Find(rule="r", kind="count", start=1, end=5, value=3.0, total=None, unit=None, num_start=1,
                        num_end=2, reach_start=1, reach_end=5, priority=7)
    assert dataclasses.replace(find, label="x").label == "x"
    for claim in (find, Exclusion("trap.x", "date", 1, 4), Fate(1, 4, "value", "r", "count")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            claim.start = 0
        assert pickle.loads(pickle.dumps(claim)) == claim and hash(claim) == hash(dataclasses.replace(claim))
    with pytest.raises(TypeError):
        Fate(1, 4, "value", "r")
