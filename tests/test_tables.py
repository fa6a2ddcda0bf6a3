"""Tests of lkjip_analysis.tables: Indonesian formats and escaping in report tables."""

import pandas as pd

from lkjip_analysis.tables import style_table


def test_style_table_formats_and_escapes():
    df = pd.DataFrame(
        {
            "tahun": [2023],
            "uraian": ['<script>alert("x")</script>'],
            "anggaran": [14231127419.0],
            "realisasi": [13598914845.0],
            "serapan": [95.557537],
            "jumlah": [1234.5],
            "direvisi": [True],
        }
    )
    df["<img src=x>"] = ["a&b"]
    html = style_table(df, judul="<b>judul</b>").to_html()
    assert "Rp 14.231.127.419" in html and "Rp 13.598.914.845" in html
    assert "95,56%" in html and "1.234,5" in html and ">2023<" in html and ">ya<" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<b>" not in html and "a&amp;b" in html


def test_style_table_missing_values_show_dash():
    html = style_table(pd.DataFrame({"indikator": ["a", None], "capaian": [None, 50.0]})).to_html()
    assert html.count(">-<") == 2


def test_style_table_years_print_without_separators():
    html_text = style_table(
        pd.DataFrame(
            {"tahun_terakhir": [2023], "tahun_akhir": [2026], "sisa_tahun": [3.0], "realisasi_terakhir": [5273.0]}
        )
    ).to_html()
    assert ">2023<" in html_text and ">2026<" in html_text and "2.023" not in html_text
    assert "5.273" in html_text
