"""The standard population: ESP2013 as package data, and the loader's validation."""

import doctest
import io

import numpy as np
import pytest

from joinedup.stats import standard_population
from joinedup.stats.standard_population import (
    AGE_BANDS,
    european_standard_population_2013,
    load_standard_population,
)

# PHEindicatormethods' esp2013 vector (data-raw/LoadTestdata.R), the reference's default stdpop.
PHE_ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
               5500, 5000, 4000, 2500, 1500, 1000]  # fmt: skip


def test_age_bands():
    assert len(AGE_BANDS) == 19
    assert AGE_BANDS[:3] == ("0-4", "5-9", "10-14")
    assert AGE_BANDS[-2:] == ("85-89", "90+")


def test_esp2013_matches_the_reference_vector():
    esp = european_standard_population_2013()
    assert esp.dtype == float
    np.testing.assert_array_equal(esp, PHE_ESP2013)
    assert esp.sum() == 100000


def test_esp2013_is_a_fresh_copy():
    european_standard_population_2013()[0] = -1
    assert european_standard_population_2013()[0] == 5000


def test_csv_with_population_column_in_any_order():
    rows = "\n".join(
        f"{b},{v}" for b, v in reversed(list(zip(AGE_BANDS, PHE_ESP2013, strict=True)))
    )
    out = load_standard_population(io.StringIO("age_band,population\n" + rows + "\n"))
    np.testing.assert_array_equal(out, PHE_ESP2013)


def test_csv_path(tmp_path):
    path = tmp_path / "std.csv"
    path.write_text("Age_Band, Population\n0 - 49,60\n50+,40\n", encoding="utf-8")
    out = load_standard_population(path, age_bands=["0-49", "50+"])
    np.testing.assert_array_equal(out, [60, 40])


def test_pairs_and_mapping():
    pairs = [("0-49", 60), ("50+", 40)]
    np.testing.assert_array_equal(
        load_standard_population(pairs, age_bands=["0-49", "50+"]), [60, 40]
    )
    np.testing.assert_array_equal(
        load_standard_population(dict(pairs), age_bands=["0-49", "50+"]), [60, 40]
    )


def test_missing_bands_are_named():
    with pytest.raises(ValueError, match="missing age bands: 85-89, 90\\+"):
        load_standard_population(list(zip(AGE_BANDS[:-2], PHE_ESP2013[:-2], strict=True)))


def test_duplicated_bands_are_named():
    pairs = list(zip(AGE_BANDS, PHE_ESP2013, strict=True)) + [("5-9", 1)]
    with pytest.raises(ValueError, match="duplicated age bands: 5-9"):
        load_standard_population(pairs)


def test_unexpected_bands_are_named():
    pairs = list(zip(AGE_BANDS, PHE_ESP2013, strict=True)) + [("95+", 1)]
    with pytest.raises(ValueError, match="unexpected age bands: 95\\+"):
        load_standard_population(pairs)


@pytest.mark.parametrize("bad", ["-1", "", "many", "nan"])
def test_bad_populations_are_named(bad):
    with pytest.raises(ValueError, match="50\\+"):
        load_standard_population(
            io.StringIO(f"age_band,population\n0-49,60\n50+,{bad}\n"), age_bands=["0-49", "50+"]
        )


def test_csv_without_the_columns():
    with pytest.raises(ValueError, match="'age_band' column"):
        load_standard_population(io.StringIO("band,pop\n0-49,60\n"), age_bands=["0-49"])


def test_docstring_examples():
    assert doctest.testmod(standard_population, raise_on_error=False).failed == 0
