"""One report in a warm worker: papermill runs the notebook on the warm engine with the agency's rows,
nbconvert makes the page; the outcome (texts, error, tables read) goes back to the orchestrator.

:func:`run_job` never raises: a failing cell is named in ``Outcome.error`` and the executed notebook
(with papermill's error markers) comes back as ``Outcome.ipynb`` to be kept as ``.gagal.ipynb``.
Nothing is written to the output directory here; the orchestrator does that (atomically), on
whichever machine the job ran.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
from dataclasses import dataclass, field

from .plan import Task


@dataclass(frozen=True)
class Job:
    """Everything a worker needs for one report (picklable: it may travel to a Dask worker)."""

    index: int
    task: Task
    notebook: str  # the notebook file's text, as hashed for the cache key
    tables: dict = field(repr=False)  # table -> the agency's validated rows
    data_files: dict = field(repr=False)  # table -> {file name: sha256}
    data_folder: str = ""  # the data directory, as shown in the provenance
    code: str = ""  # the orchestrator's package fingerprint
    titles: tuple = ()  # (stem, title) of every report of the batch's notebook folder, for the navigation


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one job."""

    seconds: float
    ipynb: str | None = None  # the executed notebook (also when it failed)
    html: str | None = None
    error: str | None = None
    log: str | None = None  # traceback and messages of a failed report
    read: dict = field(default_factory=dict)  # table -> {file name: sha256} of the tables read
    charts: tuple = ()  # file names of the charts the report saved into its grafik/ folder
    cacheable: bool = False
    code: str = ""  # the worker's package fingerprint
    worker: str = ""  # host:pid of the process that ran it

    @property
    def ok(self) -> bool:
        return self.error is None


def describe_error(err: BaseException) -> str:
    """The failing cell and the error, for the summary."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        first_line = next((line for line in str(err.source).splitlines() if line.strip()), "")
        return (
            f"sel [{err.exec_count}] (indeks {err.cell_index}, '{first_line.strip()[:60]}'): {err.ename}: {err.evalue}"
        )
    return f"{type(err).__name__}: {err}"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _traceback_text(err: BaseException) -> str:
    lines = getattr(err, "traceback", None)
    if lines:
        return _ANSI.sub("", "\n".join(lines))
    import traceback

    return "".join(traceback.format_exception(err))


def worker_id() -> str:
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def execute(job: Job):
    """papermill on the warm engine; returns the executed notebook (raises papermill's errors)."""
    import nbformat
    import papermill as pm

    from . import engine

    engine.register().last_notebook = None
    cwd = job.task.notebook.parent if job.task.notebook.parent.is_dir() else None
    nb = pm.execute_notebook(
        nbformat.reads(job.notebook, as_version=4),
        None,
        parameters=job.task.parameters(),
        engine_name=engine.ENGINE,
        kernel_name=engine.KERNEL,
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        cwd=None if cwd is None else str(cwd),
    )
    return nb


def _stamp(nb, task: Task) -> None:
    """papermill records where the notebook came from; the input here was the shipped text."""
    nb.metadata.papermill["input_path"] = str(task.notebook)
    nb.metadata.papermill["output_path"] = str(task.folder / f"{task.name}.ipynb")


def run_job(job: Job) -> Outcome:
    """Execute and convert one report; never raises. One at a time per process."""
    from . import engine

    with engine.LOCK:
        return _run(job)


def _documents(tables: dict) -> list[str]:
    """The documents (``laporan``) the agency's rows come from, in the order the data names them."""
    names: dict[str, None] = {}
    for frame in tables.values():
        if "laporan" in getattr(frame, "columns", []):
            names.update(dict.fromkeys(str(v) for v in frame["laporan"].dropna() if str(v)))
    return list(names)


def _run(job: Job) -> Outcome:
    import nbformat

    from ..sections import SAVED_CHARTS
    from . import engine, feed
    from .cache import code
    from .convert import prepare, provenance, to_html

    start = time.perf_counter()
    messages = io.StringIO()
    SAVED_CHARTS.clear()
    with feed.serving(job.tables, job.task.data_dir) as reads:
        try:
            with contextlib.redirect_stdout(messages), contextlib.redirect_stderr(messages):
                nb = execute(job)
        except Exception as err:  # one report's failure must not stop the batch
            failed = engine.register().last_notebook
            if failed is not None:
                _stamp(failed, job.task)
            log = f"{_traceback_text(err)}\n{messages.getvalue()}".strip() + "\n"
            return Outcome(
                time.perf_counter() - start,
                ipynb=None if failed is None else nbformat.writes(failed),
                error=describe_error(err),
                log=log,
                code=code(),
                worker=worker_id(),
            )
    try:
        _stamp(nb, job.task)
        text = nbformat.writes(nb)
        read = {table: job.data_files.get(table, {}) for table in reads.read}
        files = {name: sha for table in reads.read for name, sha in job.data_files.get(table, {}).items()}
        prov = provenance(job.task, files, job.data_folder, _documents(job.tables))
        page = to_html(prepare(nb, job.task, prov, job.titles or None), job.task.with_code)
    except Exception as err:
        return Outcome(time.perf_counter() - start, error=describe_error(err), log=_traceback_text(err))
    return Outcome(
        time.perf_counter() - start,
        ipynb=text,
        html=page,
        read=read,
        charts=tuple(SAVED_CHARTS),
        cacheable=not reads.foreign,
        code=code(),
        worker=worker_id(),
    )
