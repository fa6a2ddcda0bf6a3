"""Time per report: ``lkjip render`` against the plain pipeline (``papermill`` then
``jupyter nbconvert --to html``, one after the other) on the same notebooks, same run.

    .venv/bin/python benchmarks/bench_render.py [--repeat N]

Prints seconds per report and the ratio plain / lkjip (higher is better for lkjip).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:6.2f} s total, {seconds / len(NOTEBOOKS):5.2f} s per report", flush=True)
    return seconds / len(NOTEBOOKS)


def lkjip(out: Path, jobs: int) -> None:
    run([str(BIN / "lkjip"), "render", "--output-dir", str(out), "--jobs", str(jobs)])


def plain(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for nb in NOTEBOOKS:
        executed = out / nb.name
        run([str(BIN / "papermill"), str(nb), str(executed), "--cwd", str(nb.parent), "--no-progress-bar"])
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{len(NOTEBOOKS)} notebook, {cores} inti, Python {sys.version.split()[0]}")
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for label, fn in (
                (f"lkjip render --jobs {cores}", lambda: lkjip(Path(tmp) / f"a{i}", cores)),
                ("lkjip render --jobs 1", lambda: lkjip(Path(tmp) / f"b{i}", 1)),
                ("papermill + jupyter nbconvert (berurutan)", lambda: plain(Path(tmp) / f"c{i}")),
            ):
                best[label] = min(best.get(label, float("inf")), timed(label, fn))
    plain_s = best["papermill + jupyter nbconvert (berurutan)"]
    for label, seconds in best.items():
        if label.startswith("lkjip"):
            print(f"rasio papermill+nbconvert / {label}: {plain_s / seconds:.2f}x")


if __name__ == "__main__":
    main()
