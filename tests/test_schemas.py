"""The shipped data dictionary and machine-readable schema match the schema classes; functions
refuse a frame that is not the table they take."""

import pandas as pd
import pytest

from lkjip_analysis import ArgumentError, data, load_indikator
from lkjip_analysis.anggaran import efisiensi_sasaran, refocusing, serapan_rekening
from lkjip_analysis.audit import audit_tables
from lkjip_analysis.capaian import tabel_batas
from lkjip_analysis.indikator import progres_rpjmd, revisi_target, tabel_capaian
from lkjip_analysis.kepegawaian import komposisi
from lkjip_analysis.config import RAW_DATA_DIR
from lkjip_analysis.schemas import SCHEMAS, data_dictionary, schema_yaml

REGENERATE = "run `make schema` to regenerate data/raw/README.md and data/raw/schema.yaml"


def test_schema_yaml_is_current():
    assert (RAW_DATA_DIR / "schema.yaml").read_text(encoding="utf-8") == schema_yaml(), REGENERATE


def test_readme_dictionary_is_current():
    readme = (RAW_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for table in SCHEMAS:
        assert data_dictionary(table) in readme, REGENERATE


def test_loader_docstrings_document_every_column():
    for table in SCHEMAS:
        doc = getattr(data, f"load_{table}").__doc__
        assert "| Column | Description | Unit |" in doc
        for column in SCHEMAS[table].to_schema().columns:
            assert f"| {column} |" in doc


# analysis functions given the wrong table say which argument and which columns
WRONG = pd.DataFrame({"instansi": ["X"], "tahun": [2023]})


@pytest.mark.parametrize("call, table", [
    (lambda: tabel_capaian(WRONG), "indikator"),
    (lambda: progres_rpjmd(WRONG), "indikator"),
    (lambda: revisi_target(WRONG), "indikator"),
    (lambda: tabel_batas(WRONG), "indikator"),
    (lambda: refocusing(WRONG), "anggaran"),
    (lambda: serapan_rekening(WRONG), "anggaran"),
    (lambda: efisiensi_sasaran(load_indikator(), WRONG), "anggaran"),
    (lambda: komposisi(WRONG), "kepegawaian"),
    (lambda: audit_tables(load_indikator(), WRONG, WRONG), "anggaran"),
])
def test_wrong_table_names_argument_and_columns(call, table):
    with pytest.raises(ArgumentError) as info:
        call()
    message = str(info.value)
    assert f"argumen '{table}'" in message and f"load_{table}()" in message and "tidak ada" in message


def test_not_a_dataframe():
    with pytest.raises(ArgumentError, match="argumen 'indikator'"):
        tabel_capaian([1, 2, 3])