"""Render speed, memory and start-up, in one run: ``lkjip render`` against the plain pipeline
(``papermill`` CLI, then ``jupyter nbconvert --to html`` CLI, one report after the other) on the same
notebooks and the same synthetic data, with the ratios of issue 10.

    .venv/bin/python benchmarks/bench_render.py [--instansi 5,60] [--contoh 5] [--jobs 2] [--klaster]

Synthetic agencies are copies of the shipped data's first agency under other names, in a temporary
data directory (one year each, so N agencies make 5N reports). For each size it measures: seconds per
report of ``lkjip render --jobs J`` (whole command, start-up included), the peak PSS of its whole
process tree and its peak number of live workers (sampled every 0.25 s), the plain path's seconds per
report on a sample (one report per notebook, first agency) of the same data, and an unchanged
re-render. Then the command line's start-up against ``python -c "import pandas"`` (median of 7), and
with ``--klaster`` reports per second on a local Dask cluster with 1 and 2 workers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
RAW = ROOT / "data" / "raw"


# --- synthetic data ------------------------------------------------------------------------------
def synthetic(dest: Path, count: int) -> tuple[Path, list[str]]:
    """``count`` copies of the shipped data's first agency, named ``Instansi Sintetis 001``... (the
    tests' ``synthetic_data``)."""
    sys.path.insert(0, str(ROOT))
    from tests.helpers import synthetic_data

    names = [f"Instansi Sintetis {i:03d}" for i in range(1, count + 1)]
    return synthetic_data(dest, names, RAW), names


def latest_year(data: Path) -> int:
    from lkjip_analysis.render import plan

    return max(year for _, year in plan(data))


# --- measuring -----------------------------------------------------------------------------------
def tree_pss(root: psutil.Process) -> tuple[int, int]:
    """(PSS in bytes of ``root`` and all its descendants, number of descendants)."""
    total, children = 0, []
    try:
        children = root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0, 0
    for proc in [root, *children]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += proc.memory_full_info().pss
    return total, len(children)


def run(cmd: list, env: dict | None = None, sample: bool = False) -> dict:
    """Run a command; wall seconds and, when ``sample``, the peak PSS and live children of its tree."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak_pss = peak_children = 0
    if sample:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            pss, children = tree_pss(root)
            peak_pss, peak_children = max(peak_pss, pss), max(peak_children, children)
            time.sleep(0.25)
    out, err = proc.communicate()
    return {
        "seconds": time.perf_counter() - start,
        "code": proc.returncode,
        "out": out,
        "err": err,
        "pss": peak_pss,
        "children": peak_children,
    }


def lkjip(data: Path, out: Path, year: int, jobs: int, *extra) -> dict:
    cmd = [BIN / "lkjip", "render", "--data-dir", data, "--output-dir", out, "--tahun", year, "--jobs", jobs]
    result = run([*cmd, *extra], sample=True)
    if result["code"] != 0 or "gagal: 0" not in result["out"]:
        sys.exit(f"lkjip render gagal:\n{result['out'][-3000:]}\n{result['err'][-3000:]}")
    return result


def plain(data: Path, out: Path, agency: str, year: int, sample: int) -> float:
    """Seconds per report of papermill CLI + jupyter nbconvert CLI, on ``sample`` reports."""
    out.mkdir(parents=True, exist_ok=True)
    chosen = (NOTEBOOKS * sample)[:sample]
    start = time.perf_counter()
    for i, nb in enumerate(chosen):
        executed = out / f"{i}_{nb.name}"
        params = ["-p", "tahun", str(year), "-p", "instansi", agency, "-p", "data_dir", str(data)]
        for cmd in (
            [BIN / "papermill", nb, executed, "--cwd", nb.parent, "--no-progress-bar", *params],
            [BIN / "jupyter", "nbconvert", "--to", "html", executed],
        ):
            done = run(cmd)
            if done["code"] != 0:
                sys.exit(f"jalur biasa gagal: {' '.join(map(str, cmd))}\n{done['err'][-3000:]}")
    return (time.perf_counter() - start) / len(chosen)


def startup(data: Path, out: Path) -> dict[str, float]:
    """Median seconds (7 runs) of ``import pandas`` and of the command line's help and error paths."""
    lk = BIN / "lkjip"
    cases = {
        'python -c "import pandas"': [sys.executable, "-c", "import pandas"],
        "lkjip --help": [lk, "--help"],
        "lkjip render --help": [lk, "render", "--help"],
        "lkjip valdate (salah ketik)": [lk, "valdate"],
        "lkjip render --jobs x": [lk, "render", "--jobs", "x"],
        "lkjip render --jobs 0": [lk, "render", "--jobs", "0"],
        "lkjip render --notebook 99": [lk, "render", "--notebook", "99"],
        "lkjip render --data-dir (tidak ada)": [lk, "render", "--data-dir", out / "tidak-ada"],
        "lkjip render --tahun 2031": [lk, "render", "--data-dir", data, "--output-dir", out, "--tahun", "2031"],
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(7):  # interleaved, so that load on the machine hits every case alike
        for name, cmd in cases.items():
            times[name].append(run(cmd)["seconds"])
    return {name: statistics.median(values) for name, values in times.items()}


# --- local Dask cluster ----------------------------------------------------------------------------
def on_cluster(data: Path, out: Path, year: int, workers: int, count: int) -> float:
    """Reports per second of ``lkjip render --scheduler`` on a fresh local cluster of ``workers``."""
    folder = Path(tempfile.mkdtemp(prefix="dask-", dir=out.parent))
    address_file = folder / "penjadwal.json"
    dask = BIN / "dask"
    procs = [
        subprocess.Popen(
            [
                dask,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                address_file,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        while not address_file.exists() or not address_file.read_text().strip():
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for i in range(workers):
            options = ["--nthreads", "1", "--no-nanny", "--memory-limit", "0", "--no-dashboard"]
            procs.append(
                subprocess.Popen(
                    [dask, "worker", address, *options, "--local-directory", folder / f"w{i}"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        result = lkjip(data, out, year, 1, "--scheduler", address)
        return count / result["seconds"]
    finally:
        for proc in reversed(procs):  # workers first, then the scheduler
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)


# --- report --------------------------------------------------------------------------------------
def number(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ram = psutil.virtual_memory().total / 2**30
    return (
        f"{model}, {os.cpu_count()} inti, {number(ram, 0)} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {date.today().isoformat()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instansi", default="5,60", help="jumlah instansi sintetis, dipisah koma")
    parser.add_argument("--contoh", type=int, default=5, help="laporan contoh jalur biasa per ukuran")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--klaster", action="store_true", help="ukur juga klaster Dask lokal 1 dan 2 pekerja")
    args = parser.parse_args()
    sizes = [int(n) for n in args.instansi.split(",")]
    print(f"Mesin: {machine()}", flush=True)
    rows = {}
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            data, names = synthetic(tmp / f"data{n}", n)
            year = latest_year(data)
            reports = n * len(NOTEBOOKS)
            slow = plain(data, tmp / f"biasa{n}", names[0], year, args.contoh)
            print(f"[{n} instansi] papermill + jupyter nbconvert: {number(slow)} dtk/laporan", flush=True)
            first = lkjip(data, tmp / f"lkjip{n}", year, args.jobs)
            again = lkjip(data, tmp / f"lkjip{n}", year, args.jobs)
            if f"dilewati (tidak berubah): {reports}" not in again["out"]:
                sys.exit(f"render ulang merender sesuatu:\n{again['out'][-2000:]}")
            rows[n] = {"reports": reports, "plain": slow, "first": first, "again": again, "data": data}
            print(
                f"[{n} instansi] lkjip render --jobs {args.jobs}: {reports} laporan, "
                f"{number(first['seconds'] / reports)} dtk/laporan, PSS puncak {number(first['pss'] / 2**30)} GB, "
                f"pekerja hidup maks {first['children']}; render ulang {number(again['seconds'])} dtk",
                flush=True,
            )
        small, big = rows[sizes[0]], rows[sizes[-1]]
        starts = startup(big["data"], tmp / f"lkjip{sizes[-1]}")
        cluster = {}
        if args.klaster:
            data, year = small["data"], latest_year(small["data"])
            for workers in (1, 2):
                cluster[workers] = on_cluster(data, tmp / f"klaster{workers}", year, workers, small["reports"])
                print(f"[klaster Dask lokal] {workers} pekerja: {number(cluster[workers])} laporan/dtk", flush=True)

    per_report = {n: r["first"]["seconds"] / r["reports"] for n, r in rows.items()}
    print("\nRasio (satu kali jalan, mesin yang sama):")
    for n, r in rows.items():
        print(
            f"  papermill+nbconvert / lkjip render, {n} instansi ({r['reports']} laporan): "
            f"{number(r['plain'] / per_report[n], 1)}x  (target >= 10x untuk batch >= 30 laporan)"
        )
    print(
        f"  biaya per laporan {sizes[-1]} / {sizes[0]} instansi: {number(per_report[sizes[-1]] / per_report[sizes[0]])}"
        "  (target: datar, <= 1 ditambah derau)"
    )
    print(
        f"  PSS puncak pohon proses {sizes[-1]} / {sizes[0]} instansi: {number(big['first']['pss'] / small['first']['pss'])}"
        f"  ({number(small['first']['pss'] / 2**30)} GB -> {number(big['first']['pss'] / 2**30)} GB)"
    )
    print(f"  pekerja hidup maksimum: {max(r['first']['children'] for r in rows.values())} (--jobs {args.jobs})")
    for n, r in rows.items():
        print(
            f"  render pertama / render ulang tanpa perubahan, {n} instansi: "
            f"{number(r['first']['seconds'] / r['again']['seconds'], 0)}x  (target >= 50x)"
        )
    base = starts.pop('python -c "import pandas"')
    print(f'  start-up, dibagi python -c "import pandas" ({number(base)} dtk), target <= 1,5:')
    for name, seconds in starts.items():
        print(f"    {name:<40} {number(seconds)} dtk  {number(seconds / base)}x")
    if cluster:
        print(
            f"  klaster Dask lokal, {small['reports']} laporan: 1 pekerja {number(cluster[1])} laporan/dtk, "
            f"2 pekerja {number(cluster[2])} laporan/dtk ({number(cluster[2] / cluster[1])}x)"
        )


if __name__ == "__main__":
    main()
