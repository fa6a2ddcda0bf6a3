import pytest

from lkjip_analysis import ScenarioError, load_skala
from lkjip_analysis.cli import main
from lkjip_analysis.skenario import apply_skenario, default_skenario, read_skenario


@pytest.fixture(scope="module")
def sur(ind):
    return ind[ind["instansi"] == "BKPSDM Kota Surakarta"]


@pytest.fixture(scope="module")
def skala():
    return load_skala()


def test_set_value_changes_only_that_row(sur, skala):
    s = apply_skenario(sur, [{"indikator": "ipp", "tahun": 2023, "realisasi": 60}], skala)
    changed = s[s["berubah"]]
    assert changed[["kode_indikator", "tahun"]].values.tolist() == [["ipp", 2023]]
    row = changed.iloc[0]
    assert row["capaian_skenario"] == pytest.approx(75) and row["predikat_skenario"] == "Berhasil"
    assert row["predikat_berubah"]


def test_percentage_change_and_new_year(sur, skala):
    s = apply_skenario(
        sur,
        {
            "perubahan": [
                {"indikator": ["ipp", "skm"], "target_persen": 10},
                {"indikator": "ipp", "tahun": 2024, "target": 82},
            ]
        },
        skala,
    )
    skm = s.query("kode_indikator == 'skm' and tahun == 2023").iloc[0]  # target of the PK Perubahan, 68,58
    assert skm["target_skenario"] == pytest.approx(68.58 * 1.1)
    assert skm["capaian_skenario"] == pytest.approx(92.93 / (68.58 * 1.1) * 100)
    new = s.query("kode_indikator == 'ipp' and tahun == 2024").iloc[0]
    assert new["target_skenario"] == 82 and new["predikat_skenario"] == "Tidak ada penilaian"
    assert s["berubah"].sum() == 3


def test_yaml_file(tmp_path, sur, skala, capsys):
    path = tmp_path / "s.yaml"
    path.write_text("perubahan:\n  - indikator: indeks_merit\n    realisasi: 0.6\n", encoding="utf-8")
    assert read_skenario(path) == [{"indikator": "indeks_merit", "realisasi": 0.6}]
    s = apply_skenario(sur, path, skala)
    assert s.loc[s["berubah"], "capaian_skenario"].tolist() == [pytest.approx(75)]
    assert main(["skenario", str(path)]) == 0
    assert "Sangat Berhasil -> Berhasil" in capsys.readouterr().out


@pytest.mark.parametrize(
    "change, words",
    [
        ({"indikator": "merit", "target": 1}, ["indikator tidak dikenal", "indeks_merit"]),
        ({"indikator": "ipp", "taget": 1}, ["kolom tidak dikenal", "target_persen"]),
        ({"indikator": "ipp", "tahun": 2030, "realisasi": 1}, ["2030", "2022, 2023"]),
        ({"indikator": "ipp", "tahun": "2023", "target": 1}, ["tahun harus bilangan bulat"]),
        ({"indikator": "ipp", "target": "banyak"}, ["'target' harus angka"]),
        ({"indikator": "ipp"}, ["tidak ada yang diubah"]),
    ],
)
def test_errors_name_the_problem(sur, change, words):
    with pytest.raises(ScenarioError) as info:
        apply_skenario(sur, [change])
    for word in words:
        assert word in str(info.value)


def test_bad_yaml_names_file(tmp_path, capsys):
    path = tmp_path / "rusak.yaml"
    path.write_text("perubahan: [\n", encoding="utf-8")
    assert main(["skenario", str(path)]) == 1
    assert "rusak.yaml" in capsys.readouterr().err
    with pytest.raises(ScenarioError, match="tidak ditemukan"):
        read_skenario(tmp_path / "tidak-ada.yaml")


def test_an_indicator_without_realisasi_takes_a_scenario(sur, skala):
    """What realisasi does pelanggaran disiplin (negatif, target 0,10 of the PK) need?"""
    s = apply_skenario(sur, [{"indikator": "pelanggaran_disiplin", "tahun": 2023, "realisasi": 0.09}], skala)
    row = s.query("kode_indikator == 'pelanggaran_disiplin' and tahun == 2023").iloc[0]
    assert row["predikat_awal"] == "Tidak ada penilaian"
    assert row["capaian_skenario"] == pytest.approx(110) and row["predikat_skenario"] == "Sangat Berhasil"


def test_default_scenario_comes_from_the_data(sur):
    changes = default_skenario(sur, 2023)["perubahan"]
    by_code = {c["indikator"]: c["realisasi"] for c in changes}
    assert by_code["penempatan_sesuai_kompetensi"] == 93 and by_code["pelanggaran_disiplin"] == 0.1
    assert all(c["tahun"] == 2023 for c in changes)
