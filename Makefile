# lkjip-analysis: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup report validate build audit render export test test-fast lint format lab schema benchmark clean

help: ## daftar target make
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP) ## buat .venv/ dan pasang paket (editable, dengan dependensi uji)

report: $(STAMP) ## pekerjaan utama: validasi, render laporan HTML, lalu ekspor tabel ke Excel dari data bawaan
	$(BIN)/lkjip validate
	$(BIN)/lkjip render
	$(BIN)/lkjip export

validate: $(STAMP) ## periksa data mentah
	$(BIN)/lkjip validate

build: $(STAMP) ## ekspor tabel tervalidasi ke data/processed/ (Parquet, CSV) untuk alat lain
	$(BIN)/lkjip build

audit: $(STAMP) ## daftar pertentangan dalam laporan sumber
	$(BIN)/lkjip audit

render: $(STAMP) ## render laporan HTML dari notebook (semua instansi, tahun terakhir)
	$(BIN)/lkjip render

export: $(STAMP) ## tulis tabel_analisis.xlsx per instansi dan tahun ke reports/
	$(BIN)/lkjip export

benchmark: $(STAMP) ## ukur lkjip render vs papermill + nbconvert
	$(BIN)/python benchmarks/bench_render.py

test: $(STAMP) lint ## jalankan lint, doctest dan seluruh rangkaian uji
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## uji tanpa notebook dan peramban
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## periksa gaya dan kesalahan kode (ruff)
	$(BIN)/ruff check lkjip_analysis tests benchmarks
	$(BIN)/ruff format --check lkjip_analysis tests benchmarks

format: $(STAMP) ## rapikan kode (ruff format dan perbaikan otomatis)
	$(BIN)/ruff check --fix lkjip_analysis tests benchmarks
	$(BIN)/ruff format lkjip_analysis tests benchmarks

lab: $(STAMP) ## buka JupyterLab pada notebooks/ (alamatnya dicetak; sebagai root pun jalan)
	@echo "JupyterLab dimulai; buka alamat http://127.0.0.1:8888/lab?token=... yang dicetak di bawah."
	$(BIN)/jupyter lab --notebook-dir=notebooks --no-browser $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

schema: $(STAMP) ## tulis ulang data/raw/schema.yaml dan kamus data dari lkjip_analysis/schemas.py
	$(BIN)/python -c "from lkjip_analysis.docs import write_data_docs; from lkjip_analysis.config import RAW_DATA_DIR; write_data_docs(RAW_DATA_DIR)"

clean: ## hapus keluaran yang dihasilkan (data/processed, reports)
	find data/processed reports -mindepth 1 ! -name .gitkeep ! -name README.md -delete
