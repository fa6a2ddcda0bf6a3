"""lkjip_analysis: analisis Laporan Kinerja Instansi Pemerintah (LKjIP).

Loaders return validated pandas DataFrames of the tables of an LKjIP (indikator, anggaran,
kepegawaian, and the agency's declared predikat scale and plan periods):

>>> from lkjip_analysis import load_indikator, load_anggaran, load_kepegawaian
>>> sorted(load_indikator()["instansi"].unique())[0]
'BKPSDM Kota Surakarta'

The names below are imported on first use, so ``import lkjip_analysis`` (and the ``lkjip``
command's start-up) costs no pandas or pandera import.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "list_tables": "data",
    "load_all": "data",
    "load_anggaran": "data",
    "load_indikator": "data",
    "load_kepegawaian": "data",
    "load_periode": "data",
    "load_skala": "data",
    "load_table": "data",
    "ArgumentError": "errors",
    "DataError": "errors",
    "LkjipError": "errors",
    "Problem": "errors",
    "RenderError": "errors",
    "ScenarioError": "errors",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
