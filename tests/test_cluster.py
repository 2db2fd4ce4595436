"""The Dask path: a distributed.LocalCluster on loopback gives the records of a local run."""
import pytest

pytest.importorskip("dask.bag", reason="dask is an optional extra: pip install 'dxextract[dask]'")
distributed = pytest.importorskip("distributed", reason="dask is an optional extra: pip install 'dxextract[dask]'")

from dxextract import cluster, parallel  # noqa: E402
from dxextract.reader import InputError  # noqa: E402
from dxextract.writers import record_dict  # noqa: E402

from conftest import SEEDS  # noqa: E402

PATHS = [str(s) for s in SEEDS]


@pytest.fixture(scope="module")
def local_cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", scheduler_port=0, dashboard_address=None) as lc:
        with distributed.Client(lc) as client:
            yield lc, client


@pytest.fixture(scope="module")
def local_records():
    return [record_dict(r, d.context) for d in parallel.documents(PATHS, jobs=1, on_error=pytest.fail)
            for r in d.records]


def test_records_bag_on_a_local_cluster_equals_a_local_run(local_cluster, local_records):
    _, client = local_cluster
    bag = cluster.records_bag(PATHS, files_per_partition=2)
    assert bag.npartitions == 3
    got = client.compute(bag).result()
    assert got == local_records
    assert len(got) > 100


def test_records_bag_fails_on_an_unreadable_file_unless_told_to_skip(local_cluster, local_records, tmp_path):
    _, client = local_cluster
    paths = PATHS[:2] + [str(tmp_path / "missing.txt")] + PATHS[2:]
    with pytest.raises(InputError, match="missing.txt: no such file"):
        client.compute(cluster.records_bag(paths)).result()
    assert client.compute(cluster.records_bag(paths, skip_unreadable=True)).result() == local_records


def test_run_on_a_scheduler_address_yields_the_local_documents_in_order(local_cluster, local_records, tmp_path):
    lc, _ = local_cluster
    missing = str(tmp_path / "missing.txt")
    errors, read = [], []
    documents = list(cluster.run(PATHS[:1] + [missing] + PATHS[1:], lc.scheduler_address,
                                 on_error=errors.append, on_read=read.append, window=2))
    assert errors == [f"{missing}: no such file"]
    assert read == PATHS
    assert [d.doc for d in documents] == PATHS
    assert [record_dict(r, d.context) for d in documents for r in d.records] == local_records


def test_user_rules_reach_the_workers(local_cluster, tmp_path):
    lc, client = local_cluster
    rules = tmp_path / "my_rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text("rules:\n  - id: trap.no-fractions\n    pattern: '\\d+/\\d+'\n", encoding="utf-8")
    mine = [record_dict(r, d.context)
            for d in parallel.documents(PATHS, jobs=1, rule_dirs=[str(rules)], on_error=pytest.fail)
            for r in d.records]
    assert not any(r["kind"] == "fraction" for r in mine)
    bag = cluster.records_bag(PATHS, rule_dirs=[str(rules)])
    assert client.compute(bag).result() == mine
    documents = cluster.run(PATHS, lc.scheduler_address, rule_dirs=[str(rules)], on_error=pytest.fail)
    assert [record_dict(r, d.context) for d in documents for r in d.records] == mine


def test_an_unreachable_scheduler_is_said_at_once():
    with pytest.raises(cluster.SchedulerError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        cluster.run(PATHS, "tcp://127.0.0.1:9", on_error=pytest.fail, connect_timeout="0.5s")
