"""Codes that must be areas of the area lookup (x-area-lookup)."""

from pathlib import Path

from typer.testing import CliRunner

from joinedup.specs import get_spec, validate

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "specs" / "asc-cld-sample.csv"


def rule_counts(validation) -> dict[str, int]:
    return {r.rule: r.count for r in validation.summary()}


def test_a_known_area_passes_and_an_unknown_one_is_named_at_every_row():
    spec = get_spec("asc-cld")
    with validate(SAMPLE, spec, areas={"E10000034", "E01000001"}) as known:
        assert known.errors == 0
        assert rule_counts(known)["LA_Code:known-area"] == 0
    with validate(SAMPLE, spec, areas={"E10000099"}) as unknown:
        assert rule_counts(unknown)["LA_Code:known-area"] == unknown.rows == 40
        first = unknown.problems(limit=1)[0]
        assert (first.row, first.field, first.value) == (2, "LA_Code", "E10000034")
        assert "is not an area in the area lookup" in first.message


def test_without_a_lookup_codes_are_checked_for_shape_only():
    with validate(SAMPLE, get_spec("asc-cld")) as result:
        assert "LA_Code:known-area" not in rule_counts(result)
        assert result.errors == 0


def test_the_command_takes_the_lookup_from_an_areas_file(tmp_path):
    from joinedup.cli import app

    areas = tmp_path / "areas.csv"
    areas.write_text("code,name,parent_code\nE10000099,Elsewhere,\n")
    result = CliRunner().invoke(
        app, ["validate", str(SAMPLE), "--spec", "asc-cld", "--areas", str(areas)]
    )
    assert result.exit_code == 1, result.output
    assert "LA_Code:known-area" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nx\n")
    result = CliRunner().invoke(
        app, ["validate", str(SAMPLE), "--spec", "asc-cld", "--areas", str(bad)]
    )
    # Rich wraps the message (with its long temporary path) at the terminal's width.
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "row 1 needs a column called code" in said, said
