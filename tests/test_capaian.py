"""Tests of lkjip_analysis.capaian: source values, scale boundaries, errors, vectorization, properties."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_analysis import ArgumentError, load_skala
from lkjip_analysis.capaian import (
    DI_LUAR_SKALA,
    RUMUS,
    SKALA,
    TANPA_PREDIKAT,
    Skala,
    compute_batas_realisasi,
    compute_capaian,
    compute_predikat,
    list_skala,
)
from lkjip_analysis.declarations import scale_for

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
    levels = compute_predikat(result, "lima_tingkat")
    assert isinstance(levels, pd.Series) and list(levels.index) == [10, 20, 30]
    assert levels.tolist() == ["Sangat Tinggi", "Sedang", TANPA_PREDIKAT]
    bounds = compute_batas_realisasi(target, "Tinggi", skala="lima_tingkat")
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
    with pytest.raises(ArgumentError, match="'lima_tingkat', 'skm'"):
        compute_predikat(50, "tidak_ada")
    with pytest.raises(ArgumentError, match="'Sangat Tinggi', 'Tinggi'"):
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
        (lambda: compute_batas_realisasi(10, "Tinggi", "naik"), "polaritas"),
        (lambda: compute_batas_realisasi(10, "Tinggi", "negatif", rumus="x"), "rumus"),
        (lambda: compute_batas_realisasi("abc", "Tinggi"), "target"),
        (lambda: compute_batas_realisasi(pd.Series([1.0, 2.0]), "Tinggi", pd.Series(["positif"])), "polaritas"),
    ],
)
def test_other_errors_name_the_argument(call, argument):
    with pytest.raises(ArgumentError, match=f"'{argument}'"):
        call()


# --- predikat and scales ---------------------------------------------------------------------
# The scales as the source documents print them (data/raw/skala*.csv).
SURAKARTA = scale_for(load_skala(), "BKPSDM Kota Surakarta", 2023)  # n > 85; 70 < n <= 85; 55 < n <= 70; n < 55
BKPD = scale_for(load_skala(), "Badan Ketahanan Pangan Daerah Provinsi Jawa Barat", 2016)  # > 100; 80-100; 50-80
SCALES = {"surakarta": SURAKARTA, "bkpd": BKPD, "lima_tingkat": SKALA["lima_tingkat"]}


def test_scales_from_the_documents():
    assert SURAKARTA.predikat == ("Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Kurang Berhasil")
    assert BKPD.predikat == ("Sangat Baik", "Baik", "Cukup", "Kurang")


@pytest.mark.parametrize(
    "value, expected",
    [
        (85.01, "Sangat Berhasil"),
        (85, "Berhasil"),
        (85.004, "Berhasil"),  # graded as printed: 85,00
        (85.005, "Sangat Berhasil"),  # printed 85,01
        (70.01, "Berhasil"),
        (70, "Cukup Berhasil"),
        (55.01, "Cukup Berhasil"),
        (55, DI_LUAR_SKALA),  # the source leaves 55 itself unassigned ("n < 55", "55 < n")
        (54.99, "Kurang Berhasil"),
        (-20, "Kurang Berhasil"),
        (150, "Sangat Berhasil"),
        (float("nan"), TANPA_PREDIKAT),
        (None, TANPA_PREDIKAT),
    ],
)
def test_surakarta_boundaries(value, expected):
    assert compute_predikat(value, SURAKARTA) == expected


def test_floating_point_noise_does_not_change_the_predikat():
    value = compute_capaian(0.10, 0.115, "negatif")
    assert value == pytest.approx(85) and value > 85  # 85.00000000000001
    assert compute_predikat(value, SURAKARTA) == "Berhasil"


@pytest.mark.parametrize("value, expected", [(100, DI_LUAR_SKALA), (100.01, "Sangat Baik"), (99.99, "Baik"),
                                             (80, DI_LUAR_SKALA), (50, DI_LUAR_SKALA), (49, "Kurang")])  # fmt: skip
def test_bkpd_scale_leaves_its_bounds_unassigned(value, expected):
    assert compute_predikat(value, BKPD) == expected
    assert BKPD.gaps() == [100.0, 80.0, 50.0]


@pytest.mark.parametrize("value, expected", [(92.93, "A (Sangat Baik)"), (88.31, "A (Sangat Baik)"),
                                             (88.30, "B (Baik)"), (76.61, "B (Baik)"), (65, "C (Kurang Baik)"),
                                             (64.99, "D (Tidak Baik)"), (20, DI_LUAR_SKALA)])  # fmt: skip
def test_skm_mutu_scale(value, expected):
    assert compute_predikat(value, "skm") == expected
    assert SKALA["skm"].dasar == "nilai"


@pytest.mark.parametrize(
    "value, expected",
    [(91, "Sangat Tinggi"), (90.99, "Tinggi"), (76, "Tinggi"), (75.99, "Sedang"), (66, "Sedang"),
     (65.99, "Rendah"), (51, "Rendah"), (50.99, "Sangat Rendah")],
)  # fmt: skip
def test_lima_tingkat_boundaries(value, expected):
    assert compute_predikat(value, "lima_tingkat") == expected
    assert compute_predikat(value) == expected  # the default scale


def test_list_skala():
    assert list_skala() == ["lima_tingkat", "skm"] == list(SKALA)


def test_user_scale_as_list_and_as_skala():
    levels = [("Lulus", 60, True), ("Remedial", 40, False), ("Gagal", None, True)]
    s = pd.Series([60, 59.9, 40, 40.1])
    expected = ["Lulus", "Remedial", "Gagal", "Remedial"]
    assert compute_predikat(s, levels).tolist() == expected
    assert compute_predikat(s, Skala(levels)).tolist() == expected
    assert compute_batas_realisasi(200, "Lulus", skala=levels) == 120


def test_user_scale_without_catch_all_level():
    assert compute_predikat(10, [("Baik", 50, True)]) == DI_LUAR_SKALA


@given(a=capaians, b=capaians, skala=st.sampled_from(sorted(SCALES)))
@FAST
def test_predikat_never_goes_down_when_capaian_rises(a, b, skala):
    low, high = sorted([a, b])
    scale = SCALES[skala]
    order = [*scale.predikat, DI_LUAR_SKALA]
    grade_low, grade_high = compute_predikat(low, scale), compute_predikat(high, scale)
    if DI_LUAR_SKALA not in (grade_low, grade_high):
        assert order.index(grade_high) <= order.index(grade_low)


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
    assert compute_batas_realisasi(0.80, "Sangat Berhasil", skala=SURAKARTA, desimal=2) == 0.69  # 0,68 gives 85,00
    assert compute_batas_realisasi(0.80, "Berhasil", skala=SURAKARTA, desimal=2) == 0.57  # 0,56 gives 70,00
    assert compute_batas_realisasi(10, "Sangat Berhasil", "negatif", SURAKARTA, desimal=1) == 11.4
    assert compute_batas_realisasi(10, "Sangat Berhasil", "negatif", SURAKARTA, "rasio_terbalik", desimal=2) == 11.76
    assert compute_batas_realisasi(93, "Berhasil", skala=SURAKARTA, desimal=0) == 66  # 65 gives 69,89
    assert math.isnan(compute_batas_realisasi(10, "Kurang Berhasil", skala=SURAKARTA))  # no lower bound
    assert math.isnan(compute_batas_realisasi(0, "Berhasil", skala=SURAKARTA))
    assert math.isnan(compute_batas_realisasi(None, "Berhasil", skala=SURAKARTA))
    assert math.isnan(compute_batas_realisasi(90, "B (Baik)", skala="skm"))  # graded on the value itself


@pytest.mark.parametrize("skala", sorted(SCALES))
@pytest.mark.parametrize("polaritas, rumus", [("positif", None), ("negatif", "kondisi_khusus"),
                                              ("negatif", "rasio_terbalik")])  # fmt: skip
def test_batas_reaches_its_predikat_on_a_grid(skala, polaritas, rumus):
    """predikat(capaian(t, batas(t, p))) == p for every target of a grid and every predikat with a lower
    bound, and one step of precision less does not reach p."""
    scale = SCALES[skala]
    grid = [0.1, 0.115, 0.25, 0.8, 1, 1.85, 3.48, 7, 10, 24.05, 33, 68.58, 75, 80, 86, 93, 100, 450, 1280, 5859]
    checked = 0
    for target in grid:
        for level, lower, *_ in scale.tingkat:
            if not math.isfinite(lower):
                continue
            for desimal in (0, 2):
                r = compute_batas_realisasi(target, level, polaritas, scale, rumus, desimal=desimal)
                if math.isnan(r):
                    continue  # no realisasi at this precision reaches the level
                assert compute_predikat(compute_capaian(target, r, polaritas, rumus), scale) == level
                step = 10.0**-desimal
                closer = r - step if polaritas == "positif" else r + step
                assert compute_predikat(compute_capaian(target, closer, polaritas, rumus), scale) != level
                checked += 1
    assert checked > len(grid)


def test_batas_vectorized_with_mixed_polaritas():
    result = compute_batas_realisasi(
        pd.Series([100.0, 10.0], index=["p", "n"]), "Berhasil", pd.Series(["positif", "negatif"]), SURAKARTA, desimal=2
    )
    assert list(result.index) == ["p", "n"] and result.tolist() == pytest.approx([70.01, 12.99])
