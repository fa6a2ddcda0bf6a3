"""Nothing rendered twice: the cache key of a report and the entries recording which inputs made the
report that is on disk.

A report is skipped when its entry's key equals the key of its inputs now. The key is the sha256 of a
JSON document holding :data:`FORMAT`, the sha256 of the notebook file, the parameters (``tahun``,
``instansi``, ``data_dir``) and ``with_code``, the package fingerprint (``__version__`` and the sha256
of every file of ``lkjip_analysis/``: code and templates), and the sha256 of every data file the
report read: the files holding its agency's rows (every file, for a table without an ``instansi``
column) of each table it loaded — recorded while it ran. So a change to
``kepegawaian_dinas-a.csv`` re-renders Dinas A's reports that load kepegawaian, and nothing else. The
entry also records the size and modification time of the report's ``.html`` and ``.ipynb``: a report
edited or deleted since is rendered again, and so is a report one of whose charts (recorded as it saved
them into ``grafik/``) is gone.

Location: ``<output_dir>/.lkjip-cache/<tahun>/<instansi-slug>/<notebook>.json``, and
``<output_dir>/.lkjip-cache/rencana.json`` (the agencies and years of the data directory, keyed by the
hash of every file in it). A missing, corrupt or foreign entry means "render". When no file of the
data directory changed, checking a batch costs one sha256 per data file and notebook and one small
JSON read per report — no pandas; otherwise the changed directory's files are read once to see which
agencies they hold.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..iorw import file_sha256, write_text
from .plan import Task, slug

FORMAT = 2
CACHE_DIR = ".lkjip-cache"
CHARTS_DIR = "grafik"
PLAN_FILE = "rencana.json"


def _sha(document) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def package_fingerprint() -> str:
    """``__version__`` and the sha256 of every file of the package (code and templates)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()}"


@lru_cache(maxsize=1)
def code() -> str:
    """The package fingerprint of this process (computed once)."""
    return package_fingerprint()


@dataclass
class DataState:
    """The files of a data directory now: the sha256 of every regular file in it, and (read on demand,
    once) which table files hold which agency's rows."""

    folder: Path
    hashes: dict[str, str] = field(default_factory=dict)
    _files: dict = field(default_factory=dict, repr=False)
    _agencies: dict = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, folder: Path) -> DataState:
        state = cls(Path(folder))
        if state.folder.is_dir():
            for entry in sorted(os.scandir(state.folder), key=lambda e: e.name):
                if entry.is_file() and not entry.name.startswith("."):
                    state.hashes[entry.name] = file_sha256(entry.path)
        return state

    @property
    def digest(self) -> str:
        return _sha(self.hashes)

    def files(self, table: str) -> dict[str, str]:
        """{file name: sha256} of ``table``'s files, by the loader's own rule ({} for a table the data
        does not have)."""
        if table not in self._files:
            from ..data import table_files
            from ..errors import DataError

            try:
                paths = table_files(table, self.folder)
            except DataError:
                paths = []
            self._files[table] = {p.name: self.hashes.get(p.name) or file_sha256(p) for p in paths}
        return self._files[table]

    def agencies(self, table: str, name: str) -> frozenset[str] | None:
        """The agencies whose rows file ``name`` holds for ``table``; None when it cannot tell (no
        ``instansi`` column, a file it cannot read): then the file counts for every agency."""
        if (table, name) not in self._agencies:
            path = self.folder / name
            try:
                found = _csv_agencies(path) if path.suffix.lower() == ".csv" else _sheet_agencies(path, table)
            except Exception:  # any trouble reading: count the file for every agency
                found = None
            self._agencies[table, name] = found
        return self._agencies[table, name]

    def confirm(self, table: str, agencies: set[str]) -> None:
        """Check the files' agencies against the validated table's: if they disagree in any way, every
        file of the table counts for every agency (a dependency is never missed)."""
        found = [self.agencies(table, name) for name in self.files(table)]
        if all(f is not None for f in found) and set().union(*found) != set(agencies):
            for name in self.files(table):
                self._agencies[table, name] = None

    def read_by(self, table: str, instansi: str) -> dict[str, str]:
        """{file name: sha256} of the files of ``table`` a report for ``instansi`` reads."""
        return {
            name: sha
            for name, sha in self.files(table).items()
            if (found := self.agencies(table, name)) is None or instansi in found
        }


def _csv_agencies(path: Path) -> frozenset[str] | None:
    """The ``instansi`` cells of a CSV (either dialect), stripped as the loader strips them; read with
    the csv module, so that checking a batch needs no pandas."""
    import csv
    import io

    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = [cell.strip() for cell in next(rows, [])]
    if "instansi" not in header:
        return None
    column = header.index("instansi")
    return frozenset(cell for row in rows if len(row) > column and (cell := row[column].strip()))


def _sheet_agencies(path: Path, table: str) -> frozenset[str] | None:
    """The ``instansi`` cells of a workbook's sheet for ``table``, through the loader's reader."""
    from ..readers import read_file

    frame = read_file(path, table).frame
    if frame is None or "instansi" not in frame.columns:
        return None
    return frozenset(frame["instansi"].dropna().astype(str).str.strip())


def report_key(task: Task, notebook_sha: str, code_id: str, read: dict[str, dict[str, str]]) -> str:
    """The cache key of ``task`` (see the module docstring)."""
    return _sha(
        {
            "format": FORMAT,
            "notebook": notebook_sha,
            "parameter": task.parameters(),
            "with_code": task.with_code,
            "code": code_id,
            "data": read,
        }
    )


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Cache:
    """The render cache of one output directory (see the module docstring)."""

    def __init__(self, output_dir: Path, code_id: str):
        self.root = Path(output_dir) / CACHE_DIR
        self.code = code_id

    def entry_path(self, task: Task) -> Path:
        return self.root / str(task.tahun) / slug(task.instansi) / f"{task.name}.json"

    def _read(self, path: Path) -> dict | None:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) and entry.get("format") == FORMAT else None

    def fresh(self, task: Task, notebook_sha: str, state: DataState) -> bool:
        """Whether the report on disk was rendered from exactly these inputs."""
        entry = self._read(self.entry_path(task))
        if entry is None:
            return False
        try:
            read: dict[str, dict[str, str]] = entry["data"]
            if entry["directory"] != state.digest:  # some data file changed: which ones does it read now?
                read = {table: state.read_by(table, task.instansi) for table in read}
            outputs = {kind: _stat(task.folder / f"{task.name}.{kind}") for kind in ("html", "ipynb")}
            charts = all((task.folder / CHARTS_DIR / name).is_file() for name in entry.get("grafik", []))
            return (
                entry["key"] == report_key(task, notebook_sha, self.code, read)
                and entry["outputs"] == outputs
                and charts
            )
        except (KeyError, TypeError, AttributeError):
            return False

    def store(
        self, task: Task, notebook_sha: str, state: DataState, read: dict[str, dict[str, str]], charts=()
    ) -> None:
        """Record that the report now on disk was rendered from these inputs (``read``: table ->
        {file name: sha256} of the data files it read) and saved ``charts`` into its ``grafik/`` folder."""
        entry = {
            "grafik": sorted(charts),
            "format": FORMAT,
            "key": report_key(task, notebook_sha, self.code, read),
            "directory": state.digest,
            "data": read,
            "outputs": {kind: _stat(task.folder / f"{task.name}.{kind}") for kind in ("html", "ipynb")},
        }
        write_text(self.entry_path(task), json.dumps(entry, indent=1, ensure_ascii=False))

    def forget(self, task: Task) -> None:
        self.entry_path(task).unlink(missing_ok=True)

    # --- the plan: agencies and years of a data directory ------------------------------------------
    def _plan_key(self, state: DataState) -> str:
        return _sha({"format": FORMAT, "code": self.code, "folder": str(state.folder.resolve()), "files": state.hashes})

    def plan(self, state: DataState) -> dict[str, list[int]] | None:
        """The agencies and years recorded for this data directory's exact content, if any."""
        entry = self._read(self.root / PLAN_FILE)
        if entry is None or entry.get("key") != self._plan_key(state):
            return None
        years = entry.get("tahun")
        return years if isinstance(years, dict) and all(isinstance(v, dict) for v in years.values()) else None

    def store_plan(self, state: DataState, years: dict[str, dict[str, list[int]]]) -> None:
        write_text(
            self.root / PLAN_FILE,
            json.dumps({"format": FORMAT, "key": self._plan_key(state), "tahun": years}, ensure_ascii=False),
        )
