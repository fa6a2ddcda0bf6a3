"""Tests of lkjip_analysis.summary."""

import pandas as pd

from lkjip_analysis.summary import summarize_key_figures


def test_key_figures():
    capaian = pd.DataFrame({"capaian": [93.75, 100.0, None], "predikat": ["Sangat Berhasil", "Sangat Berhasil", None]})
    rekening = pd.DataFrame(
        {
            "jenis_baris": ["total"],
            "anggaran": [14231127419],
            "realisasi": [13598914845],
            "serapan": [95.557537],
            "sisa": [632212574],
        }
    )
    table = dict(summarize_key_figures(capaian, rekening).to_numpy().tolist())
    assert table["Indikator terukur"] == "2"
    assert table["Indikator berpredikat Sangat Berhasil"] == "2"
    assert table["Serapan anggaran"] == "95,56%"
    assert table["Anggaran (perubahan)"] == "Rp 14.231.127.419"
