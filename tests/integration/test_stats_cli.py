"""`joinedup stats METHOD INPUT.csv --output OUT.csv`: the command line contract of issue 3.

Each method is run on an input CSV built from a case of PHEindicatormethods' test data and its
output compared with the reference's answers (relative difference under 1e-6, the same blanks).
Then the table's rules (grouping, columns, defaults, levels, suppression) and bad input: exit
code 1, a message naming file, row and column, and no output written.
"""

import os

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.stats.proportion import proportion
from joinedup.stats.standard_population import AGE_BANDS
from joinedup.stats.table import LE_AGE_BANDS
from tests.unit.stats import REFERENCE, assert_matches
from tests.unit.stats.test_life_expectancy import (
    DEATHS,
    GROUPED_DEATHS,
    GROUPED_POPS,
    LOWER,
    POPS,
    UPPER,
    VALUE,
)

runner = CliRunner()

LIMITS = {
    "95.0": ("lower95_0cl", "upper95_0cl"),
    "99.8": ("lower99_8cl", "upper99_8cl"),
}
BOTH = [
    "Count",
    "Denominator",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Method",
    "Note",
]


# -- helpers -----------------------------------------------------------------------------------


def write_csv(path, frame: pd.DataFrame):
    """Write a frame as the CLI's input: floats exactly (repr), NaN as a blank cell."""
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def run(method, input_path, output_path, *options):
    return runner.invoke(
        app, ["stats", method, str(input_path), "--output", str(output_path), *map(str, options)]
    )


def compute(tmp_path, method, frame, *options, name="in.csv"):
    """Run the CLI on ``frame`` and return the output as strings (blank cells as "")."""
    source = write_csv(tmp_path / name, frame)
    out = tmp_path / "out.csv"
    result = run(method, source, out, *options)
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def numbers(column) -> np.ndarray:
    return pd.to_numeric(column.replace("", np.nan)).to_numpy(dtype=float)


def check_limits(output, expected, labels=("95.0", "99.8"), scale=None):
    for label in labels:
        lower, upper = LIMITS[label]
        factor = 1 if scale is None else scale.get(label, 1)
        assert_matches(numbers(output[f"Lower CI {label} limit"]) * factor, expected[lower])
        assert_matches(numbers(output[f"Upper CI {label} limit"]) * factor, expected[upper])


def band_frame(sheet, area_column="area", bands=AGE_BANDS, count="count", pop="pop"):
    """A standardised-method input from a sheet with one row per band per area, in band order."""
    per_area = len(bands)
    assert len(sheet) % per_area == 0
    return pd.DataFrame(
        {
            "area": sheet[area_column].to_numpy(),
            "age_band": np.tile(list(bands), len(sheet) // per_area),
            "numerator": sheet[count].to_numpy(float),
            "denominator": sheet[pop].to_numpy(float),
        }
    )


@pytest.fixture(scope="module")
def dsr_isr():
    return pd.read_excel(REFERENCE / "testdata_DSR_ISR.xlsx", sheet_name=None)


@pytest.fixture
def reference_csv(tmp_path, dsr_isr):
    ref = dsr_isr["refdata"]
    frame = pd.DataFrame(
        {"age_band": AGE_BANDS, "numerator": ref["refcount"], "denominator": ref["refpop"]}
    )
    return write_csv(tmp_path / "ref.csv", frame)


# -- every method against the reference --------------------------------------------------------


@pytest.fixture(scope="module")
def proportion_rows():
    return pd.read_excel(REFERENCE / "testdata_Proportion.xlsx", sheet_name=None)


@pytest.mark.parametrize("multiplier", [1, 100])
def test_proportion_matches_the_reference(tmp_path, proportion_rows, multiplier):
    expected = proportion_rows["testdata_Prop"]
    expected = expected[expected["multiplier"] == multiplier]
    frame = expected[["Area", "Numerator", "Denominator"]].set_axis(
        ["Area", "numerator", "denominator"], axis=1
    )
    options = [] if multiplier == 100 else ["--multiplier", multiplier]  # 100 is the default
    output = compute(tmp_path, "proportion", frame, *options)
    assert list(output.columns) == ["Area", *BOTH]
    assert output["Area"].tolist() == expected["Area"].tolist()
    assert_matches(numbers(output["Value"]), expected["value"])
    check_limits(output, expected)
    assert set(output["Method"]) == {"Wilson"}
    assert_matches(numbers(output["Count"]), expected["Numerator"])
    assert_matches(numbers(output["Denominator"]), expected["Denominator"])
    missing = output["Value"] == ""
    assert (output.loc[missing, "Note"] != "").all() and (output.loc[~missing, "Note"] == "").all()


def test_proportion_sums_rows_of_a_group_as_the_grouped_reference(tmp_path, proportion_rows):
    rows = proportion_rows["testdata_Prop"]
    expected = proportion_rows["testdata_Prop_g"]
    frame = rows[["Area", "Numerator", "Denominator"]].set_axis(
        ["Area", "numerator", "denominator"], axis=1
    )
    output = compute(tmp_path, "proportion", frame, "--multiplier", 1, "--confidence", 95)
    assert list(output.columns) == ["Area", *BOTH[:5], *BOTH[-2:]]
    expected = expected.set_index("Area").loc[output["Area"]]
    assert_matches(numbers(output["Count"]), expected["Numerator"])
    assert_matches(numbers(output["Value"]), expected["value"])
    assert_matches(numbers(output["Lower CI 95.0 limit"]), expected["lowercl"])
    assert_matches(numbers(output["Upper CI 95.0 limit"]), expected["uppercl"])


@pytest.fixture(scope="module")
def rate_rows():
    return pd.read_excel(REFERENCE / "testdata_Rate.xlsx", sheet_name=None)


@pytest.mark.parametrize("multiplier", [100, 100000])
def test_rate_matches_the_reference(tmp_path, rate_rows, multiplier):
    expected = rate_rows["testdata_Rate"]
    expected = expected[expected["multiplier"] == multiplier]
    frame = expected[["Area", "Numerator", "Denominator"]].set_axis(
        ["Area", "numerator", "denominator"], axis=1
    )
    options = [] if multiplier == 100000 else ["--multiplier", multiplier]
    output = compute(tmp_path, "rate", frame, *options)
    assert list(output.columns) == ["Area", *BOTH]
    assert_matches(numbers(output["Value"]), expected["value"])
    check_limits(output, expected)
    known = expected["method"].notna().to_numpy() & expected["Numerator"].notna().to_numpy()
    assert output["Method"][known].tolist() == expected["method"][known].tolist()


def test_rate_sums_rows_of_a_group_as_the_grouped_reference(tmp_path, rate_rows):
    rows = rate_rows["testdata_Rate"]
    frame = rows[["Area", "Numerator", "Denominator"]].set_axis(
        ["Area", "numerator", "denominator"], axis=1
    )
    output = compute(tmp_path, "rate", frame, "--confidence", 95)
    expected = rate_rows["testdata_Rate_g"].set_index("Area").loc[output["Area"]]
    assert_matches(numbers(output["Value"]), expected["value"])
    assert_matches(numbers(output["Lower CI 95.0 limit"]), expected["lowercl"])
    assert_matches(numbers(output["Upper CI 95.0 limit"]), expected["uppercl"])


@pytest.fixture(scope="module")
def mean_sheets():
    return pd.read_excel(REFERENCE / "testdata_Mean.xlsx", sheet_name=None)


def test_mean_matches_the_reference_grouped_and_ungrouped(tmp_path, mean_sheets):
    values = mean_sheets["testdata_Mean"]
    results = mean_sheets["testdata_Mean_results"].set_index("area")
    grouped = compute(tmp_path, "mean", values.set_axis(["area", "value"], axis=1))
    assert list(grouped.columns) == ["area", *BOTH]
    ungrouped = compute(tmp_path, "mean", values[["values"]].set_axis(["value"], axis=1))
    assert list(ungrouped.columns) == BOTH  # no grouping column: one row, no group columns
    output = pd.concat([grouped, ungrouped], ignore_index=True)
    expected = results.loc[["Area1", "Area2", "No grouping"]]
    assert_matches(numbers(output["Value"]), expected["value"])
    assert_matches(numbers(output["Count"]), expected["value_sum"])
    assert_matches(numbers(output["Denominator"]), expected["value_count"])
    check_limits(output, expected)
    assert set(output["Method"]) == {"Student's t-distribution"}


@pytest.mark.parametrize(("multiplier", "rows"), [(10000, [0, 1, 2]), (100000, [4, 5, 6])])
def test_dsr_matches_the_reference(tmp_path, dsr_isr, multiplier, rows):
    frame = band_frame(dsr_isr["testdata_multiarea"])
    expected = dsr_isr["testresults_DSR"].iloc[rows]
    options = [] if multiplier == 100000 else ["--multiplier", multiplier]
    output = compute(tmp_path, "dsr", frame, *options)
    assert list(output.columns) == ["area", *BOTH]
    assert output["area"].tolist() == expected["area"].tolist()
    assert_matches(numbers(output["Count"]), expected["total_count"])
    assert_matches(numbers(output["Denominator"]), expected["total_pop"])
    assert_matches(numbers(output["Value"]), expected["value"])
    check_limits(output, expected)
    assert output["Note"].tolist() == ["", "", "dsr NA for total count < 10"]
    assert set(output["Method"]) == {"Dobson"}


def test_dsr_with_a_standard_population_file_and_its_own_bands(tmp_path, dsr_isr):
    # testdata_1976: 18 bands (to 85+) and the 1976 European standard; the input's bands are the
    # standard's, whatever their labels.
    data = dsr_isr["testdata_1976"]
    bands = data["Age Band"].tolist()
    standard = write_csv(
        tmp_path / "std.csv", pd.DataFrame({"age_band": bands, "population": data["esp1976"]})
    )
    frame = band_frame(data.assign(area="testdata_1976"), bands=bands)
    output = compute(tmp_path, "dsr", frame.sample(frac=1, random_state=3),
                     "--standard-population", standard, "--multiplier", 10000)  # fmt: skip
    expected = dsr_isr["testresults_DSR"].iloc[[3]]
    assert_matches(numbers(output["Value"]), expected["value"])
    # The sheet's 99.8% cells for testdata_1976 hold ten times the limits (see test_dsr.py).
    check_limits(output, expected, scale={"99.8": 10})


def test_dsr_with_the_default_standard_given_as_a_file_gives_the_same(tmp_path, dsr_isr):
    from joinedup.stats.standard_population import european_standard_population_2013

    esp = pd.DataFrame({"weight": european_standard_population_2013(), "age_band": AGE_BANDS})
    standard = write_csv(tmp_path / "esp.csv", esp.iloc[::-1])
    frame = band_frame(dsr_isr["testdata_multiarea"])
    default = compute(tmp_path, "dsr", frame)
    given = compute(tmp_path, "dsr", frame, "--standard-population", standard)
    pd.testing.assert_frame_equal(default, given)


@pytest.mark.parametrize(
    ("method", "multiplier", "rows"),
    [
        ("israte", None, [0, 1, 2]),
        ("israte", 1000, [3, 4, 5]),
        ("isratio", None, [6, 7, 8]),
        ("isratio", 100, [9, 10, 11]),
    ],
)
def test_isr_matches_the_reference(tmp_path, dsr_isr, reference_csv, method, multiplier, rows):
    frame = band_frame(dsr_isr["testdata_multiarea"])
    expected = dsr_isr["testresults_ISR"].iloc[rows]
    options = ["--reference", reference_csv]
    if multiplier is not None:
        options += ["--multiplier", multiplier]
    output = compute(tmp_path, method, frame, *options)
    assert list(output.columns) == ["area", *BOTH]
    assert_matches(numbers(output["Count"]), expected["observed"])
    assert_matches(numbers(output["Value"]), expected["value"])
    check_limits(output, expected)
    assert output["Method"].tolist() == expected["method"].tolist()


def test_isr_with_missing_cells_and_a_zero_population(tmp_path, dsr_isr, reference_csv):
    # testdata_multiarea_isr: a blank count and population in the tiny area (both count as 0).
    frame = band_frame(dsr_isr["testdata_multiarea_isr"])
    assert frame["numerator"].isna().sum() == 1
    output = compute(tmp_path, "israte", frame, "--reference", reference_csv)
    expected = dsr_isr["testresults_ISR"]
    assert_matches(numbers(output["Value"]), expected["value"].iloc[[0, 1, 2]])
    check_limits(output, expected.iloc[[0, 1, 2]])
    # testdata_err2: a population of 0 in one band is allowed.
    frame = band_frame(dsr_isr["testdata_err2"])
    output = compute(tmp_path, "isratio", frame, "--reference", reference_csv,
                     "--multiplier", 100, "--confidence", 95)  # fmt: skip
    assert_matches(numbers(output["Value"]), expected["value"].iloc[[14, 15]])
    check_limits(output, expected.iloc[[14, 15]], labels=("95.0",))


def le_frame(groups: dict[str, tuple[list, list]]) -> pd.DataFrame:
    parts = [
        pd.DataFrame(
            {"group": name, "age_band": LE_AGE_BANDS, "deaths": deaths, "population": pops}
        )
        for name, (deaths, pops) in groups.items()
    ]
    return pd.concat(parts, ignore_index=True)


def test_life_expectancy_matches_the_reference(tmp_path):
    frame = le_frame({"answer1": (DEATHS, POPS)}).iloc[::-1]  # bands in any order
    output = compute(tmp_path, "life-expectancy", frame, "--confidence", 95)
    assert list(output.columns) == ["group", "age_band", *BOTH[:5], *BOTH[-2:]]
    assert output["age_band"].tolist() == list(LE_AGE_BANDS)  # one row per band, youngest first
    assert_matches(numbers(output["Value"]), VALUE)
    assert_matches(numbers(output["Lower CI 95.0 limit"]), LOWER)
    assert_matches(numbers(output["Upper CI 95.0 limit"]), UPPER)
    # Count and Denominator: deaths and population at that age and older.
    assert numbers(output["Count"])[0] == sum(DEATHS)
    assert numbers(output["Denominator"])[2] == sum(POPS[2:])
    assert set(output["Method"]) == {"Chiang, using Silcocks et al for confidence limits"}


def test_life_expectancy_groups_the_reference_leaves_blank(tmp_path):
    # df_grouped_with_warnings, without its negative deaths and populations (errors here).
    groups = {
        "Good data": (GROUPED_DEATHS[0], GROUPED_POPS[0]),
        "Deaths more than pops": (GROUPED_DEATHS[3], GROUPED_POPS[3]),
        "Low pops": (GROUPED_DEATHS[4], GROUPED_POPS[4]),
    }
    output = compute(tmp_path, "life-expectancy", le_frame(groups))
    assert len(output) == 60
    by_group = {name: part for name, part in output.groupby("group", sort=False)}
    assert (by_group["Good data"]["Value"] != "").all()
    for name, note in (
        ("Deaths more than pops", "some age bands have more deaths than population"),
        ("Low pops", "total population of 5,000 or less"),
    ):
        part = by_group[name]
        assert (part["Value"] == "").all() and (part["Lower CI 99.8 limit"] == "").all()
        assert set(part["Note"]) == {note}


# -- the table's rules -------------------------------------------------------------------------


def test_several_grouping_columns_are_kept_in_order_with_their_values_as_written(tmp_path):
    frame = pd.DataFrame(
        {
            "code": ["E06000001", "E06000001", "007", "007", "007"],
            "numerator": [10, 5, 3, 4, 1],
            "sex": ["Male", "Female", "Male", "Male", "Female"],
            "year": ["2024/25"] * 5,
            "denominator": [100, 50, 30, 40, 10],
        }
    )
    output = compute(tmp_path, "rate", frame)
    assert list(output.columns) == ["code", "sex", "year", *BOTH]
    assert output[["code", "sex"]].values.tolist() == [
        ["E06000001", "Male"],
        ["E06000001", "Female"],
        ["007", "Male"],
        ["007", "Female"],
    ]
    assert output["Count"].tolist() == ["10", "5", "7", "1"]  # 3 + 4 summed; whole numbers
    assert output["Denominator"].tolist() == ["100", "50", "70", "10"]


def test_default_multipliers(tmp_path, dsr_isr, reference_csv):
    one = pd.DataFrame({"numerator": [5], "denominator": [20]})
    assert float(compute(tmp_path, "proportion", one)["Value"][0]) == 25.0  # percent
    assert float(compute(tmp_path, "rate", one)["Value"][0]) == 25000.0  # per 100,000
    frame = band_frame(dsr_isr["testdata_multiarea"])
    dsr_default = numbers(compute(tmp_path, "dsr", frame)["Value"])
    dsr_explicit = numbers(compute(tmp_path, "dsr", frame, "--multiplier", 100000)["Value"])
    np.testing.assert_array_equal(dsr_default, dsr_explicit)
    ratio = numbers(compute(tmp_path, "isratio", frame, "--reference", reference_csv)["Value"])
    rate = numbers(compute(tmp_path, "israte", frame, "--reference", reference_csv)["Value"])
    assert ratio[0] == pytest.approx(1.070723, rel=1e-6)  # a ratio, x 1
    assert rate[0] == pytest.approx(10011.137622, rel=1e-6)  # per 100,000


def test_one_confidence_level_only(tmp_path):
    frame = pd.DataFrame({"area": ["A"], "numerator": [5], "denominator": [20]})
    output = compute(tmp_path, "proportion", frame, "--confidence", 99.8)
    assert list(output.columns) == [
        "area", "Count", "Denominator", "Value", "Lower CI 99.8 limit", "Upper CI 99.8 limit",
        "Method", "Note",
    ]  # fmt: skip
    output = compute(tmp_path, "proportion", frame, "--confidence", 90)
    assert "Lower CI 90.0 limit" in output.columns


def test_floats_round_trip_exactly_and_missing_is_blank(tmp_path):
    x = np.array([1.0, 7.0, 999.0, np.nan])
    n = np.array([3.0, 11.0, 3456.0, 100.0])
    frame = pd.DataFrame({"area": list("abcd"), "numerator": x, "denominator": n})
    output = compute(tmp_path, "proportion", frame)
    direct = proportion(x, n, multiplier=100)
    np.testing.assert_array_equal(numbers(output["Value"]), direct.value)
    np.testing.assert_array_equal(numbers(output["Upper CI 99.8 limit"]), direct.limits[0.998][1])
    assert output.loc[3, ["Count", "Value", "Lower CI 95.0 limit"]].tolist() == ["", "", ""]
    assert output["Value"][0] == repr(1 / 3 * 100)


def test_nothing_is_suppressed_unless_asked(tmp_path):
    frame = pd.DataFrame({"area": ["A", "B"], "numerator": [2, 40], "denominator": [100, 100]})
    plain = compute(tmp_path, "proportion", frame)
    assert (plain["Value"] != "").all()
    output = compute(tmp_path, "proportion", frame, "--suppress-below", 5)
    assert output.loc[0, "Value"] == "" and output.loc[0, "Upper CI 95.0 limit"] == ""
    assert output.loc[0, "Lower CI 99.8 limit"] == ""
    assert output.loc[0, "Count"] == ""  # the small count itself is suppressed too
    assert output.loc[0, "Denominator"] == "100"
    assert output.loc[0, "Note"] == "suppressed: count below 5"
    assert output.loc[1].tolist() == plain.loc[1].tolist()


def test_suppression_keeps_the_methods_own_note(tmp_path, dsr_isr):
    output = compute(tmp_path, "dsr", band_frame(dsr_isr["testdata_multiarea"]),
                     "--suppress-below", 100)  # fmt: skip
    assert output["Note"].tolist() == [
        "",
        "suppressed: count below 100",
        "suppressed: count below 100; dsr NA for total count < 10",
    ]
    assert output["Value"].tolist()[1:] == ["", ""]


def test_help_explains_each_option():
    result = runner.invoke(app, ["stats", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.replace("│", " ").split())  # without the help's box edges
    for option in (
        "--output",
        "--confidence",
        "--multiplier",
        "--reference",
        "--standard-population",
        "--suppress-below",
    ):
        assert option in text
    assert "Default: both 95 and 99.8, like Fingertips downloads" in text
    assert "default 100 for proportion" in text and "100000 for rate, dsr and israte" in text
    for method in ("proportion", "rate", "dsr", "isratio", "israte", "mean", "life-expectancy"):
        assert method in text
    assert "stats" in runner.invoke(app, ["--help"]).output


# -- bad input ---------------------------------------------------------------------------------

DSR_HEADER = "area,age_band,numerator,denominator\n"


def dsr_text(skip=None, extra="", value="10", population="1000"):
    lines = [f"A,{band},{value},{population}" for band in AGE_BANDS if band != skip]
    return DSR_HEADER + "\n".join(lines) + "\n" + extra


BAD_INPUTS = [
    # (name, method, file content, row, column, words in the message)
    ("missing column", "proportion", "area,numerator\nA,1\n", 1, "denominator", "no such column"),
    ("negative count", "rate", "area,numerator,denominator\nA,1,10\nB,-1,10\n", 3, "numerator",
     "negative"),
    ("numerator above denominator", "proportion", "numerator,denominator\n1,10\n\n12,10\n", 4,
     "numerator", "above the denominator"),
    ("non-numeric value", "rate", "area,numerator,denominator\nA,1,10\nB,2,ten\n", 3,
     "denominator", "'ten' is not a number"),
    ("not finite", "mean", "area,value\nA,1\nA,inf\n", 3, "value", "not a number"),
    ("missing age band", "dsr", dsr_text(skip="40-44"), 2, "age_band", "no row for age band 40-44"),
    ("duplicated age band", "dsr", dsr_text(extra="A,5-9,1,100\n"), 3, "age_band",
     "more than once"),
    ("unknown age band", "dsr", dsr_text(extra="A,95+,1,100\n"), 21, "age_band",
     "not an age band"),
    ("missing dsr population", "dsr", dsr_text().replace("A,0-4,10,1000", "A,0-4,10,"), 2,
     "denominator", "blank"),
    ("zero denominator", "proportion", "area,numerator,denominator\nA,0,0\n", 2, "denominator",
     "must be above 0"),
    ("non-UTF-8 file", "mean", b"area,value\nA,1\nB,2\n".replace(b"B", b"\xe9"), 3,
     "area", "UTF-8"),
    ("ragged row", "mean", "area,value\nA,1\nB,2,3\n", 3, None, "3 cells"),
    ("grouping column named like an output column", "mean", "Value,value\nA,1\n", 1, "Value",
     "rename"),
    ("negative deaths", "life-expectancy",
     "age_band,deaths,population\n" + "".join(f"{b},-1,100\n" for b in LE_AGE_BANDS), 2,
     "deaths", "negative"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "content", "row", "column", "words"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_names_file_row_and_column_and_writes_nothing(
    tmp_path, method, content, row, column, words
):
    source = tmp_path / "input.csv"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(method, source, out)
    assert result.exit_code == 1, result.output
    message = " ".join(result.output.split())
    assert f"{source}, row {row}" in message or f"{source}, rows {row}" in message, message
    if column is not None:
        assert f'column "{column}"' in message, message
    assert words in message
    assert not out.exists()
    assert os.listdir(tmp_path) == ["input.csv"]  # no temporary file left either


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "the file is empty"), (b"area,value\n\n", "no data rows"), (b"\xff\xfe", "UTF-8")],
    ids=["empty", "header only", "not UTF-8"],
)
def test_empty_or_unreadable_files_are_named_with_row_1(tmp_path, content, words):
    source = tmp_path / "input.csv"
    source.write_bytes(content)
    result = run("mean", source, tmp_path / "out.csv")
    assert result.exit_code == 1
    assert f"{source}, row 1" in result.output and words in result.output
    assert not (tmp_path / "out.csv").exists()


def test_missing_file_and_folder_are_named(tmp_path):
    for source, words in ((tmp_path / "nope.csv", "no such file"), (tmp_path, "is a folder")):
        result = run("mean", source, tmp_path / "out.csv")
        assert result.exit_code == 1 and f"{source}: {words}" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_problems_in_the_reference_file_are_named_there(tmp_path, dsr_isr):
    source = write_csv(tmp_path / "in.csv", band_frame(dsr_isr["testdata_multiarea"]))
    ref = tmp_path / "ref.csv"
    ref.write_text(
        "age_band,numerator,denominator\n"
        + "".join(f"{band},10,{'x' if band == '10-14' else 100}\n" for band in AGE_BANDS)
    )
    result = run("israte", source, tmp_path / "out.csv", "--reference", ref)
    assert result.exit_code == 1
    assert f"{ref}, row 4, column \"denominator\": 'x' is not a number" in result.output


def test_problems_in_the_standard_population_are_named_there(tmp_path, dsr_isr):
    source = write_csv(tmp_path / "in.csv", band_frame(dsr_isr["testdata_multiarea"]))
    standard = tmp_path / "std.csv"
    standard.write_text("age_band,population\n0-4,5000\n0-4,5000\n")
    result = run("dsr", source, tmp_path / "out.csv", "--standard-population", standard)
    assert result.exit_code == 1
    assert f'{standard}, rows 2, 3, column "age_band": age band 0-4 appears twice' in (
        result.output
    )


def test_an_existing_output_is_left_untouched_by_bad_input(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    before = out.stat()
    source = tmp_path / "in.csv"
    source.write_text("area,numerator,denominator\nA,5,x\n")
    result = run("rate", source, out)
    assert result.exit_code == 1
    assert out.read_text() == "previous results\n"
    assert out.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(os.listdir(tmp_path)) == ["in.csv", "out.csv"]


def test_a_good_run_replaces_an_existing_output_keeping_its_permissions(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    out.chmod(0o640)
    source = tmp_path / "in.csv"
    source.write_text("numerator,denominator\n5,10\n")
    assert run("rate", source, out).exit_code == 0
    assert out.read_text().startswith("Count,Denominator,Value,")
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["in.csv", "out.csv"]


@pytest.mark.parametrize(
    ("method", "options", "words"),
    [
        ("median", [], "unknown method 'median'"),
        ("isratio", [], "needs --reference"),
        ("mean", ["--multiplier", 100], "--multiplier does not apply to mean"),
        ("rate", ["--multiplier", 0], "must be a number above 0"),
        ("rate", ["--confidence", 0.95], "in percent"),
        ("rate", ["--standard-population", "std.csv"], "is for dsr"),
        ("dsr", ["--reference", "ref.csv"], "is for isratio and israte"),
    ],
)
def test_bad_options_exit_non_zero_and_write_nothing(tmp_path, method, options, words):
    source = tmp_path / "in.csv"
    source.write_text("numerator,denominator,value\n5,10,1\n")
    result = run(method, source, tmp_path / "out.csv", *options)
    assert result.exit_code != 0
    assert words in result.output
    assert not (tmp_path / "out.csv").exists()


def test_output_folder_must_exist(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("numerator,denominator\n5,10\n")
    result = run("rate", source, tmp_path / "missing" / "out.csv")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_a_spreadsheet_export_with_bom_crlf_blank_lines_and_quoted_commas(tmp_path):
    source = tmp_path / "in.csv"
    lines = ["ward, numerator ,denominator", '"Hythe, East",3,10', "", ",,", "Lydd,x,10", ""]
    source.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode())
    out = tmp_path / "out.csv"
    result = run("proportion", source, out)
    assert result.exit_code == 1
    assert f'{source}, row 5, column "numerator"' in result.output  # blank rows still count
    source.write_bytes(source.read_bytes().replace(b"x,", b"4,"))
    assert run("proportion", source, out).exit_code == 0
    output = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert output["ward"].tolist() == ["Hythe, East", "Lydd"]
    assert output["Value"].tolist() == ["30.0", "40.0"]
