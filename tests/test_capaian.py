"""Tests of lkjip_analysis.capaian: source values, scale boundaries, errors, vectorization, properties."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_analysis import ArgumentError
from lkjip_analysis.capaian import (
    RUMUS,
    SKALA,
    TANPA_PREDIKAT,
    Skala,
    compute_batas_realisasi,
    compute_capaian,
    compute_predikat,
    list_skala,
)

FAST = settings(max_examples=200, deadline=None)
targets = st.floats(min_value=0.01, max_value=1e6)
values = st.floats(min_value=0, max_value=1e6)
capaians = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


# --- capaian: values from the source -------------------------------------------------------


@pytest.mark.parametrize(
    "target, realisasi, expected", [(0.80, 0.75, 93.75), (78, 52.07, 66.76), (23.05, 32.44, 140.74)]
)
def test_source_values(target, realisasi, expected):
    result = compute_capaian(target, realisasi)
    assert isinstance(result, float)
    assert round(result, 2) == expected


@pytest.mark.parametrize("rumus, expected", [(None, 80.0), ("kondisi_khusus", 80.0), ("rasio_terbalik", 83.33)])
def test_negatif_by_rumus(rumus, expected):
    assert round(compute_capaian(10, 12, "negatif", rumus=rumus), 2) == expected


def test_rumus_ignored_for_positif_and_formulas_are_documented():
    assert compute_capaian(10, 12, rumus="rasio_terbalik") == pytest.approx(120)
    assert set(RUMUS) == {"kondisi_khusus", "rasio_terbalik"}
    assert all(f.__doc__ for f in RUMUS.values())


def test_missing_realisasi_is_nan_not_zero():
    assert math.isnan(compute_capaian(10, None))
    assert math.isnan(compute_capaian(10, float("nan"), "negatif"))
    s = compute_capaian(pd.Series([10.0, 10.0]), pd.Series([5.0, None]))
    assert s.iloc[0] == 50 and math.isnan(s.iloc[1])


def test_target_zero_is_nan_with_warning_counting_values():
    with pytest.warns(UserWarning, match=r"2 nilai target bernilai 0"):
        s = compute_capaian(pd.Series([0.0, 10.0, 0.0]), pd.Series([5.0, 5.0, 0.0]))
    assert s.isna().tolist() == [True, False, True]
    assert not np.isinf(s).any()


def test_rasio_terbalik_realisasi_zero_is_nan_with_warning():
    with pytest.warns(UserWarning, match="realisasi bernilai 0"):
        assert math.isnan(compute_capaian(10, 0, "negatif", rumus="rasio_terbalik"))


def test_no_warning_for_ordinary_values():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compute_capaian(pd.Series([1.0, 2.0]), pd.Series([1.0, 0.0]), "negatif")


def test_batas_atas_caps_only_when_asked():
    assert compute_capaian(100, 150) == 150
    assert compute_capaian(100, 150, batas_atas=120) == 120
    assert compute_capaian(100, 90, batas_atas=120) == 90
    assert math.isnan(compute_capaian(100, None, batas_atas=120))


def test_mixed_polaritas_series():
    table = pd.DataFrame(
        {"target": [80.0, 10.0, 10.0], "realisasi": [75.5, 12.0, 8.0], "polaritas": ["positif", "negatif", "negatif"]},
        index=["a", "b", "c"],
    )
    result = compute_capaian(table["target"], table["realisasi"], table["polaritas"])
    assert result.tolist() == pytest.approx([94.375, 80.0, 120.0])
    assert list(result.index) == ["a", "b", "c"]


def test_series_in_series_out_index_preserved_input_not_mutated():
    target = pd.Series([0.8, 78.0, 0.0], index=[10, 20, 30])
    realisasi = pd.Series([0.75, 52.07, 1.0], index=[10, 20, 30])
    pol = pd.Series(["positif"] * 3, index=[10, 20, 30])
    before = [target.copy(), realisasi.copy(), pol.copy()]
    with pytest.warns(UserWarning):
        result = compute_capaian(target, realisasi, pol, batas_atas=120)
    assert isinstance(result, pd.Series) and list(result.index) == [10, 20, 30]
    for original, copy in zip([target, realisasi, pol], before):
        pd.testing.assert_series_equal(original, copy)
    levels = compute_predikat(result)
    assert isinstance(levels, pd.Series) and list(levels.index) == [10, 20, 30]
    assert levels.tolist() == ["Sangat Berhasil", "Cukup Berhasil", TANPA_PREDIKAT]
    bounds = compute_batas_realisasi(target, "Berhasil")
    assert list(bounds.index) == [10, 20, 30]


def test_scalar_target_with_series_realisasi():
    result = compute_capaian(10, pd.Series([5.0, 10.0], index=["x", "y"]))
    assert list(result.index) == ["x", "y"] and result.tolist() == [50.0, 100.0]


@given(
    target=st.floats(min_value=1e-300, max_value=1e300),
    realisasi=st.floats(min_value=0, max_value=1e300),
    polaritas=st.sampled_from(["positif", "negatif"]),
    rumus=st.sampled_from(list(RUMUS)),
)
@FAST
def test_never_inf(target, realisasi, polaritas, rumus):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = compute_capaian(target, realisasi, polaritas, rumus)
    assert not math.isinf(result)


# --- errors: every ArgumentError names its argument ------------------------------------------


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        (dict(target=10, realisasi=5, polaritas="naik"), "polaritas"),
        (dict(target=10, realisasi=5, polaritas=pd.Series(["positif", "x"])), "polaritas"),
        (dict(target=10, realisasi=5, polaritas="negatif", rumus="kuadrat"), "rumus"),
        (dict(target=pd.Series([1.0, 2.0]), realisasi=pd.Series([1.0, 2.0, 3.0])), "realisasi"),
        (dict(target="abc", realisasi=5), "target"),
        (dict(target=10, realisasi=pd.Series(["1", "abc"])), "realisasi"),
        (dict(target=10, realisasi=5, batas_atas="abc"), "batas_atas"),
    ],
)
def test_capaian_errors_name_the_argument(kwargs, argument):
    with pytest.raises(ArgumentError, match=f"'{argument}'"):
        compute_capaian(**kwargs)


def test_error_lists_valid_choices():
    with pytest.raises(ArgumentError, match="'positif', 'negatif'"):
        compute_capaian(10, 5, "naik")
    with pytest.raises(ArgumentError, match="'kondisi_khusus', 'rasio_terbalik'"):
        compute_capaian(10, 5, rumus="x")
    with pytest.raises(ArgumentError, match="'lkjip', 'lima_tingkat'"):
        compute_predikat(50, "tidak_ada")
    with pytest.raises(ArgumentError, match="'Sangat Berhasil', 'Berhasil'"):
        compute_batas_realisasi(10, "Luar Biasa")


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: compute_predikat("abc"), "capaian"),
        (lambda: compute_predikat(50, "tidak_ada"), "skala"),
        (lambda: compute_predikat(50, [("A", 50, True), ("B", 60, True)]), "skala"),
        (lambda: compute_predikat(50, [("A", 50, True), ("B", 50, False)]), "skala"),
        (lambda: compute_predikat(50, [("A", 50)]), "skala"),
        (lambda: compute_predikat(50, [("A", "x", True)]), "skala"),
        (lambda: compute_predikat(50, [("A", 50, True), ("A", 10, True)]), "skala"),
        (lambda: compute_predikat(50, []), "skala"),
        (lambda: compute_batas_realisasi(10, "Luar Biasa"), "predikat"),
        (lambda: compute_batas_realisasi(10, "Berhasil", "naik"), "polaritas"),
        (lambda: compute_batas_realisasi(10, "Berhasil", "negatif", rumus="x"), "rumus"),
        (lambda: compute_batas_realisasi("abc", "Berhasil"), "target"),
        (lambda: compute_batas_realisasi(pd.Series([1.0, 2.0]), "Berhasil", pd.Series(["positif"])), "polaritas"),
    ],
)
def test_other_errors_name_the_argument(call, argument):
    with pytest.raises(ArgumentError, match=f"'{argument}'"):
        call()


# --- predikat and scales ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (85.0001, "Sangat Berhasil"),
        (85, "Berhasil"),
        (70.0001, "Berhasil"),
        (70, "Cukup Berhasil"),
        (55.0001, "Cukup Berhasil"),
        (55, "Kurang Berhasil"),
        (0, "Kurang Berhasil"),
        (-20, "Kurang Berhasil"),
        (150, "Sangat Berhasil"),
        (float("nan"), TANPA_PREDIKAT),
        (None, TANPA_PREDIKAT),
    ],
)
def test_lkjip_boundaries(value, expected):
    assert compute_predikat(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (91, "Sangat Tinggi"),
        (90.999, "Tinggi"),
        (76, "Tinggi"),
        (75.999, "Sedang"),
        (66, "Sedang"),
        (65.999, "Rendah"),
        (51, "Rendah"),
        (50.999, "Sangat Rendah"),
    ],
)
def test_lima_tingkat_boundaries(value, expected):
    assert compute_predikat(value, "lima_tingkat") == expected


def test_daftar_skala():
    assert list_skala() == ["lkjip", "lima_tingkat"] == list(SKALA)


def test_user_scale_as_list_and_as_skala():
    levels = [("Lulus", 60, True), ("Remedial", 40, False), ("Gagal", -math.inf, True)]
    s = pd.Series([60, 59.9, 40, 40.1])
    expected = ["Lulus", "Remedial", "Gagal", "Remedial"]
    assert compute_predikat(s, levels).tolist() == expected
    assert compute_predikat(s, Skala(levels)).tolist() == expected
    assert compute_batas_realisasi(200, "Lulus", skala=levels) == 120


def test_user_scale_without_catch_all_level():
    assert compute_predikat(10, [("Baik", 50, True)]) == TANPA_PREDIKAT


@given(a=capaians, b=capaians, skala=st.sampled_from(list_skala()))
@FAST
def test_predikat_never_goes_down_when_capaian_rises(a, b, skala):
    low, high = sorted([a, b])
    order = SKALA[skala].predikat  # highest first
    assert order.index(compute_predikat(high, skala)) <= order.index(compute_predikat(low, skala))


# --- monotonicity of capaian -------------------------------------------------------------------


@given(target=targets, r1=values, r2=values)
@FAST
def test_capaian_rises_with_realisasi_for_positif(target, r1, r2):
    low, high = sorted([r1, r2])
    assert compute_capaian(target, low) <= compute_capaian(target, high)


@given(
    target=targets,
    r1=st.floats(min_value=1e-6, max_value=1e6),
    r2=st.floats(min_value=1e-6, max_value=1e6),
    rumus=st.sampled_from(list(RUMUS)),
)
@FAST
def test_capaian_falls_with_realisasi_for_negatif(target, r1, r2, rumus):
    low, high = sorted([r1, r2])
    assert compute_capaian(target, low, "negatif", rumus) >= compute_capaian(target, high, "negatif", rumus)


# --- batas_realisasi ---------------------------------------------------------------------------


def test_batas_values():
    assert compute_batas_realisasi(0.80, "Sangat Berhasil") == pytest.approx(0.68)
    assert compute_batas_realisasi(10, "Sangat Berhasil", "negatif") == pytest.approx(11.5)
    assert compute_batas_realisasi(10, "Sangat Berhasil", "negatif", rumus="rasio_terbalik") == pytest.approx(1000 / 85)
    assert compute_batas_realisasi(10, "Kurang Berhasil") == 0.0
    assert math.isnan(compute_batas_realisasi(10, "Kurang Berhasil", "negatif"))
    assert math.isnan(compute_batas_realisasi(0, "Berhasil"))
    assert math.isnan(compute_batas_realisasi(None, "Berhasil"))


def test_batas_exclusive_bound_itself_does_not_earn_the_predikat():
    assert compute_predikat(compute_capaian(0.80, compute_batas_realisasi(0.80, "Sangat Berhasil"))) == "Berhasil"


def _beyond(value, polaritas):
    step = abs(value) * 1e-9 + 1e-12
    return value + step if polaritas == "positif" else value - step


@given(
    target=targets,
    polaritas=st.sampled_from(["positif", "negatif"]),
    rumus=st.sampled_from(list(RUMUS)),
    skala=st.sampled_from(list_skala()),
    data=st.data(),
)
@FAST
def test_batas_round_trip(target, polaritas, rumus, skala, data):
    level, _bound, inclusive = data.draw(st.sampled_from(SKALA[skala].tingkat[:-1]))
    r = compute_batas_realisasi(target, level, polaritas, skala, rumus)
    assert math.isfinite(r)
    if inclusive:
        assert compute_predikat(compute_capaian(target, r, polaritas, rumus), skala) == level
    else:
        assert compute_predikat(compute_capaian(target, r, polaritas, rumus), skala) != level
        assert compute_predikat(compute_capaian(target, _beyond(r, polaritas), polaritas, rumus), skala) == level


def test_batas_vectorized_with_mixed_polaritas():
    result = compute_batas_realisasi(
        pd.Series([100.0, 10.0], index=["p", "n"]), "Berhasil", pd.Series(["positif", "negatif"])
    )
    assert list(result.index) == ["p", "n"] and result.tolist() == pytest.approx([70.0, 13.0])
