"""Formulas: capaian kinerja, predikat and the realisasi each predikat needs, over scalars and Series.

Every function accepts scalars or pandas Series (scalars in: Python ``float``/``str`` out;
Series in: Series out carrying the index of the first Series argument). Series arguments are
combined by position and must have the same length. Inputs are never modified, a missing
value stays NaN (never 0) and no function returns ``inf``.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import ArgumentError
from .schemas import POLARITAS
from .utils import choices

TANPA_PREDIKAT = "Tidak ada penilaian"


def kondisi_khusus(target, realisasi):
    """Negatif (lower is better), PermenPAN-RB form: ``(2 - realisasi / target) * 100``.

    Falls below 0 once realisasi exceeds twice the target (not clipped).

    >>> kondisi_khusus(10, 12)
    80.0
    """
    return (2 - realisasi / target) * 100


def rasio_terbalik(target, realisasi):
    """Negatif (lower is better), inverse ratio: ``target / realisasi * 100`` (realisasi 0 gives NaN).

    >>> round(rasio_terbalik(10, 12), 2)
    83.33
    """
    return target / realisasi * 100


RUMUS = {"kondisi_khusus": kondisi_khusus, "rasio_terbalik": rasio_terbalik}
"""Formulas for negatif indicators, name -> function(target, realisasi)."""
RUMUS_BAKU = "kondisi_khusus"
# inverse of each formula: the realisasi giving capaian c
_INVERSE = {
    "positif": lambda t, c: t * c / 100,
    "kondisi_khusus": lambda t, c: t * (2 - c / 100),
    "rasio_terbalik": lambda t, c: t * 100 / c if c > 0 else np.full_like(t, np.nan),  # c <= 0: no limit
}


def _as_float(value, name: str) -> pd.Series:
    """``value`` as a float Series; ArgumentError naming ``name`` for text that is not a number."""
    s = value if isinstance(value, pd.Series) else pd.Series([value] if np.ndim(value) == 0 else list(value))
    num = pd.to_numeric(s, errors="coerce")
    bad = s[num.isna() & s.notna()]
    if len(bad):
        raise ArgumentError(f"argumen '{name}' harus berupa angka; nilai bukan angka: {choices(bad.unique()[:5])}")
    return num.astype("float64")


def _broadcast(**args) -> tuple[dict[str, np.ndarray], pd.Index | None]:
    """Arrays of every argument (0-d for scalars) and the index of the first Series."""
    index, first, arrays = None, None, {}
    for name, value in args.items():
        is_series = isinstance(value, pd.Series) or np.ndim(value) > 0
        if name == "polaritas":
            arr = np.asarray(value, dtype=object)
        else:
            arr = _as_float(value, name).to_numpy(dtype=float, na_value=np.nan)
            arr = arr if is_series else arr.reshape(())
        if is_series:
            if first is None:
                index, first = (value.index if isinstance(value, pd.Series) else pd.RangeIndex(len(arr))), name
            elif len(arr) != len(index):
                raise ArgumentError(
                    f"argumen '{name}' berisi {len(arr)} nilai, sedangkan '{first}' berisi "
                    f"{len(index)}; Series harus sama panjang"
                )
        arrays[name] = arr
    bad = sorted({str(p) for p in np.ravel(arrays["polaritas"])} - set(POLARITAS)) if "polaritas" in arrays else []
    if bad:
        raise ArgumentError(f"argumen 'polaritas' tidak dikenal: {choices(bad)}; pilihan: {choices(POLARITAS)}")
    return arrays, index


def _check_rumus(rumus) -> str:
    if rumus is None:
        return RUMUS_BAKU
    if rumus not in RUMUS:
        raise ArgumentError(f"argumen 'rumus' tidak dikenal: '{rumus}'; pilihan: {choices(RUMUS)}")
    return rumus


def _output(values, index, name: str):
    if index is None:
        value = np.asarray(values).item()
        return float(value) if name != "predikat" else str(value)
    return pd.Series(np.broadcast_to(values, len(index)).copy(), index=index, name=name)


def _raw_capaian(t, r, positif, rumus: str):
    """Raw capaian; NaN where undefined (target 0, realisasi 0 under rasio_terbalik, overflow)."""
    with np.errstate(all="ignore"):
        hasil = np.where(positif, r / t * 100, RUMUS[rumus](t, r))
    return np.where(np.isfinite(hasil), hasil, np.nan)


def compute_capaian(target, realisasi, polaritas="positif", rumus=None, batas_atas=None):
    """Capaian (%) of realisasi against target.

    positif: ``realisasi / target * 100``. negatif: ``RUMUS[rumus]`` (default
    ``"kondisi_khusus"``; ``rumus`` is ignored for positif rows). ``polaritas`` may be a Series
    (one per row). Missing realisasi gives NaN; target 0 gives NaN with a ``UserWarning``
    (as does realisasi 0 under ``rasio_terbalik``). ``batas_atas`` caps the result (default: none).

    >>> compute_capaian(0.80, 0.75), round(compute_capaian(78, 52.07), 2), round(compute_capaian(23.05, 32.44), 2)
    (93.75, 66.76, 140.74)
    >>> compute_capaian(10, 12, "negatif"), round(compute_capaian(10, 12, "negatif", rumus="rasio_terbalik"), 2)
    (80.0, 83.33)
    >>> compute_capaian(pd.Series([80.0, 10.0]), pd.Series([75.5, 12.0]), pd.Series(["positif", "negatif"])).tolist()
    [94.375, 80.0]
    """
    rumus = _check_rumus(rumus)
    a, index = _broadcast(target=target, realisasi=realisasi, polaritas=polaritas)
    t, r, positif = a["target"], a["realisasi"], a["polaritas"] == "positif"
    nol = np.broadcast_to(t == 0, np.broadcast(t, r, positif).shape)
    if nol.any():
        warnings.warn(
            f"{int(nol.sum())} nilai target bernilai 0; capaiannya tidak dapat dihitung (NaN)",
            UserWarning,
            stacklevel=2,
        )
    if rumus == "rasio_terbalik":
        nol_r = (r == 0) & ~positif & (t != 0)
        if np.any(nol_r):
            warnings.warn(
                f"{int(np.sum(nol_r))} nilai realisasi bernilai 0 pada rumus 'rasio_terbalik'; "
                "capaiannya tidak dapat dihitung (NaN)",
                UserWarning,
                stacklevel=2,
            )
    hasil = _raw_capaian(t, r, positif, rumus)
    if batas_atas is not None:
        batas = _as_float(batas_atas, "batas_atas").iloc[0] if np.ndim(batas_atas) == 0 else np.nan
        if not np.isfinite(batas):
            raise ArgumentError(f"argumen 'batas_atas' harus satu angka, bukan '{batas_atas}'")
        hasil = np.minimum(hasil, batas)
    return _output(hasil, index, "capaian")


@dataclass(frozen=True)
class Skala:
    """A predikat scale: levels ``(predikat, batas_bawah, inklusif_bawah)``, highest first.

    A capaian earns the first level it reaches: ``n >= batas_bawah`` when ``inklusif_bawah``,
    else ``n > batas_bawah``. Bounds must strictly decrease; give the lowest level ``-inf`` to
    catch every value (values below every bound, and NaN, get "Tidak ada penilaian").

    >>> Skala([("Lulus", 60, True), ("Tidak Lulus", -math.inf, True)]).predikat
    ('Lulus', 'Tidak Lulus')
    """

    tingkat: tuple

    def __post_init__(self):
        try:
            levels = tuple((str(p), float(b), bool(i)) for p, b, i in self.tingkat)
        except (TypeError, ValueError):
            raise ArgumentError(
                "argumen 'skala' harus daftar (predikat, batas_bawah, inklusif_bawah) dengan batas_bawah berupa angka"
            ) from None
        bounds = [b for _, b, _ in levels]
        if not levels:
            raise ArgumentError("argumen 'skala' kosong; beri minimal satu (predikat, batas_bawah, inklusif_bawah)")
        if any(math.isnan(b) for b in bounds) or any(x <= y for x, y in itertools.pairwise(bounds)):
            raise ArgumentError(
                f"argumen 'skala': batas_bawah harus angka yang menurun tegas, dari predikat "
                f"tertinggi ke terendah; ditemukan {bounds}"
            )
        if len({p for p, _, _ in levels}) != len(levels):
            raise ArgumentError("argumen 'skala': name predikat tidak boleh ganda")
        object.__setattr__(self, "tingkat", levels)

    @property
    def predikat(self) -> tuple[str, ...]:
        """The predikat names, highest first."""
        return tuple(p for p, _, _ in self.tingkat)


SKALA: dict[str, Skala] = {
    # Tabel 3.1 of the LKjIP. The source writes "n < 55" for Kurang Berhasil and so leaves 55
    # itself unassigned; here 55 is Kurang Berhasil (Cukup Berhasil needs n > 55).
    "lkjip": Skala(
        [
            ("Sangat Berhasil", 85, False),
            ("Berhasil", 70, False),
            ("Cukup Berhasil", 55, False),
            ("Kurang Berhasil", -math.inf, True),
        ]
    ),
    # five levels, lower bound included: 91 is Sangat Tinggi, 90.99 Tinggi.
    "lima_tingkat": Skala(
        [
            ("Sangat Tinggi", 91, True),
            ("Tinggi", 76, True),
            ("Sedang", 66, True),
            ("Rendah", 51, True),
            ("Sangat Rendah", -math.inf, True),
        ]
    ),
}


def list_skala() -> list[str]:
    """The names of the shipped scales.

    >>> list_skala()
    ['lkjip', 'lima_tingkat']
    """
    return list(SKALA)


def resolve_skala(skala) -> Skala:
    if isinstance(skala, Skala):
        return skala
    if isinstance(skala, str):
        if skala not in SKALA:
            raise ArgumentError(f"argumen 'skala' tidak dikenal: '{skala}'; pilihan: {choices(SKALA)}")
        return SKALA[skala]
    return Skala(skala)


def compute_predikat(capaian, skala="lkjip"):
    """The predikat a capaian earns on ``skala`` (a name, a :class:`Skala` or a list of levels).

    >>> compute_predikat(93.75), compute_predikat(85), compute_predikat(55), compute_predikat(float("nan"))
    ('Sangat Berhasil', 'Berhasil', 'Kurang Berhasil', 'Tidak ada penilaian')
    >>> compute_predikat(pd.Series([91, 90.9]), "lima_tingkat").tolist()
    ['Sangat Tinggi', 'Tinggi']
    """
    levels = resolve_skala(skala).tingkat
    a, index = _broadcast(capaian=capaian)
    n = a["capaian"]
    with np.errstate(invalid="ignore"):
        conditions = [n >= b if inklusif else n > b for _, b, inklusif in levels]
    hasil = np.select(conditions, [p for p, _, _ in levels], default=TANPA_PREDIKAT)
    return _output(hasil, index, "predikat")


def compute_batas_realisasi(target, predikat, polaritas="positif", skala="lkjip", rumus=None):
    """The realisasi at the lower bound of ``predikat``: lowest (positif) / highest (negatif).

    Contract: for an inclusive bound the returned realisasi itself earns ``predikat``; for an
    exclusive bound (e.g. Sangat Berhasil, n > 85) it gives exactly the bound, which does NOT earn
    it: realisasi must be strictly beyond it (greater for positif, smaller for negatif). Values are
    adjusted to the last floating-point bit so this holds under :func:`compute_capaian`. A level without a
    finite bound (the lowest) gives 0 for positif and NaN (no limit) for negatif; target 0 or an
    unreachable bound gives NaN.

    >>> compute_batas_realisasi(0.80, "Sangat Berhasil"), compute_batas_realisasi(10, "Sangat Berhasil", "negatif")
    (0.68, 11.5)
    >>> compute_batas_realisasi(pd.Series([100.0, 80.0]), "Tinggi", skala="lima_tingkat").tolist()
    [76.0, 60.8]
    """
    skala = resolve_skala(skala)
    if predikat not in skala.predikat:
        raise ArgumentError(f"argumen 'predikat' tidak dikenal: '{predikat}'; pilihan: {choices(skala.predikat)}")
    _, c, inklusif = skala.tingkat[skala.predikat.index(predikat)]
    rumus = _check_rumus(rumus)
    a, index = _broadcast(target=target, polaritas=polaritas)
    t, positif = a["target"], a["polaritas"] == "positif"
    with np.errstate(all="ignore"):
        r = np.where(positif, _INVERSE["positif"](t, c), _INVERSE[rumus](t, c))
    r = np.where(t == 0, np.nan, r)
    tepat = np.isfinite(r) & (r >= 0)
    naik = np.where(positif, np.inf, -np.inf)  # the direction in which capaian rises
    for _ in range(200):  # floating-point fix-up: a few ulps at most
        n = _raw_capaian(t, r, positif, rumus)
        salah = tepat & ((n < c) if inklusif else (n > c))
        if not salah.any():
            break
        r = np.where(salah, np.nextafter(r, naik if inklusif else -naik), r)
    r = np.where(positif & ~(r >= 0) & ~np.isnan(t) & (t != 0), 0.0, r)
    r = np.where(np.isfinite(r) & (r >= 0), r, np.nan)
    return _output(r, index, "batas_realisasi")
