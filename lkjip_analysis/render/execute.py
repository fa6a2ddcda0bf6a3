"""Execution of one report: papermill runs the notebook, nbconvert turns it into HTML, and the
results replace the previous ones only when complete (temporary file, then ``os.replace``).

A failing task never raises: its executed notebook is kept as ``<notebook>.gagal.ipynb`` and
the previous good report stays. papermill and nbformat are imported only when a report runs.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .convert import prepare, provenance, to_html
from .plan import FAILED_LOG_SUFFIX, FAILED_SUFFIX, Task

KERNEL = "python3"


@dataclass(frozen=True)
class Result:
    task: Task
    seconds: float
    html: Path | None = None
    error: str | None = None
    failed_notebook: Path | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def kernel_manager(log_path: Path):
    """A kernel manager whose kernel writes its stderr (ipykernel's start-up warnings) to
    ``log_path`` instead of the terminal."""
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            with open(log_path, "ab") as log:
                kw.setdefault("stderr", log)
                return await KernelManager._async_start_kernel(self, **kw)

    return QuietKernelManager(kernel_name=KERNEL)


def execute_notebook(task: Task, output: Path, kernel_log: Path) -> None:
    """Run the notebook through papermill into ``output`` (also written when a cell fails)."""
    import papermill as pm

    pm.execute_notebook(
        str(task.notebook),
        str(output),
        parameters=task.parameters(),
        kernel_name=KERNEL,
        progress_bar=False,
        log_output=False,
        cwd=str(task.notebook.parent),
        km=kernel_manager(kernel_log),
    )


def describe_error(err: BaseException) -> str:
    """The failing cell and the error, for the summary."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        first_line = next((line for line in str(err.source).splitlines() if line.strip()), "")
        return (
            f"sel [{err.exec_count}] (indeks {err.cell_index}, '{first_line.strip()[:60]}'): {err.ename}: {err.evalue}"
        )
    return f"{type(err).__name__}: {err}"


def _tmp_path(folder: Path, name: str, suffix: str) -> Path:
    return folder / f".{name}.{os.getpid()}.tmp{suffix}"


def render_one(task: Task) -> Result:
    """Execute and convert one report; never raises, a failure is returned in the Result."""
    import nbformat

    start = time.perf_counter()
    folder = task.folder
    folder.mkdir(parents=True, exist_ok=True)
    executed, page = _tmp_path(folder, task.name, ".ipynb"), _tmp_path(folder, task.name, ".html")
    kernel_log = _tmp_path(folder, task.name, ".log")
    try:
        execute_notebook(task, executed, kernel_log)
        nb = nbformat.read(executed, as_version=4)
        page.write_text(to_html(prepare(nb, task, provenance(task)), task.with_code), encoding="utf-8")
        os.replace(executed, folder / f"{task.name}.ipynb")
        os.replace(page, folder / f"{task.name}.html")
        (folder / f"{task.name}{FAILED_SUFFIX}").unlink(missing_ok=True)
        (folder / f"{task.name}{FAILED_LOG_SUFFIX}").unlink(missing_ok=True)
        return Result(task, time.perf_counter() - start, html=folder / f"{task.name}.html")
    except Exception as err:  # one report's failure must not stop the batch
        kept = None
        if executed.exists():
            kept = folder / f"{task.name}{FAILED_SUFFIX}"
            os.replace(executed, kept)
        if kernel_log.exists():
            os.replace(kernel_log, folder / f"{task.name}{FAILED_LOG_SUFFIX}")
        return Result(task, time.perf_counter() - start, error=describe_error(err), failed_notebook=kept)
    finally:
        for tmp in (executed, page, kernel_log):
            tmp.unlink(missing_ok=True)
