"""--jobs and --scheduler through the installed command: same output, same order, as one
process; an unreachable scheduler is a usage error."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from test_inputs import split_numbers_line

DX = str(Path(sys.executable).parent / "dxextract")


def parse(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([DX, "parse", "--format", "jsonl", *args], capture_output=True, text=True, timeout=300)


def test_jobs_give_the_same_output_in_the_same_order(tmp_path):
    missing = str(tmp_path / "missing.txt")
    files = [*map(str, SEEDS), missing, *map(str, SEEDS)]
    one, two = parse("--jobs", "1", *files), parse("--jobs", "2", *files)
    assert one.returncode == two.returncode == 1
    assert one.stdout and one.stdout == two.stdout
    # The numbers the workers tallied reach the closing line as they do in one process.
    assert one.stderr == two.stderr
    assert split_numbers_line(one.stderr)[0] == f"dxextract: {missing}: no such file\n"
    assert " numbers in 10 reports: " in split_numbers_line(one.stderr)[1]


def test_scheduler_gives_the_same_output_as_a_local_run():
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", scheduler_port=0, dashboard_address=None) as cluster:
        remote = parse("--scheduler", cluster.scheduler_address, *map(str, SEEDS))
    local = parse(*map(str, SEEDS))
    assert (remote.returncode, split_numbers_line(remote.stderr)[0]) == (0, "")
    assert remote.stdout == local.stdout and remote.stderr == local.stderr


@pytest.fixture(scope="module", autouse=True)
def unreachable_scheduler_run():
    """The run of test_an_unreachable_scheduler_is_a_usage_error, started as the module starts:
    the command tries the address for its whole connect timeout (10 s), a wait that costs no
    CPU, so the module's other runs go on meanwhile."""
    if importlib.util.find_spec("distributed") is None:
        yield None
        return
    with subprocess.Popen([DX, "parse", "--scheduler", "tcp://127.0.0.1:9", str(SEEDS[0])],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()


def test_an_unreachable_scheduler_is_a_usage_error(unreachable_scheduler_run):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    stdout, stderr = unreachable_scheduler_run.communicate(timeout=120)
    assert (unreachable_scheduler_run.returncode, stdout) == (2, "")
    assert stderr.startswith("dxextract: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
