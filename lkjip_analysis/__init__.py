"""lkjip_analysis: analisis Laporan Kinerja Instansi Pemerintah (LKjIP).

Loaders return validated pandas DataFrames of the three tables of an LKjIP:

>>> from lkjip_analysis import load_indikator, load_anggaran, load_kepegawaian
>>> sorted(load_indikator()["instansi"].unique())
['BKPSDM Kota Surakarta']
"""

__version__ = "0.1.0"

from .data import list_tables, load_all, load_anggaran, load_indikator, load_kepegawaian, load_table  # noqa: E402
from .errors import ArgumentError, DataError, LkjipError, Problem, RenderError, ScenarioError  # noqa: E402

__all__ = [
    "ArgumentError", "DataError", "LkjipError", "Problem", "RenderError", "ScenarioError",
    "list_tables", "load_all", "load_anggaran", "load_indikator", "load_kepegawaian", "load_table",
]
