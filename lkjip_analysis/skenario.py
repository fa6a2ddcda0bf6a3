"""What-if target scenarios: change targets or realisasi and compare capaian and predikat.

A scenario is a list of changes (a Python list of dicts, a mapping with key ``perubahan``,
or a YAML file with the same shape, read by :func:`read_skenario`). Each change names

- ``indikator``: one ``kode_indikator``, a list of them, or ``"*"`` for every indicator;
- ``tahun`` (optional): the year it applies to, default the latest measured year; a year not
  in the data adds that year's rows (targets only, realisasi empty);
- one or more fields: ``target`` / ``realisasi`` (set a value) or ``target_persen`` /
  ``realisasi_persen`` (change by that percentage).

Example YAML::

    perubahan:
      - indikator: indeks_merit
        realisasi: 0.82
      - indikator: [ipp, skm]
        target_persen: 10
      - indikator: ipp
        tahun: 2024
        target: 82
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .capaian import compute_capaian
from .errors import ScenarioError
from .indikator import grade, tabulate_capaian

FIELDS = {"target", "realisasi", "target_persen", "realisasi_persen"}
KEYS = {"indikator", "tahun", "instansi"} | FIELDS


def read_skenario(path: str | os.PathLike) -> list[dict]:
    """Read a scenario from a YAML file (safe loading).

    >>> from lkjip_analysis.config import NOTEBOOKS_DIR
    >>> read_skenario(NOTEBOOKS_DIR / "skenario_contoh.yaml")[0]
    {'indikator': 'indeks_merit', 'tahun': 2023, 'realisasi': 0.7}
    """
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"berkas skenario tidak ditemukan: {path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{path}: YAML tidak dapat dibaca: {err}") from None
    return _changes(data, str(path))


def _changes(skenario, where: str = "skenario") -> list[dict]:
    if isinstance(skenario, (str, os.PathLike)):
        return read_skenario(skenario)
    if isinstance(skenario, Mapping):
        skenario = skenario.get("perubahan", None) if "perubahan" in skenario else [skenario]
    if not isinstance(skenario, list) or not all(isinstance(c, Mapping) for c in skenario):
        raise ScenarioError(f"{where}: harus daftar perubahan (mapping dengan kunci 'perubahan' berisi daftar)")
    return [dict(c) for c in skenario]


def _fail(where, i, text):
    raise ScenarioError(f"{where}, perubahan ke-{i}: {text}")


def apply_skenario(indikator: pd.DataFrame, perubahan, skala=None, rumus: str | None = None) -> pd.DataFrame:
    """Apply ``perubahan`` to the indicators of :func:`~lkjip_analysis.indikator.tabulate_capaian` (every
    measured indicator and every PK indicator, with or without realisasi; targets on the PK basis) and
    return baseline and scenario side by side. ``skala`` as in ``tabulate_capaian``.

    >>> from lkjip_analysis import load_indikator, load_skala
    >>> ind = load_indikator().query("instansi == 'BKPSDM Kota Surakarta'")
    >>> s = apply_skenario(ind, [{"indikator": "indeks_merit", "realisasi": 0.70}], load_skala())
    >>> r = s.query("kode_indikator == 'indeks_merit' and tahun == 2023").iloc[0]
    >>> float(r.capaian_awal), r.predikat_awal, float(r.capaian_skenario), r.predikat_skenario
    (93.75, 'Sangat Berhasil', 87.5, 'Sangat Berhasil')
    >>> int(s["berubah"].sum())
    1
    """
    where = str(perubahan) if isinstance(perubahan, (str, os.PathLike)) else "skenario"
    changes = _changes(perubahan)
    base = tabulate_capaian(indikator, skala, rumus)
    codes = sorted(base["kode_indikator"].unique())
    years = sorted(int(y) for y in base["tahun"].unique())
    latest = years[-1] if years else None
    scen = base.copy()
    for i, change in enumerate(changes, start=1):
        unknown = set(change) - KEYS
        if unknown:
            _fail(where, i, f"kolom tidak dikenal {sorted(unknown)}; pilihan: {sorted(KEYS)}")
        fields = FIELDS & set(change)
        if not fields:
            _fail(where, i, f"tidak ada yang diubah; isi salah satu dari {sorted(FIELDS)}")
        wanted = change.get("indikator", "*")
        wanted = codes if wanted == "*" else [wanted] if isinstance(wanted, str) else list(wanted)
        bad = [w for w in wanted if w not in codes]
        if bad:
            _fail(where, i, f"indikator tidak dikenal {bad}; pilihan: {', '.join(codes)}")
        tahun = change.get("tahun", latest)
        if not isinstance(tahun, int) or isinstance(tahun, bool):
            _fail(where, i, f"tahun harus bilangan bulat, bukan {tahun!r}; tahun pada data: {years}")
        for field in fields:
            if isinstance(change[field], bool) or not isinstance(change[field], (int, float)):
                _fail(where, i, f"'{field}' harus angka, bukan {change[field]!r}")
        if tahun not in years:
            if fields - {"target"}:
                _fail(where, i, f"tahun {tahun} tidak ada pada data ({years}); tahun baru hanya menerima 'target'")
            template = base[base["kode_indikator"].isin(wanted)].drop_duplicates(
                ["instansi", "kode_indikator"], keep="last"
            )
            new = template.assign(
                tahun=tahun,
                target=np.nan,
                realisasi=np.nan,
                capaian_dilaporkan=np.nan,
                predikat_dilaporkan=pd.NA,
                sumber="skenario",
            )
            base = pd.concat([base, new], ignore_index=True)
            scen = pd.concat([scen, new], ignore_index=True)
            years.append(tahun)
        mask = scen["kode_indikator"].isin(wanted) & (scen["tahun"] == tahun)
        if "instansi" in change:
            mask &= scen["instansi"] == change["instansi"]
        if not mask.any():
            _fail(where, i, f"tidak ada baris untuk {wanted} tahun {tahun}")
        for field in ("target", "realisasi"):
            if field in change:
                scen.loc[mask, field] = float(change[field])
            if f"{field}_persen" in change:
                scen.loc[mask, field] = scen.loc[mask, field] * (1 + float(change[f"{field}_persen"]) / 100)
    out = base[["instansi", "kode_indikator", "indikator", "satuan", "polaritas", "tahun"]].copy()
    for label, frame in (("awal", base), ("skenario", scen)):
        cap = compute_capaian(frame["target"], frame["realisasi"], frame["polaritas"], rumus=rumus)
        out[f"target_{label}"] = frame["target"].to_numpy()
        out[f"realisasi_{label}"] = frame["realisasi"].to_numpy()
        out[f"capaian_{label}"] = cap.to_numpy()
        out[f"predikat_{label}"] = grade(frame.assign(capaian=cap), skala).to_numpy()
    out["delta_capaian"] = out["capaian_skenario"] - out["capaian_awal"]
    out["berubah"] = ~(
        (out["target_skenario"].eq(out["target_awal"]) | (out["target_skenario"].isna() & out["target_awal"].isna()))
        & (
            out["realisasi_skenario"].eq(out["realisasi_awal"])
            | (out["realisasi_skenario"].isna() & out["realisasi_awal"].isna())
        )
    ) | (scen["sumber"].to_numpy() == "skenario")
    out["predikat_berubah"] = out["predikat_skenario"] != out["predikat_awal"]
    return out.sort_values(["instansi", "kode_indikator", "tahun"]).reset_index(drop=True)


def default_skenario(indikator: pd.DataFrame, tahun: int | None = None) -> dict:
    """A scenario derived from the data: every indicator with a target in ``tahun`` (default: the
    latest year with one) reaching exactly its target, the question a planner asks first.

    >>> from lkjip_analysis import load_indikator
    >>> s = default_skenario(load_indikator().query("instansi == 'BKPSDM Kota Surakarta'"), 2023)
    >>> s["perubahan"][0]
    {'indikator': 'akurasi_data_kepegawaian', 'tahun': 2023, 'realisasi': 93.0}
    """
    base = tabulate_capaian(indikator).dropna(subset=["target"])
    if tahun is None:
        tahun = int(base["tahun"].max()) if len(base) else None
    rows = base[base["tahun"] == tahun]
    return {"perubahan": [{"indikator": r.kode_indikator, "tahun": int(r.tahun), "realisasi": float(r.target)}
                          for r in rows.itertuples()]}  # fmt: skip
