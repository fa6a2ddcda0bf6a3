"""Render the parameterised notebooks to offline HTML reports, in batch (``lkjip render``).

One *task* is one notebook for one agency and year, rendered into
``<output_dir>/<tahun>/<instansi-slug>/<notebook>.ipynb`` and ``.html``; every year gets an
``index.html`` linking its reports. This module is the orchestrator; each step lives in a
sibling module: :mod:`.plan` (which tasks), :mod:`.execute` (papermill and the atomic replace
of one report), :mod:`.convert` (HTML post-processing and provenance) and :mod:`.index`.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..config import REPORTS_DIR
from ..errors import RenderError
from .convert import exporter, prepare, provenance, provenance_html, title_of, to_html
from .execute import Result, render_one
from .index import write_index
from .plan import Task, find_notebooks, notebook_data_dir, plan, slug

__all__ = [
    "Batch",
    "Result",
    "Task",
    "exporter",
    "find_notebooks",
    "notebook_data_dir",
    "plan",
    "prepare",
    "provenance",
    "provenance_html",
    "render",
    "render_all",
    "render_one",
    "slug",
    "summary",
    "title_of",
    "to_html",
    "write_index",
]


def _warm_up() -> None:
    """Import papermill/nbconvert and build the exporters once, before worker processes fork."""
    import papermill  # noqa: F401

    exporter(False), exporter(True)


def render_all(tasks: list[Task], jobs: int | None = None, progress: bool = True) -> list[Result]:
    """Render every task on ``jobs`` processes (default: all cores) with a progress bar; results
    in task order."""
    from tqdm import tqdm

    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise RenderError(f"--jobs harus 1 atau lebih, bukan {jobs}")
    _warm_up()
    bar = tqdm(total=len(tasks), desc="Render laporan", unit="laporan", disable=not progress, leave=True)
    results: dict[int, Result] = {}

    def done(i: int, result: Result) -> None:
        results[i] = result
        bar.set_postfix_str(f"{result.task.name} {'selesai' if result.ok else 'GAGAL'}", refresh=False)
        bar.update()

    try:
        if jobs == 1 or len(tasks) == 1:
            for i, task in enumerate(tasks):
                done(i, render_one(task))
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                futures = {pool.submit(render_one, task): i for i, task in enumerate(tasks)}
                for future in as_completed(futures):
                    done(futures[future], future.result())
    finally:
        bar.close()
    return [results[i] for i in range(len(tasks))]


def summary(results: list[Result], elapsed: float) -> str:
    """The table printed at the end of a batch, in Bahasa Indonesia."""
    from ..fmt import number

    header = ("status", "notebook", "instansi", "tahun", "waktu")
    rows = [
        (
            "berhasil" if r.ok else "GAGAL",
            r.task.name,
            r.task.instansi,
            str(r.task.tahun),
            f"{number(r.seconds, 1)} dtk",
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    line = lambda row: "  ".join(str(x).ljust(w) for x, w in zip(row, widths))
    out = [line(header), line(["-" * w for w in widths]), *map(line, rows)]
    ok = sum(r.ok for r in results)
    out.append(
        f"\nDirender: {ok}, gagal: {len(results) - ok}, waktu total: {number(elapsed, 1)} dtk "
        f"({number(elapsed / max(len(results), 1), 2)} dtk per laporan)."
    )
    for r in results:
        if not r.ok:
            kept = f"\n    notebook gagal disimpan: {r.failed_notebook}" if r.failed_notebook else ""
            out.append(f"  GAGAL {r.task.name} ({r.task.instansi} {r.task.tahun}): {r.error}{kept}")
    return "\n".join(out)


@dataclass(frozen=True)
class Batch:
    """What one ``render`` call did: a result per task, the index pages and the elapsed time."""

    results: list[Result]
    indexes: list[Path]
    seconds: float

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.ok]

    @property
    def text(self) -> str:
        """The summary table and the index pages, as the command line prints them."""
        lines = [summary(self.results, self.seconds)]
        if not self.failed:
            lines += [f"Indeks: {path}" for path in self.indexes]
        return "\n".join(lines)


def render(
    notebooks: list[str] | None = None,
    tahun: list[int] | None = None,
    instansi: list[str] | None = None,
    data_dir=None,
    output_dir=None,
    jobs: int | None = None,
    with_code: bool = False,
    progress: bool = True,
) -> Batch:
    """Render every requested notebook for every requested agency and year, then the indexes.

    ``render(["01"], tahun=[2023])`` writes ``reports/2023/<instansi>/01_capaian_kinerja.html``.
    """
    start = time.perf_counter()
    paths = find_notebooks(notebooks)
    pairs = plan(data_dir, tahun, instansi)
    out = Path(output_dir) if output_dir is not None else REPORTS_DIR
    nb_data_dir = notebook_data_dir(data_dir)
    tasks = [Task(path, name, year, nb_data_dir, out.resolve(), with_code) for name, year in pairs for path in paths]
    results = render_all(tasks, jobs, progress)
    indexes = [write_index(out / str(year)) for year in sorted({t.tahun for t in tasks})]
    return Batch(results, indexes, time.perf_counter() - start)
