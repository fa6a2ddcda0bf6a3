"""The what-if widget reads and shows numbers the Indonesian way."""

import pytest

from lkjip_analysis import load_indikator, load_skala
from lkjip_analysis.widgets import parse_indonesian, skenario_widget


def test_indonesian_decimals_mean_what_they_say():
    assert parse_indonesian("0,85") == 0.85  # not 85
    assert parse_indonesian("1.234,5") == 1234.5 and parse_indonesian("86") == 86
    with pytest.raises(ValueError, match="bukan angka"):
        parse_indonesian("dua")


def test_fields_show_values_as_the_tables_do():
    ind = load_indikator()
    widget = skenario_widget(ind[ind["instansi"] == "BKPSDM Kota Surakarta"], 2023, load_skala())
    kode, fields, _output = widget.children
    kode.value = "indeks_merit"
    target, realisasi = fields.children
    assert (target.value, realisasi.value) == ("0,8", "0,75")
