"""Render the parameterised notebooks to offline HTML reports, in batch (``lkjip render``).

One *task* is one notebook for one agency and year, rendered into
``<output_dir>/<tahun>/<instansi-slug>/<notebook>.ipynb`` and ``.html``; every year gets an
``index.html`` linking its reports. This module is the orchestrator: it plans the tasks
(:mod:`.plan`), skips those whose inputs did not change (:mod:`.cache`), validates the data once and
gives each report only its agency's rows, runs the rest on warm local workers (:mod:`.pool`) or a
Dask cluster (:mod:`.cluster`) — each report executed by papermill on the warm engine
(:mod:`.engine`, :mod:`.execute`, :mod:`.feed`, :mod:`.worker`) and made a page (:mod:`.convert`) —
then writes every outcome atomically (:mod:`.publish`) and the index pages (:mod:`.index`).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import REPORTS_DIR, resolve_data_dir
from ..errors import DataError, Problem, RenderError
from ..iorw import check_output, protect_inputs, remove_stale_temporaries
from .cache import Cache, DataState, code
from .cluster import SCHEDULER_ENV
from .convert import exporter, prepare, provenance, provenance_html, title_of, titles, to_html
from .execute import Job
from .index import write_index, write_root_index
from .plan import Task, agency_years, find_notebooks, notebook_data_dir, plan, select, slug
from .publish import NO_DATA, SKIPPED, Result, publish


def _keep_dask_out() -> None:
    """Where dask is installed (the ``klaster`` extra), pandera imports ``dask.dataframe`` (0.6 s, and
    memory in every worker) the first time it builds any schema. Rendering never validates a dask
    frame: unless pandera's dask support is already loaded, tell pandera dask is absent, so that dask is
    imported only by ``--scheduler``."""
    import sys
    import types

    name = "pandera.typing.dask"
    if name not in sys.modules:
        stand_in = types.ModuleType(name, "lkjip render: pandera's dask support, switched off")
        stand_in.DASK_INSTALLED = False
        sys.modules[name] = stand_in


_keep_dask_out()

__all__ = [
    "SCHEDULER_ENV",
    "SKIPPED",
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
    "slug",
    "summary",
    "title_of",
    "to_html",
    "write_index",
]


def _split_by_agency(tables: dict, agencies: Iterable[str]) -> dict[str, dict]:
    """agency -> {table: its rows}; a table without an ``instansi`` column goes whole to everyone."""
    wanted = set(agencies)
    out: dict[str, dict] = {name: {} for name in wanted}
    for table, frame in tables.items():
        if "instansi" not in frame.columns:
            for name in wanted:
                out[name][table] = frame
            continue
        groups = {name: rows for name, rows in frame.groupby("instansi", sort=False) if name in wanted}
        for name in wanted:
            rows = groups.get(name, frame.iloc[0:0])
            out[name][table] = rows.reset_index(drop=True)
    return out


def _jobs(
    indexed: list[tuple[int, Task]], data_dir, state: DataState, notebooks: dict[Path, str], siblings: dict
) -> list[Job]:
    """Validate every table once for the batch, then one job per task with its agency's rows and the
    data files those rows come from."""
    from ..data import load_all

    tables = load_all(data_dir)
    agencies = {task.instansi for _, task in indexed}
    per_agency = _split_by_agency(tables, agencies)
    for table, frame in tables.items():
        if "instansi" in frame.columns:
            state.confirm(table, set(frame["instansi"].dropna().astype(str)))
    files = {name: {table: state.read_by(table, name) for table in tables} for name in agencies}
    folder = str(state.folder.resolve())
    fingerprint = code()
    return [
        Job(i, task, notebooks[task.notebook], per_agency[task.instansi], files[task.instansi], folder, fingerprint,
            siblings[task.notebook.parent])
        for i, task in indexed
    ]  # fmt: skip


def _workers(scheduler: str | None, jobs: int, count: int):
    """Where the jobs run: the Dask cluster at ``scheduler``, else at most ``jobs`` local processes."""
    if scheduler:
        from .cluster import ClusterPool

        return ClusterPool(scheduler)
    from .pool import LocalPool, cap_jobs

    size, note = cap_jobs(jobs)
    if note:
        print(note, file=sys.stderr, flush=True)
    return LocalPool(size, count)


def render_all(
    tasks: list[Task],
    jobs: int | None = None,
    progress: bool = True,
    *,
    data_dir=None,
    cache: Cache | None = None,
    force: bool = False,
    scheduler: str | None = None,
    state: DataState | None = None,
) -> list[Result]:
    """Render every task on at most ``jobs`` warm worker processes (default: all cores) or on the Dask
    cluster at ``scheduler``, with a progress bar; tasks whose inputs did not change since ``cache``
    recorded them are skipped unless ``force``. Results in task order."""
    if jobs is not None and jobs < 1:
        raise RenderError(f"--jobs harus 1 atau lebih, bukan {jobs}")
    state = state or DataState.read(resolve_data_dir(data_dir))
    notebooks = {path: path.read_text(encoding="utf-8") for path in {t.notebook for t in tasks}}
    siblings = {folder: titles(str(folder)) for folder in {path.parent for path in notebooks}}
    # a report's page names its siblings' titles (navigation): a changed title is a changed input
    sha = {path: _text_sha(text + "\0" + repr(siblings[path.parent])) for path, text in notebooks.items()}
    results: dict[int, Result] = {}
    todo: list[tuple[int, Task]] = []
    for i, task in enumerate(tasks):
        if cache is not None and not force and cache.fresh(task, sha[task.notebook], state):
            results[i] = Result(task, 0.0, html=task.folder / f"{task.name}.html", skipped=True)
        else:
            todo.append((i, task))
    if todo:
        from tqdm import tqdm

        with _workers(scheduler, jobs, len(todo)) as workers:  # they warm up while the data is validated
            work = _jobs(todo, data_dir, state, notebooks, siblings)
            bar = tqdm(total=len(tasks), desc="Render laporan", unit="laporan", disable=not progress, leave=True)
            bar.update(len(results))
            try:
                for i, outcome in workers.run(work):
                    task = tasks[i]
                    results[i] = result = _record(task, outcome, cache, sha[task.notebook], state)
                    bar.set_postfix_str(f"{task.name} {'selesai' if result.ok else 'GAGAL'}", refresh=False)
                    bar.update()
            finally:
                bar.close()
    return [results[i] for i in range(len(tasks))]


def _record(task: Task, outcome, cache: Cache | None, notebook_sha: str, state: DataState) -> Result:
    """Publish one outcome and update its cache entry; a report that cannot be written (a name the file
    system refuses, a full disk) fails alone, never the batch."""
    from ..errors import os_error_message

    try:
        result = publish(task, outcome)
        if cache is not None:
            if result.ok and outcome.cacheable and outcome.code == cache.code:
                cache.store(task, notebook_sha, state, outcome.read, outcome.charts)
            else:
                cache.forget(task)
    except OSError as err:
        with contextlib.suppress(OSError):
            if cache is not None:
                cache.forget(task)
        why = os_error_message(err) if err.filename else f"{type(err).__name__}: {err}"
        return Result(task, outcome.seconds, error=f"laporan tidak dapat ditulis: {why}")
    return result


def _text_sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summary(results: list[Result], elapsed: float) -> str:
    """The table printed at the end of a batch, in Bahasa Indonesia."""
    from ..fmt import number

    header = ("status", "notebook", "instansi", "tahun", "waktu")
    rows = [
        (
            r.status,
            r.task.name,
            r.task.instansi,
            str(r.task.tahun),
            "-" if r.skipped else f"{number(r.seconds, 1)} dtk",
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    line = lambda row: "  ".join(str(x).ljust(w) for x, w in zip(row, widths))
    out = [line(header), line(["-" * w for w in widths]), *map(line, rows)]
    skipped = sum(r.skipped for r in results)
    failed = sum(not r.ok for r in results)
    empty = sum(r.ok and r.empty and not r.skipped for r in results)
    rendered = len(results) - skipped - failed
    out.append(
        f"\nDirender: {rendered}, gagal: {failed}, {SKIPPED}: {skipped}, {NO_DATA}: {empty} (dirender tanpa isi), "
        f"waktu total: {number(elapsed, 1)} dtk "
        f"({number(elapsed / max(rendered + failed, 1), 2)} dtk per laporan yang dijalankan)."
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
    def empty(self) -> list[Result]:
        """Reports rendered without content (every section said its data is missing)."""
        return [r for r in self.results if r.ok and r.empty and not r.skipped]

    @property
    def skipped(self) -> list[Result]:
        return [r for r in self.results if r.skipped]

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
    force: bool = False,
    scheduler: str | None = None,
) -> Batch:
    """Render every requested notebook for every requested agency and year, then the indexes.

    Reports whose inputs did not change since they were rendered are skipped (``force=True`` renders
    them anyway); ``scheduler`` (default ``$LKJIP_SCHEDULER``) sends the work to a Dask cluster.
    ``render(["01"], tahun=[2023])`` writes ``reports/2023/<instansi>/01_capaian_kinerja.html``.
    """
    start = time.perf_counter()
    if jobs is not None and jobs < 1:
        raise RenderError(f"--jobs harus 1 atau lebih, bukan {jobs}")
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    paths = find_notebooks(notebooks)
    out = (Path(output_dir) if output_dir is not None else REPORTS_DIR).resolve()
    cache = Cache(out, code())
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():  # said before pandas is imported, like every usage error
        raise DataError(
            [Problem.about(str(folder), "direktori data tidak ada; periksa --data-dir atau LKJIP_DATA_DIR")]
        )
    with protect_inputs(folder):
        check_output(out, directory=True)  # reports, cache and index never land among the tables
    state = DataState.read(folder)
    years = cache.plan(state)
    if years is None:
        years = agency_years(data_dir)
        cache.store_plan(state, years)
    pairs = select(years, tahun, instansi)
    nb_data_dir = notebook_data_dir(data_dir)
    tasks = [Task(path, name, year, nb_data_dir, out, with_code) for name, year in pairs for path in paths]
    remove_stale_temporaries(_leftover_folders(out, cache, tasks))  # what interrupted runs left
    try:
        results = render_all(
            tasks, jobs, progress, data_dir=data_dir, cache=cache, force=force, scheduler=scheduler, state=state
        )
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the finished reports stay, and the index lists them
        with contextlib.suppress(Exception):
            _indexes(out, tasks, None, years)
        raise
    indexes = _indexes(out, tasks, results, years)
    return Batch(results, indexes, time.perf_counter() - start)


LEFTOVER_DEPTH = 3
"""How deep below the output directory render writes: ``<tahun>/<instansi>/grafik`` and
``.lkjip-cache/<tahun>/<instansi>``."""


def _leftover_folders(out: Path, cache: Cache, tasks: list[Task]) -> set[Path]:
    """Every folder a render writes temporaries into, for every year and agency ever rendered there (not
    only this batch's): the output root, each year and report folder, its charts (``grafik/``) and the
    cache."""
    folders = {out, cache.root} | {t.folder / "grafik" for t in tasks}
    for root in (out, cache.root):
        for folder, subfolders, _ in os.walk(root):
            depth = len(Path(folder).relative_to(root).parts)
            if depth >= LEFTOVER_DEPTH:
                subfolders.clear()
            folders.add(Path(folder))
    return folders


def _indexes(out: Path, tasks: list[Task], results: list[Result] | None, years: dict | None = None) -> list[Path]:
    """Each year's index (rewritten when a report of it ran, or ``results`` is None) and the root index
    (``years``: the agencies' report and comparison years, :func:`.plan.agency_years`)."""
    indexes = []
    for year in sorted({t.tahun for t in tasks}):
        year_dir = out / str(year)
        ran = results is None or any(not r.skipped for r in results if r.task.tahun == year)
        if year_dir.is_dir():
            indexes.append(
                write_index(year_dir) if ran or not (year_dir / "index.html").exists() else year_dir / "index.html"
            )
    if out.is_dir():
        indexes.insert(0, write_root_index(out, years))
    return indexes
