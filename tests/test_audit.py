"""The audit's findings, checked against figures read from the source document itself,
and a corrected copy of the data that gives no finding at all."""

import re

import pandas as pd
import pytest

from lkjip_analysis.audit import audit
from lkjip_analysis.capaian import compute_capaian, compute_predikat
from lkjip_analysis.cli import main
from lkjip_analysis.config import PROJ_ROOT

SOURCE = PROJ_ROOT / "tests" / "data" / "sumber_surakarta_2023.txt"  # the source lines these tests read


@pytest.fixture(scope="module")
def temuan():
    return audit()


@pytest.fixture(scope="module")
def source():
    return SOURCE.read_text(encoding="utf-8")


def rupiah(text: str) -> int:
    return int(text.split(",")[0].replace(".", ""))


def number(text: str) -> float:
    return float(text.replace(",", "."))


def findings(temuan, jenis=None, kolom=None, dilaporkan=None):
    rows = temuan
    if jenis:
        rows = rows[rows["jenis"] == jenis]
    if kolom:
        rows = rows[rows["kolom"] == kolom]
    if dilaporkan is not None:
        rows = rows[rows["dilaporkan"].sub(dilaporkan).abs() < 1e-6]
    return rows


def test_program_subtotals_against_the_source_table(temuan, source):
    block = source.split("TAHUN 2023**", 1)[1].split("Apabila dicermati", 1)[0]
    programs, current = {}, None
    for line in block.splitlines():
        cells = line.split("\t")
        amounts = [c for c in cells if re.fullmatch(r"[\d.]+\.\d{3}", c.strip())]
        if len(amounts) != 2:
            continue
        if re.match(r"\d+\.", cells[0]):
            current = cells[1].strip()
            programs[current] = {"stated": [rupiah(a) for a in amounts], "sum": [0, 0]}
        else:
            programs[current]["sum"] = [s + rupiah(a) for s, a in zip(programs[current]["sum"], amounts)]
    assert len(programs) == 3
    for name, p in programs.items():
        for col, stated, total in zip(("anggaran_murni", "anggaran_perubahan"), p["stated"], p["sum"]):
            rows = findings(temuan, "jumlah tidak sama dengan rinciannya", col)
            rows = rows[rows["butir"] == name]
            if stated == total:
                assert rows.empty
            else:
                assert rows[["dilaporkan", "dihitung"]].values.tolist() == [[stated, total]]
                assert f"Rp {stated:,}".replace(",", ".") in rows.iloc[0]["pesan"]


def test_pagu_2025_total_against_the_source(temuan, source):
    block = source.split("PAGU 2025", 1)[1]
    amounts = [rupiah(m) for m in re.findall(r"\t(\d{1,3}(?:\.\d{3}){2,})\t", block)]
    stated = rupiah(re.search(r"Jumlah\t\t([\d.]+)", block).group(1))
    kegiatan = [a for a in amounts if a != stated]
    rows = findings(temuan, "jumlah tidak sama dengan rinciannya", "anggaran_murni", stated)
    assert rows["dihitung"].tolist() == [sum(kegiatan)] and sum(kegiatan) != stated


def test_efisiensi_narrative_against_the_kode_rekening_table(temuan, source):
    sisa, persen = re.search(r"efisiensi sebesar Rp\.([\d.]+),00 atau ([\d,]+)%", source).groups()
    anggaran, realisasi = map(rupiah, re.search(r"BELANJA DAERAH\t([\d.,]+)\t([\d.,]+)", source).groups())
    row = findings(temuan, "sisa anggaran tidak sesuai", dilaporkan=rupiah(sisa))
    assert row["dihitung"].tolist() == [anggaran - realisasi]
    row = findings(temuan, "persentase tidak sesuai jumlahnya", "efisiensi_dilaporkan", number(persen))
    assert row["dihitung"].tolist() == [pytest.approx((anggaran - realisasi) / anggaran * 100)]


def test_diklat_total_against_the_narrative(temuan, source):
    m = re.search(r"sejumlah (\d+) orang, terdiri dari (\d+) orang .*?, (\d+) orang .*?, dan (\d+) orang", source)
    total, *parts = map(int, m.groups())
    row = findings(temuan, "jumlah tidak sama dengan rinciannya", "jumlah", total)
    assert row["dihitung"].tolist() == [sum(parts)] and "16 + 2 + 2" in row.iloc[0]["pesan"]


def test_two_placement_sets_against_the_narrative(temuan, source):
    sets = [
        dict(zip(["es2", "es3", "es4", "jft", "jfu"], map(lambda s: int(s.replace(".", "")), m)))
        for m in re.findall(
            r"\(Es\.II\) sebanyak (\d+) orang.*?\(Es\.III\) sebanyak (\d+) orang.*?\(Es\.IV\) "
            r"sebanyak (\d+) orang.*?Tertentu sebanyak ([\d.]+) orang.*?\(JFU\) sebanyak ([\d.]+)",
            source,
        )
    ]
    assert len(sets) == 2
    differing = {k for k in sets[0] if sets[0][k] != sets[1][k]}
    rows = findings(temuan, "angka berbeda antar bagian", "jumlah")
    assert len(rows) == len(differing)
    assert {frozenset((r.dilaporkan, r.dihitung)) for r in rows.itertuples()} == {
        frozenset((sets[0][k], sets[1][k])) for k in differing
    }


def test_measurement_tables_against_the_source(temuan, source):
    """Every Tabel 3.x row: reported capaian against the recomputed one, predikat against the scale."""
    rows = [
        line.split("\t") for line in source.splitlines() if line.count("\t") == 11 and re.search(r"\t(%|Nilai)\t", line)
    ]
    assert len(rows) == 5
    checked = 0
    for cells in rows:
        name, values, pred = cells[-11].strip(), cells[-9:-3], cells[-1].strip()
        for target, real, cap in (values[0:3], values[3:6]):
            target, real, cap = target.strip(), real.strip(), cap.strip()
            if not (target and real and cap):
                continue
            recomputed = compute_capaian(number(target), number(real))
            decimals = len(cap.split(",")[1]) if "," in cap else 0
            found = findings(temuan, "capaian tidak sesuai target dan realisasi", dilaporkan=number(cap))
            found = found[found["butir"] == name]
            if (
                round(recomputed, decimals) == number(cap)
                or abs(recomputed - number(cap)) <= 0.5 * 10**-decimals + 1e-9
            ):
                assert found.empty, name
            else:
                assert found["dihitung"].tolist() == [pytest.approx(recomputed)], name
            checked += 1
        cap2023 = values[5].strip()
        if cap2023:
            found = temuan[(temuan["jenis"] == "predikat tidak sesuai skala") & (temuan["butir"] == name)]
            assert found.empty == (pred.lower() == compute_predikat(number(cap2023)).lower()), name
    assert checked == 9  # 2022 and 2023 of five rows, less PMPRB 2023 (no realisasi)


def test_known_indicator_contradictions(temuan):
    """Figures read from the source: penempatan 2022 realisasi 72 (Tabel 3.3) against 70
    (Sasaran 1.2); 2023 realisasi 75 against 87 and 85 in the narrative."""
    rows = findings(temuan, "indikator berbeda antar bagian", "realisasi")
    assert sorted(zip(rows["tahun"], rows["dilaporkan"], rows["dihitung"])) == [
        (2022, 70, 72),
        (2023, 85, 75),
        (2023, 87, 75),
    ]
    pk = findings(temuan, "target pengukuran berbeda dari PK Perubahan")
    assert sorted(pk["dihitung"]) == [1.85, 68.58, 93, 93]


def test_messages_in_indonesian_format(temuan):
    assert "Rp 8.460.444.119" in " ".join(temuan["pesan"])
    assert "66,75%" in " ".join(temuan["pesan"]) and "66,76%" in " ".join(temuan["pesan"])
    assert list(temuan.columns) == [
        "tingkat",
        "jenis",
        "instansi",
        "tahun",
        "tabel",
        "butir",
        "kolom",
        "dilaporkan",
        "dihitung",
        "selisih",
        "pesan",
    ]
    assert set(temuan["tingkat"]) == {"tinggi", "sedang", "rendah"}


def _fix(raw, table, where, **values):
    path = raw / f"{table}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    mask = pd.Series(True, index=df.index)
    for col, val in where.items():
        mask &= df[col] == val
    assert mask.sum() >= 1, where
    for col, val in values.items():
        df.loc[mask, col] = str(val)
    df.to_csv(path, index=False)


def test_corrected_copy_has_no_finding(raw_copy, capsys):
    fix = lambda table, where, **v: _fix(raw_copy, table, where, **v)
    ang, ind, kep = "anggaran", "indikator", "kepegawaian"
    fix(
        ang,
        {"uraian": "Pemeliharaan Barang Milik daerah Peunjang Urusan pemerintah daerah", "tahun": "2023"},
        anggaran_perubahan=324902100,
    )
    fix(ang, {"uraian": "Jumlah", "tahun": "2025"}, anggaran_murni=22310994061)
    fix(
        ang,
        {"sumber": "Bab IV.A narasi Total Efisiensi Anggaran 2023"},
        sisa_dilaporkan=632212574,
        efisiensi_dilaporkan=4.44,
    )
    fix(ang, {"kode_indikator": "indeks_merit"}, anggaran_perubahan=3855501620)
    fix(ang, {"kode_indikator": "asn_berkinerja_minimal_baik"}, anggaran_perubahan=3855501620)
    fix(ang, {"kode_indikator": "penempatan_sesuai_kompetensi"}, efisiensi_dilaporkan=5.35)
    fix(kep, {"dimensi": "diklat_kepemimpinan", "kategori": "Jumlah"}, jumlah=20)
    for kategori, n in {
        "Jabatan Pimpinan Tinggi Pratama (Es.II)": 34,
        "Jabatan Pengawas (Es.IV)": 455,
        "Jabatan Fungsional Tertentu": 3919,
        "Jabatan Pelaksana (JFU)": 1353,
    }.items():
        fix(kep, {"kategori": kategori}, jumlah=n)
    fix(
        ind,
        {"kode_indikator": "penempatan_sesuai_kompetensi", "tahun": "2022", "sumber": "Bab III.A Tabel 3.3"},
        capaian_dilaporkan=102.86,
    )
    fix(ind, {"kode_indikator": "ipp", "tahun": "2022"}, capaian_dilaporkan=66.76)
    fix(ind, {"kode_indikator": "indeks_merit", "predikat_dilaporkan": "Baik"}, predikat_dilaporkan="Sangat Berhasil")
    fix(ind, {"kode_indikator": "skm", "predikat_dilaporkan": "B (Baik)"}, predikat_dilaporkan="Sangat Berhasil")
    fix(
        ind,
        {"kode_indikator": "penempatan_sesuai_kompetensi", "tahun": "2022", "sumber": "Bab III.A tabel Sasaran 1.2"},
        realisasi=72,
    )
    fix(
        ind,
        {"kode_indikator": "penempatan_sesuai_kompetensi", "tahun": "2023", "target": "90"},
        target=75,
        realisasi=75,
    )
    fix(ind, {"kode_indikator": "penempatan_sesuai_kompetensi", "dokumen": "PK Perubahan"}, target=75)
    fix(ind, {"kode_indikator": "akurasi_data_kepegawaian", "dokumen": "PK Perubahan"}, target=95)
    fix(ind, {"kode_indikator": "skm", "dokumen": "PK Perubahan"}, target=90)
    fix(
        ind,
        {"kode_indikator": "kinerja_di_atas_90", "sumber": "Bab III.A tabel 2023 dengan RPJMD 2026"},
        target=1.85,
        realisasi=1.9,
        capaian_dilaporkan=102.7,
    )
    assert main(["audit", str(raw_copy)]) == 0
    assert "Tidak ada temuan" in capsys.readouterr().out
    assert audit(raw_copy).empty


def test_cli_audit_prints_findings_and_exits_0(capsys, tmp_path):
    out_csv = tmp_path / "temuan.csv"
    assert main(["audit", "--csv", str(out_csv)]) == 0
    out = capsys.readouterr().out
    assert "temuan (" in out and "Rp 30.959.360" in out
    assert len(pd.read_csv(out_csv)) == len(audit())
