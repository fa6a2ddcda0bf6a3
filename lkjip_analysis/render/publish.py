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
NO_DATA = "tanpa data"
"""The status of a report rendered without any content: every section said its data is missing."""


def has_content(ipynb: str) -> bool:
    r"""Whether an executed notebook shows anything but the one-sentence notes of empty sections: a chart,
    a table, a list or printed text (see :data:`lkjip_analysis.sections.NO_DATA_CLASS`).

    >>> has_content('{"cells": [{"cell_type": "code", "outputs": [{"data": {"image/svg+xml": "<svg/>"}}]}]}')
    True
    >>> has_content('{"cells": [{"cell_type": "code", "outputs": [{"data": {"text/html": "<p class=\\"lkjip-tanpa-data\\">x</p>"}}]}]}')
    False
    >>> has_content('{"cells": [{"cell_type": "code", "outputs": [{"name": "stdout", "text": ["Dinas A\\n"]}]}]}')
    True
    """
    import json

    for cell in json.loads(ipynb).get("cells", []):
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout" and "".join(output.get("text", "")).strip():
                return True
            data = output.get("data", {})
            if any(kind.startswith("image/") for kind in data):
                return True
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            notes = ("lkjip-tanpa-data", "lkjip-catatan-kaki", "lkjip-keterangan")  # not content by themselves
            if ("<table" in html or "<ul" in html) and not any(note in html for note in notes):
                return True
    return False


@dataclass(frozen=True)
class Result:
    """One task of a batch: rendered, failed, or skipped because its inputs did not change."""

    task: Task
    seconds: float
    html: Path | None = None
    error: str | None = None
    failed_notebook: Path | None = None
    skipped: bool = False
    empty: bool = False  # rendered, but every section said its data is missing

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return SKIPPED if self.skipped else "GAGAL" if not self.ok else NO_DATA if self.empty else "berhasil"


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
        return Result(task, outcome.seconds, html=page, empty=not has_content(outcome.ipynb))
    kept = write_text(failed, outcome.ipynb) if outcome.ipynb else None
    if outcome.log:
        write_text(failed_log, outcome.log)
    return Result(task, outcome.seconds, error=outcome.error, failed_notebook=kept)
