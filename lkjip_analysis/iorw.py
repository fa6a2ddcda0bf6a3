"""Reading and writing files: atomic writes, content hashes and the one timestamp rule.

Every file the tools write goes through :func:`atomic_write`: a temporary file in the target
directory, then ``os.replace``, so a reader never sees a half-written file, and the result is
readable by everyone (mode 0644) like any file a user saves.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o644


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)``, then rename the temporary file onto ``path`` (mode 0644).

    >>> import tempfile as _t
    >>> target = Path(_t.mkdtemp()) / "a.txt"
    >>> oct(atomic_write(target, lambda p: p.write_text("x")).stat().st_mode & 0o777)
    '0o644'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def file_sha256(path: str | os.PathLike) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def now_iso() -> str:
    """The current time as ISO 8601 with its UTC offset, to the second (the one timestamp rule).

    >>> now_iso()[19] in "+-"
    True
    """
    return datetime.now().astimezone().isoformat(timespec="seconds")
