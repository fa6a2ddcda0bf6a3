"""Formulas: capaian kinerja, predikat and the realisasi each predikat needs, over scalars and Series.

Every function accepts scalars or pandas Series (scalars in: Python ``float``/``str`` out;
Series in: Series out carrying the index of the first Series argument). Series arguments are
combined by position and must have the same length. Inputs are never modified, a missing
value stays NaN (never 0) and no function returns ``inf``.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import ArgumentError
from .fmt import round_printed
from .schemas import POLARITAS
from .utils import choices

TANPA_PREDIKAT = "Tidak ada penilaian"
"""The predikat of a missing capaian."""


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


PRINTED_DECIMALS = 2
"""A capaian is graded as a report prints it: rounded to two decimals (85.000000001 is 85)."""
DI_LUAR_SKALA = "Di luar skala"
"""The predikat of a capaian that no level of the scale covers (a gap the scale leaves, e.g. exactly 100
when it says '> 100' and '80 < n < 100')."""


def _bound(value, default: float) -> float:
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass(frozen=True)
class Skala:
    """A predikat scale: levels ``(predikat, batas_bawah, inklusif_bawah[, batas_atas, inklusif_atas])``,
    highest first.

    A value earns the first level whose bounds hold: ``n >= batas_bawah`` (or ``>`` when not
    ``inklusif_bawah``) and, when a level has a ``batas_atas``, ``n <= batas_atas`` (or ``<``). A
    missing bound is unbounded. Lower bounds must strictly decrease. A value no level covers gets
    :data:`DI_LUAR_SKALA`; NaN gets :data:`TANPA_PREDIKAT`. ``dasar`` says what is graded: ``capaian``
    (percent of target) or ``nilai`` (the realisasi value itself, e.g. an SKM score).

    >>> Skala([("Lulus", 60, True), ("Tidak Lulus", None, True)]).predikat
    ('Lulus', 'Tidak Lulus')
    """

    tingkat: tuple
    dasar: str = "capaian"

    def __post_init__(self):
        try:
            levels = tuple(
                (str(level[0]), _bound(level[1], -math.inf), bool(level[2]),
                 _bound(level[3] if len(level) > 3 else None, math.inf), bool(level[4]) if len(level) > 4 else True)
                for level in self.tingkat
            )  # fmt: skip
        except (TypeError, ValueError, IndexError):
            raise ArgumentError(
                "argumen 'skala' harus daftar (predikat, batas_bawah, inklusif_bawah[, batas_atas, inklusif_atas]) "
                "dengan batas berupa angka"
            ) from None
        lower = [lo for _, lo, _, _, _ in levels]
        if not levels:
            raise ArgumentError("argumen 'skala' kosong; beri minimal satu (predikat, batas_bawah, inklusif_bawah)")
        if any(x <= y for x, y in itertools.pairwise(lower)) or any(lo > up for _, lo, _, up, _ in levels):
            raise ArgumentError(
                f"argumen 'skala': batas_bawah harus menurun tegas dari predikat tertinggi ke terendah dan tidak "
                f"melebihi batas_atas; ditemukan {lower}"
            )
        if len({p for p, *_ in levels}) != len(levels):
            raise ArgumentError("argumen 'skala': nama predikat tidak boleh ganda")
        object.__setattr__(self, "tingkat", levels)

    @property
    def predikat(self) -> tuple[str, ...]:
        """The predikat names, highest first."""
        return tuple(p for p, *_ in self.tingkat)

    def gaps(self) -> list[float]:
        """Bounds that no level covers (e.g. 100 in '> 100' above '80 < n < 100').

        >>> Skala([("A", 100, False), ("B", 80, False, 100, False)]).gaps()
        [100.0, 80.0]
        """
        bounds = sorted({b for _, lo, _, up, _ in self.tingkat for b in (lo, up) if math.isfinite(b)}, reverse=True)
        return [b for b in bounds if compute_predikat(b, self) == DI_LUAR_SKALA]


SKALA: dict[str, Skala] = {
    # Permendagri 86/2017 (evaluasi RPJMD/Renstra): the default when an agency declares no scale.
    # Five levels read by their lower bounds: 91 is Sangat Tinggi, 90.99 Tinggi.
    "lima_tingkat": Skala(
        [
            ("Sangat Tinggi", 91, True),
            ("Tinggi", 76, True),
            ("Sedang", 66, True),
            ("Rendah", 51, True),
            ("Sangat Rendah", None, True),
        ]
    ),
    # PermenPAN-RB 14/2017, mutu pelayanan of a Survei Kepuasan Masyarakat score (not a capaian).
    "skm": Skala(
        [
            ("A (Sangat Baik)", 88.31, True),
            ("B (Baik)", 76.61, True, 88.30, True),
            ("C (Kurang Baik)", 65.00, True, 76.60, True),
            ("D (Tidak Baik)", 25.00, True, 64.99, True),
        ],
        dasar="nilai",
    ),
}
SKALA_BAKU = "lima_tingkat"
"""The scale used when an agency's data declares none."""


def list_skala() -> list[str]:
    """The names of the built-in scales.

    >>> list_skala()
    ['lima_tingkat', 'skm']
    """
    return list(SKALA)


def resolve_skala(skala) -> Skala:
    """A :class:`Skala` from a name of :data:`SKALA`, a Skala, or a list of levels.

    >>> resolve_skala("lima_tingkat").predikat[:2], resolve_skala([("Baik", 80, True), ("Kurang", None, True)]).predikat
    (('Sangat Tinggi', 'Tinggi'), ('Baik', 'Kurang'))
    """
    if isinstance(skala, Skala):
        return skala
    if skala is None:
        return SKALA[SKALA_BAKU]
    if isinstance(skala, str):
        if skala not in SKALA:
            raise ArgumentError(f"argumen 'skala' tidak dikenal: '{skala}'; pilihan: {choices(SKALA)}")
        return SKALA[skala]
    return Skala(skala)


def _grade(n: np.ndarray, levels) -> np.ndarray:
    n = round_printed(n, PRINTED_DECIMALS)
    with np.errstate(invalid="ignore"):
        conditions = [((n >= lo) if li else (n > lo)) & ((n <= up) if ui else (n < up)) for _, lo, li, up, ui in levels]
    out = np.select(conditions, [p for p, *_ in levels], default=DI_LUAR_SKALA)
    return np.where(np.isnan(n), TANPA_PREDIKAT, out)


def compute_predikat(capaian, skala=None):
    """The predikat a capaian earns on ``skala`` (a name, a :class:`Skala` or a list of levels;
    default :data:`SKALA_BAKU`), graded as printed (two decimals).

    >>> berhasil = [("Sangat Berhasil", 85, False), ("Berhasil", 70, False, 85, True), ("Kurang", None, True, 70, True)]
    >>> compute_predikat(93.75, berhasil), compute_predikat(85.000000001, berhasil), compute_predikat(float("nan"))
    ('Sangat Berhasil', 'Berhasil', 'Tidak ada penilaian')
    >>> compute_predikat(pd.Series([91, 90.9]), "lima_tingkat").tolist()
    ['Sangat Tinggi', 'Tinggi']
    >>> compute_predikat(92.93, "skm"), compute_predikat(100, [("Sangat Baik", 100, False), ("Baik", 80, False, 100, False)])
    ('A (Sangat Baik)', 'Di luar skala')
    """
    levels = resolve_skala(skala).tingkat
    a, index = _broadcast(capaian=capaian)
    return _output(_grade(a["capaian"], levels), index, "predikat")


def _words(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(text).lower()).strip()


def predikat_forms(predikat: str) -> set[str]:
    """The ways a document prints one predikat level: its name, the name without what stands in brackets,
    the bracketed abbreviation and the initials, compared case- and punctuation-insensitively.

    >>> sorted(predikat_forms("Sangat Baik (SB)"))
    ['sangat baik', 'sangat baik sb', 'sb']
    >>> sorted(predikat_forms("Baik"))
    ['b', 'baik']
    """
    name = str(predikat)
    bare = re.sub(r"\(.*?\)", " ", name)
    forms = {_words(name), _words(bare)}
    forms |= {_words(inner) for inner in re.findall(r"\((.*?)\)", name)}
    words = _words(bare).split()
    if len(words) > 1 or (words and len(words[0]) > 1):
        forms.add("".join(w[0] for w in words))
    return {f for f in forms if f}


def same_predikat(printed, level) -> bool:
    """Whether a printed predikat names the scale level ``level`` (any of :func:`predikat_forms`).

    >>> same_predikat("SANGAT BAIK", "Sangat Baik (SB)"), same_predikat("SB", "Sangat Baik"), same_predikat("B", "Sangat Baik")
    (True, True, False)
    """
    return bool(predikat_forms(printed) & predikat_forms(level))


def decimals_of(values) -> int:
    """The most decimals any of ``values`` is written with (0.75 -> 2, 86 -> 0), at most 6.

    >>> decimals_of([0.8, 0.75, 86])
    2
    """
    best = 0
    for value in np.ravel(np.asarray(values, dtype=float)):
        if np.isfinite(value):
            text = f"{value:.6f}".rstrip("0")
            best = max(best, len(text.split(".")[1]) if "." in text else 0)
    return best


def compute_batas_realisasi(target, predikat, polaritas="positif", skala=None, rumus=None, desimal=None):
    """The realisasi that just reaches ``predikat``: the smallest (positif) or largest (negatif)
    value at the data's precision (``desimal`` decimals; default: those of ``target``) whose capaian,
    graded as printed, earns ``predikat``.

    So ``compute_predikat(compute_capaian(t, r), skala) == predikat`` holds for every returned ``r``,
    and one step of precision less does not reach it. A level without a lower bound (the lowest) has
    no such realisasi: NaN, as for target 0, a level no realisasi reaches at that precision, or a scale
    graded on the value itself (``dasar="nilai"``).

    >>> berhasil = [("Sangat Berhasil", 85, False), ("Berhasil", 70, False, 85, True), ("Kurang", None, True, 70, True)]
    >>> compute_batas_realisasi(0.80, "Sangat Berhasil", skala=berhasil, desimal=2)
    0.69
    >>> compute_batas_realisasi(10, "Sangat Berhasil", "negatif", skala=berhasil, desimal=1)
    11.4
    >>> compute_batas_realisasi(pd.Series([100.0, 80.0]), "Tinggi", skala="lima_tingkat").tolist()
    [76.0, 61.0]
    """
    skala = resolve_skala(skala)
    if predikat not in skala.predikat:
        raise ArgumentError(f"argumen 'predikat' tidak dikenal: '{predikat}'; pilihan: {choices(skala.predikat)}")
    _, c, _, _, _ = skala.tingkat[skala.predikat.index(predikat)]
    rumus = _check_rumus(rumus)
    a, index = _broadcast(target=target, polaritas=polaritas)
    t, positif = a["target"], a["polaritas"] == "positif"
    d = decimals_of(target) if desimal is None else int(desimal)
    q = 10.0**-d
    if not math.isfinite(c) or skala.dasar != "capaian":
        return _output(np.full(np.shape(t), np.nan), index, "batas_realisasi")
    # the raw capaian from which the printed one (half up, two decimals) reaches the bound
    half = 0.5 * 10.0**-PRINTED_DECIMALS
    threshold = c - half if skala.tingkat[skala.predikat.index(predikat)][2] else c + half
    level = skala.predikat.index(predikat)
    with np.errstate(all="ignore"):
        exact = np.where(positif, _INVERSE["positif"](t, threshold), _INVERSE[rumus](t, threshold))
        # start two steps on the near side of the exact bound, then walk to the first value that earns it
        r = np.where(positif, np.floor(exact / q) * q - 2 * q, np.ceil(exact / q) * q + 2 * q)
        step = np.where(positif, q, -q)
        reached = np.zeros(np.shape(r), dtype=bool)
        found = np.full(np.shape(r), np.nan)
        for _ in range(6):
            candidate = np.round(r, d)
            grade = _grade(_raw_capaian(t, candidate, positif, rumus), skala.tingkat)
            hit = (grade == predikat) & ~reached
            found = np.where(hit, candidate, found)
            reached |= hit | _is_above(grade, level, skala)
            r = r + step
    found = np.where((t == 0) | ~np.isfinite(t) | (found < 0), np.nan, found)
    return _output(found, index, "batas_realisasi")


def _is_above(grade: np.ndarray, level: int, skala: Skala) -> np.ndarray:
    """Grades higher than ``level`` (walking further cannot reach ``level`` any more)."""
    higher = list(skala.predikat[:level])
    return np.isin(grade, higher)
