"""Data for one report in a warm worker: the loaders serve the agency's rows validated once per batch,
and every table the report reads is recorded (its cache dependencies).

:func:`install` wraps :func:`lkjip_analysis.data.load_table` once per worker process (and so every
``load_<tabel>`` and ``load_all``, which call it). Inside :func:`serving`, a load of the task's data
directory returns a copy of the rows the orchestrator shipped with the task — one agency's rows of
every table, already validated — without reading or validating a file; a load of any other directory
falls through to the real loader and makes the report uncacheable. Outside :func:`serving` the wrapper
is the plain loader.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

_CURRENT: Reads | None = None


@dataclass
class Reads:
    """What one report read: the tables (in first-read order) and whether it read outside its data."""

    tables: dict = field(default_factory=dict)  # table -> rows served
    data_dir: str = ""
    read: list[str] = field(default_factory=list)
    foreign: bool = False


def _same_dir(a, b) -> bool:
    from ..config import resolve_data_dir

    return resolve_data_dir(a or None).resolve() == resolve_data_dir(b or None).resolve()


def install() -> None:
    """Wrap the loader (idempotent). Module globals bound to the original loader are rebound too."""
    import sys

    from .. import data

    original = data.load_table
    if getattr(original, "_lkjip_feed", False):
        return

    def load_table(table, data_dir=None):
        reads = _CURRENT
        if reads is not None:
            if table not in reads.read:
                reads.read.append(table)
            if table in reads.tables and _same_dir(data_dir, reads.data_dir):
                return reads.tables[table].copy()
            reads.foreign = True
        return original(table, data_dir)

    load_table.__doc__, load_table.__wrapped__ = original.__doc__, original
    load_table._lkjip_feed = True
    for name, module in list(sys.modules.items()):
        if name.startswith("lkjip_analysis") and getattr(module, "load_table", None) is original:
            module.load_table = load_table


@contextlib.contextmanager
def serving(tables: dict, data_dir: str):
    """Serve ``tables`` (one agency's validated rows per table) for loads of ``data_dir``; yields the
    :class:`Reads` record of the report."""
    global _CURRENT
    install()
    reads = Reads(tables=tables, data_dir=data_dir)
    _CURRENT = reads
    try:
        yield reads
    finally:
        _CURRENT = None
