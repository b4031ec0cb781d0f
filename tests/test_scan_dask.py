"""The scan on a real Dask cluster: a distributed.LocalCluster of two worker processes on
127.0.0.1, given one task per WARC file by `archiver scan --scheduler`, writes exactly
what the single-process scan writes."""

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.warc.scan import read_rows, run_scan

from .warcs import corpus_rows, write_corpus_warc

distributed = pytest.importorskip("distributed")


def sorted_rows(out):
    rows = read_rows(str(out)).to_pylist()
    return sorted(rows, key=lambda r: (r["warc_file"], r["warc_offset"], r["positions"]))


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warcs")
    rows = corpus_rows()
    for index in range(4):
        write_corpus_warc(folder / f"crawl-{index}.warc.gz", rows[index::4])
    return folder


def test_a_local_cluster_writes_what_one_process_writes(warcs, tmp_path):
    alone = run_scan([str(warcs / "*.warc.gz")], str(tmp_path / "alone"), workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        # fsspec URLs, as workers on other machines would be given
        result = CliRunner().invoke(cli, [
            "scan", f"file://{warcs}/*.warc.gz", "--out", f"file://{tmp_path}/cluster",
            "--scheduler", cluster.scheduler_address])
        assert result.exit_code == 0, result.output
        with distributed.Client(cluster) as client:
            # the cluster's worker processes ran one task per input file
            done_by = client.run(lambda dask_worker: sorted(
                {str(t[0]) for t in dask_worker.state.log if str(t[0]).startswith("scan-")}))
    assert len(done_by) == 2
    assert sorted(key.split(".warc.gz")[0] for keys in done_by.values() for key in keys) == \
        [f"scan-crawl-{i}" for i in range(4)]
    assert "4 files (4 scanned, 0 already done), 0 failed" in result.stdout
    assert sorted_rows(tmp_path / "cluster") == sorted_rows(tmp_path / "alone")
    assert sorted(p.name for p in (tmp_path / "cluster").iterdir()) == \
        sorted(p.name for p in (tmp_path / "alone").iterdir())
    assert alone.totals()["posts"] == sum(len([i for i in r["post_ids"].split(",") if i])
                                          for r in corpus_rows())


def test_workers_start_a_local_cluster_of_their_own(warcs, tmp_path):
    result = run_scan([str(warcs / "crawl-0.warc.gz"), str(warcs / "crawl-1.warc.gz")],
                      str(tmp_path / "two"), workers=2)
    assert not result.failed and [f.in_process for f in result.files] == [False, False]
    alone = run_scan([str(warcs / "crawl-0.warc.gz"), str(warcs / "crawl-1.warc.gz")],
                     str(tmp_path / "one"), workers=1)
    assert sorted_rows(tmp_path / "two") == sorted_rows(tmp_path / "one")
    assert result.totals() == alone.totals()


def test_ctrl_c_stops_the_local_cluster_in_one_line_and_a_rerun_finishes(warcs, tmp_path):
    """A terminal's Ctrl-C reaches the whole process group, the worker processes too:
    each died with a traceback of its own (30-100 lines), and closing the cluster
    waited on them ~10 s. The scan says one line, exits 130, leaves no worker behind,
    and the next run finishes the inputs (complete parts kept, the rest redone)."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    inputs = tmp_path / "in"
    inputs.mkdir()
    for index in range(12):  # enough work that the scan is still running when stopped
        shutil.copy(warcs / f"crawl-{index % 4}.warc.gz", inputs / f"crawl-{index:02}.warc.gz")
    out = tmp_path / "out"
    archiver = str(Path(sys.executable).with_name("archiver"))
    scan = subprocess.Popen([archiver, "scan", str(inputs / "*.warc.gz"), "--out", str(out),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    for _ in range(600):  # the cluster stands once a first part is written
        if scan.poll() is not None or (out.is_dir() and any(out.glob("*.parquet"))):
            break
        time.sleep(0.05)
    if scan.poll() is not None:
        pytest.skip("the scan finished before it could be stopped")
    os.killpg(scan.pid, signal.SIGINT)  # as a terminal sends it: to every process
    _, err = scan.communicate(timeout=60)
    assert scan.returncode == 130
    assert err.decode().strip().splitlines() == [
        "archiver: interrupted: scan stopped before it finished"]
    for _ in range(300):  # no worker process of its group is left (they exit with it)
        try:
            os.killpg(scan.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("worker processes outlived the stopped scan")
    again = subprocess.run([archiver, "scan", str(inputs / "*.warc.gz"), "--out", str(out),
                            "--workers", "2"], capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert len(list(out.glob("*.parquet"))) == 12
