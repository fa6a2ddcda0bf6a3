"""Reading and writing files: atomic writes, content hashes and the one timestamp rule.

Every file the tools write goes through :func:`atomic_write`: a temporary file in the target
directory, then ``os.replace``, so a reader never sees a half-written file, and the result is
readable by everyone (mode 0644) like any file a user saves.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o644
_PROTECTED: list[tuple[Path, frozenset[Path]]] = []
"""(data directory, its input files resolved) of every active :func:`protect_inputs`."""


@contextlib.contextmanager
def protect_inputs(data_dir: str | os.PathLike) -> Iterator[None]:
    """While active, :func:`atomic_write` refuses (:class:`~lkjip_analysis.errors.OutputError`) to write
    into ``data_dir`` or over any file in it (also through a symbolic link): no command ever replaces an
    input file or adds a table to the data it reads. The one place every writing command goes through.

    >>> import tempfile as _t
    >>> data = Path(_t.mkdtemp())
    >>> with protect_inputs(data):
    ...     try:
    ...         atomic_write(data / "indikator.csv", lambda p: p.write_text("x"))
    ...     except Exception as err:
    ...         print(type(err).__name__, (data / "indikator.csv").exists())
    OutputError False
    """
    folder = _real(data_dir)
    try:
        files = frozenset(_real(entry.path) for entry in os.scandir(folder))
    except OSError:
        files = frozenset()
    _PROTECTED.append((folder, files))
    try:
        yield
    finally:
        _PROTECTED.remove((folder, files))


def _real(path: str | os.PathLike) -> Path:
    """The path with every symbolic link followed (a loop or a broken link: as far as it goes; never raises)."""
    return Path(os.path.realpath(os.path.expanduser(path)))


def check_output(path: str | os.PathLike, directory: bool = False) -> None:
    """Raise OutputError when writing ``path`` (a file, or with ``directory`` a folder to write files
    into) would write into a protected data directory or over one of its files."""
    from .errors import OutputError

    target = _real(path)
    for folder, files in _PROTECTED:
        if target == folder if directory else target.parent == folder:
            raise OutputError(
                f"'{path}' {'adalah' if directory else 'ada di'} direktori data {folder}; lkjip tidak pernah menulis "
                "ke direktori data (berkasnya akan terbaca sebagai tabel atau menimpa data mentah): pilih "
                + ("direktori" if directory else "berkas")
                + " keluaran lain"
            )
        if target in files:
            raise OutputError(
                f"'{path}' adalah berkas masukan di direktori data {folder}; lkjip tidak pernah menimpa berkas "
                "masukan: pilih berkas keluaran lain"
            )


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)``, then rename the temporary file onto ``path`` (mode 0644). The temporary's
    name holds the target's (cut to 120 characters, so a long name still fits the file system's 255).

    >>> import tempfile as _t
    >>> target = Path(_t.mkdtemp()) / "a.txt"
    >>> oct(atomic_write(target, lambda p: p.write_text("x")).stat().st_mode & 0o777)
    '0o644'
    """
    path = Path(path)
    check_output(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:120]}.{os.getpid()}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


_TEMPORARY = re.compile(r"\..+\.(?P<pid>\d+)\.(?:[A-Za-z0-9_]+\.)?tmp(?:\.[A-Za-z0-9]+)?")
"""A hidden temporary of :func:`atomic_write` (``.name.PID.random.tmp``) or of a report being
rendered (``.name.PID.tmp.html``): every one carries the id of the process writing it."""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid < 2**31  # another user's process is running; an impossible id is not
    return True


def remove_stale_temporaries(folders: Iterable[str | os.PathLike]) -> list[Path]:
    """Delete the hidden temporaries an interrupted run left in ``folders`` (not their subfolders)
    whose writing process is gone; a running writer's files are kept. Returns what was deleted.

    >>> import tempfile as _t
    >>> folder = Path(_t.mkdtemp())
    >>> _ = (folder / ".laporan.html.999999999.tmp.html").write_text("separuh")
    >>> [p.name for p in remove_stale_temporaries([folder])], list(folder.iterdir())
    (['.laporan.html.999999999.tmp.html'], [])
    """
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False) and not _running(int(match["pid"])):
                Path(entry.path).unlink(missing_ok=True)
                removed.append(Path(entry.path))
    return removed


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def file_sha256(path: str | os.PathLike) -> str:
    """The hex sha256 of a file's bytes, read in blocks (memory stays small for any file size)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def now_iso() -> str:
    """The current time as ISO 8601 with its UTC offset, to the second (the one timestamp rule).

    >>> now_iso()[19] in "+-"
    True
    """
    return datetime.now().astimezone().isoformat(timespec="seconds")
