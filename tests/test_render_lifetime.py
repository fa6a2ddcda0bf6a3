"""Nothing left running, nothing unbounded (issue 20): the warm workers end with ``lkjip render`` however
it ends (``kill -9``, SIGTERM), SIGTERM keeps the finished reports, ``--jobs`` is capped, and every way a
``--scheduler`` can fail is one clear message within the connect timeout, without a traceback."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .helpers import synthetic_data
from .test_render_engine import notebook

SLOW_CELL = "import time\ntime.sleep(float(len(instansi) % 3 + 1))\nprint(instansi)"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return synthetic_data(tmp_path_factory.mktemp("data"), ["Dinas A", "Dinas B", "Dinas C", "Dinas D"])


def _start(data: Path, out: Path, nb: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "lkjip_analysis.cli", "render", "--data-dir", str(data), "--output-dir", str(out)]
    return subprocess.Popen(
        [*args, "--notebook", str(nb), "--jobs", "2", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _workers(proc: subprocess.Popen, timeout: float = 60) -> list:
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = psutil.Process(proc.pid).children(recursive=True)
        if len(children) >= 2:
            return children
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError("no workers started")


def _gone(processes, seconds: float) -> list:
    import psutil

    deadline = time.monotonic() + seconds
    alive = processes
    while time.monotonic() < deadline:
        alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.1)
    return alive


@pytest.mark.slow
def test_workers_end_when_the_parent_is_killed(data, tmp_path):
    nb = notebook(tmp_path / "nb" / "lambat.ipynb", "import time\ntime.sleep(60)")
    proc = _start(data, tmp_path / "laporan", nb)
    workers = _workers(proc)
    proc.kill()  # kill -9: no handler runs in the parent
    proc.communicate(timeout=30)
    assert not _gone(workers, 5), "workers outlived the killed parent"


@pytest.mark.slow
def test_sigterm_stops_the_batch_and_keeps_finished_reports(data, tmp_path):
    nb = notebook(tmp_path / "nb" / "tidur.ipynb", SLOW_CELL)
    out = tmp_path / "laporan"
    proc = _start(data, out, nb)
    workers = _workers(proc)
    deadline = time.monotonic() + 120
    while not list(out.glob("*/*/tidur.html")):
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stdout + stderr
    assert "Dibatalkan (SIGTERM)" in stderr and "Traceback" not in stderr
    assert not _gone(workers, 5)
    finished = list(out.glob("*/*/tidur.html"))
    assert finished and all("Provenans laporan" in p.read_text() for p in finished)
    assert not [p for p in out.rglob(".*") if "tmp" in p.name]
    assert (out / "index.html").is_file()


def test_jobs_are_capped_by_cores_and_memory(monkeypatch):
    from lkjip_analysis.render import pool

    monkeypatch.setattr(pool.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(pool, "available_mb", lambda: 1000)
    assert pool.cap_jobs(2) == (2, None)
    jobs, note = pool.cap_jobs(1000)
    assert jobs == 2 and note.startswith("--jobs 1000 dibatasi menjadi 2 proses: memori tersedia 1.000 MB")
    monkeypatch.setattr(pool, "available_mb", lambda: 100_000)
    assert pool.cap_jobs(1000) == (4, "--jobs 1000 dibatasi menjadi 4 proses: 4 inti prosesor.")
    monkeypatch.setattr(pool, "available_mb", lambda: 500)
    jobs, note = pool.cap_jobs(None)
    assert jobs == 1 and note.startswith("jumlah proses bawaan (4, satu per inti) dibatasi menjadi 1 proses: memori")


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_jobs_below_one_is_argument_misuse(value, capsys):
    from lkjip_analysis.cli import main

    with pytest.raises(SystemExit) as info:
        main(["render", "--jobs", value])
    assert info.value.code == 2
    assert f"argumen --jobs: nilai tidak sah '{value}' (harus bilangan bulat 1 atau lebih)" in capsys.readouterr().err


# --- the scheduler ---------------------------------------------------------------------------------
@pytest.fixture
def silent_port():
    """A port on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    server.close()


def _render_with(scheduler: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_analysis.cli", "render", "--notebook", "01", "--output-dir", str(tmp_path / "l"),
         "--scheduler", scheduler],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return done, time.monotonic() - start


@pytest.mark.slow
def test_scheduler_that_never_answers_is_a_message_within_the_timeout(silent_port, tmp_path):
    done, seconds = _render_with(f"tcp://127.0.0.1:{silent_port}", tmp_path)
    assert done.returncode == 1 and seconds < 20, (seconds, done.stderr)
    assert "tidak menjawab dalam 10 dtk" in done.stderr and "render tanpa --scheduler" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("address", ["bukan-alamat", "tcp://127.0.0.1:port"])
def test_malformed_scheduler_address_is_a_message_at_once(address, tmp_path):
    done, seconds = _render_with(address, tmp_path)
    assert done.returncode == 1 and seconds < 8, (seconds, done.stderr)
    assert done.stderr.startswith(f"Gagal: tidak dapat terhubung ke penjadwal Dask {address}: ")
    assert "bentuk tcp://HOST:PORT" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_scheduler_without_workers_is_a_message_after_a_bounded_wait(tmp_path):
    from lkjip_analysis.errors import RenderError
    from lkjip_analysis.render.cluster import check_scheduler

    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        pytest.skip("dask is not installed")
    address_file = tmp_path / "penjadwal.json"
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(address_file),
         "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not address_file.exists() or not address_file.read_text().strip():
            assert time.monotonic() < deadline and scheduler.poll() is None
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        start = time.monotonic()
        with pytest.raises(RenderError, match="tidak punya pekerja \\(ditunggu 3 dtk\\); jalankan 'dask worker"):
            check_scheduler(address, workers_seconds=3)
        assert time.monotonic() - start < 10
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=20)


@pytest.mark.slow
def test_cluster_that_loses_every_worker_fails_the_rest_within_a_bounded_wait(data, tmp_path, monkeypatch):
    from lkjip_analysis.render import cluster, render

    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        pytest.skip("dask is not installed")
    address_file = tmp_path / "penjadwal.json"
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(address_file), *common],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    try:
        deadline = time.monotonic() + 30
        while not address_file.exists() or not address_file.read_text().strip():
            assert time.monotonic() < deadline and scheduler.poll() is None
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        worker = subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--no-nanny", "--memory-limit", "0", *common],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        cluster.check_scheduler(address, workers_seconds=30)
        monkeypatch.setattr(cluster, "WORKERS_SECONDS", 3)
        nb = notebook(tmp_path / "nb" / "lama.ipynb", "import time\ntime.sleep(120)")

        def stop_worker():
            time.sleep(8)  # the worker has taken a report
            worker.kill()

        threading.Thread(target=stop_worker, daemon=True).start()
        start = time.monotonic()
        batch = render([str(nb)], data_dir=data, output_dir=tmp_path / "laporan", progress=False, scheduler=address)
        assert time.monotonic() - start < 60
        assert batch.failed and all(not r.ok for r in batch.results)
        assert any("tidak punya pekerja lagi" in r.error for r in batch.results)
    finally:
        for proc in (worker, scheduler):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=20)
