"""Fixtures for the specs tests: the sample CLD file and a helper to write small CSVs."""

import csv
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[2] / "data" / "specs" / "asc-cld-sample.csv"


@pytest.fixture
def write_csv(tmp_path):
    def write(header, rows, name="file.csv"):
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write
