"""Writing one report's outcome into the output directory, atomically, and the Result the summary shows.

A good report replaces the previous ``.ipynb`` and ``.html`` only when complete (temporary file, then
``os.replace``). A failed one leaves the previous good report in place and keeps its executed notebook
as ``<notebook>.gagal.ipynb`` (and its traceback as ``.gagal.log``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..iorw import write_text
from .execute import Outcome
from .plan import FAILED_LOG_SUFFIX, FAILED_SUFFIX, Task

SKIPPED = "dilewati (tidak berubah)"


@dataclass(frozen=True)
class Result:
    """One task of a batch: rendered, failed, or skipped because its inputs did not change."""

    task: Task
    seconds: float
    html: Path | None = None
    error: str | None = None
    failed_notebook: Path | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return SKIPPED if self.skipped else "berhasil" if self.ok else "GAGAL"


def publish(task: Task, outcome: Outcome) -> Result:
    """Write ``outcome`` for ``task`` (see the module docstring)."""
    folder = task.folder
    folder.mkdir(parents=True, exist_ok=True)
    failed, failed_log = folder / f"{task.name}{FAILED_SUFFIX}", folder / f"{task.name}{FAILED_LOG_SUFFIX}"
    if outcome.ok:
        write_text(folder / f"{task.name}.ipynb", outcome.ipynb)
        page = write_text(folder / f"{task.name}.html", outcome.html)
        failed.unlink(missing_ok=True)
        failed_log.unlink(missing_ok=True)
        return Result(task, outcome.seconds, html=page)
    kept = write_text(failed, outcome.ipynb) if outcome.ipynb else None
    if outcome.log:
        write_text(failed_log, outcome.log)
    return Result(task, outcome.seconds, error=outcome.error, failed_notebook=kept)
