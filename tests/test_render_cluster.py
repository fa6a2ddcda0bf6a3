"""``lkjip render --scheduler`` against a real local Dask cluster: a ``dask scheduler`` and two
``dask worker`` processes on 127.0.0.1, started and stopped here. Same summary, failure isolation,
atomic writes and cache as the local path; the reports are written where ``lkjip render`` runs."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import synthetic_data
from .test_render_engine import notebook, reads, stream

pytestmark = pytest.mark.slow

DASK = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")


def _stop(processes) -> None:
    """Workers first, then the scheduler; killed if they do not exit."""
    for proc in reversed(processes):
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The scheduler's address and the pids of the two worker processes."""
    if DASK is None:
        pytest.fail("perintah 'dask' tidak ada; pasang dependensi uji: pip install -e '.[test]'")
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "penjadwal.json"
    common = ["--no-dashboard"]
    processes = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(address_file), *common],
            stdout=subprocess.DEVNULL,
            stderr=(folder / "penjadwal.log").open("w"),
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() or not address_file.read_text().strip():
            assert time.monotonic() < deadline, (folder / "penjadwal.log").read_text()
            assert processes[0].poll() is None, (folder / "penjadwal.log").read_text()
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for i in (1, 2):
            options = ["--nthreads", "1", "--no-nanny", "--memory-limit", "0", "--name", f"pekerja{i}"]
            processes.append(
                subprocess.Popen(
                    [DASK, "worker", address, *options, "--local-directory", str(folder / f"pekerja{i}"), *common],
                    stdout=subprocess.DEVNULL,
                    stderr=(folder / f"pekerja{i}.log").open("w"),
                )
            )
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, {p.pid for p in processes[1:]}
    finally:
        _stop(processes)


def test_render_on_a_dask_cluster(cluster, tmp_path):
    address, worker_pids = cluster
    data = synthetic_data(tmp_path / "data", ["Dinas A", "Dinas B"])
    good = reads(tmp_path / "nb", "indikator")
    bad = notebook(tmp_path / "nb" / "gagal.ipynb", "raise RuntimeError('gagal di klaster')")
    out = tmp_path / "laporan"
    args = [sys.executable, "-m", "lkjip_analysis.cli", "render", "--data-dir", str(data), "--output-dir", str(out)]
    args += ["--notebook", str(good), "--notebook", str(bad), "--tahun", "2023"]

    done = subprocess.run([*args, "--scheduler", address], capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Dirender: 2, gagal: 2, dilewati (tidak berubah): 0" in done.stdout
    assert "GAGAL gagal (Dinas A 2023): sel [3]" in done.stdout and "RuntimeError: gagal di klaster" in done.stdout
    assert "Gagal: 2 dari 4 laporan gagal" in done.stderr and "Traceback" not in done.stderr
    for name, other in (("Dinas A", "dinas-b"), ("Dinas B", "dinas-a")):
        folder = out / "2023" / name.lower().replace(" ", "-")
        page = (folder / "baca_indikator.html").read_text(encoding="utf-8")
        assert "Provenans laporan" in page and f"indikator_{other}.csv" not in page
        assert (folder / "gagal.gagal.ipynb").is_file() and not (folder / "gagal.html").exists()
        assert not list(folder.glob(".*tmp*"))
        printed = stream(folder / "baca_indikator.ipynb")
        assert int(printed.split()[1]) in worker_pids, "rendered by a dask worker, written here"
        assert printed.rstrip().endswith(f"['{name}']"), "each report gets only its agency's rows"
    assert (out / "2023" / "index.html").is_file()

    env = {**os.environ, "LKJIP_SCHEDULER": address}
    again = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    assert "Dirender: 0, gagal: 2, dilewati (tidak berubah): 2" in again.stdout, again.stdout + again.stderr
