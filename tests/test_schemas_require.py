"""Analysis functions given the wrong table say which argument and which columns."""

import pandas as pd
import pytest

from lkjip_analysis import ArgumentError, load_indikator
from lkjip_analysis.anggaran import efisiensi_sasaran, refocusing, serapan_rekening
from lkjip_analysis.audit import audit_tables
from lkjip_analysis.capaian import tabel_batas
from lkjip_analysis.indikator import progres_rpjmd, revisi_target, tabel_capaian
from lkjip_analysis.kepegawaian import komposisi

WRONG = pd.DataFrame({"instansi": ["X"], "tahun": [2023]})


@pytest.mark.parametrize("call, table", [
    (lambda: tabel_capaian(WRONG), "indikator"),
    (lambda: progres_rpjmd(WRONG), "indikator"),
    (lambda: revisi_target(WRONG), "indikator"),
    (lambda: tabel_batas(WRONG), "indikator"),
    (lambda: refocusing(WRONG), "anggaran"),
    (lambda: serapan_rekening(WRONG), "anggaran"),
    (lambda: efisiensi_sasaran(load_indikator(), WRONG), "anggaran"),
    (lambda: komposisi(WRONG), "kepegawaian"),
    (lambda: audit_tables(load_indikator(), WRONG, WRONG), "anggaran"),
])
def test_wrong_table_names_argument_and_columns(call, table):
    with pytest.raises(ArgumentError) as info:
        call()
    message = str(info.value)
    assert f"argumen '{table}'" in message and f"load_{table}()" in message and "tidak ada" in message


def test_not_a_dataframe():
    with pytest.raises(ArgumentError, match="argumen 'indikator'"):
        tabel_capaian([1, 2, 3])
