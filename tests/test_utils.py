"""Shared checks: analysis functions refuse a frame that is not the table they take; percent_of."""

import pandas as pd
import pytest

from lkjip_analysis import ArgumentError, load_indikator
from lkjip_analysis.anggaran import compare_capaian_serapan, compare_refocusing, tabulate_serapan_rekening
from lkjip_analysis.audit import audit_tables
from lkjip_analysis.indikator import compare_targets, tabulate_batas_realisasi, tabulate_capaian, track_progress
from lkjip_analysis.kepegawaian import tabulate_composition
from lkjip_analysis.utils import percent_of

# analysis functions given the wrong table say which argument and which columns
WRONG = pd.DataFrame({"instansi": ["X"], "tahun": [2023]})


@pytest.mark.parametrize(
    "call, table",
    [
        (lambda: tabulate_capaian(WRONG), "indikator"),
        (lambda: track_progress(WRONG), "indikator"),
        (lambda: compare_targets(WRONG), "indikator"),
        (lambda: tabulate_batas_realisasi(WRONG), "indikator"),
        (lambda: compare_refocusing(WRONG), "anggaran"),
        (lambda: tabulate_serapan_rekening(WRONG), "anggaran"),
        (lambda: compare_capaian_serapan(load_indikator(), WRONG), "anggaran"),
        (lambda: tabulate_composition(WRONG), "kepegawaian"),
        (lambda: audit_tables(load_indikator(), WRONG, WRONG), "anggaran"),
    ],
)
def test_wrong_table_names_argument_and_columns(call, table):
    with pytest.raises(ArgumentError) as info:
        call()
    message = str(info.value)
    assert f"argumen '{table}'" in message and f"load_{table}()" in message and "tidak ada" in message


def test_not_a_dataframe():
    with pytest.raises(ArgumentError, match="argumen 'indikator'"):
        tabulate_capaian([1, 2, 3])


def test_percent_of_guards_zero_and_missing():
    out = percent_of(pd.Series([1, 2, 3, None], dtype="Int64"), pd.Series([4, 0, None, 5], dtype="Int64"))
    assert out.dtype == "float64"
    assert out.iloc[0] == 25.0 and out.iloc[1:].isna().all()
