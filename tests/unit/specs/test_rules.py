"""Each kind of rule catches a planted error at the right row and field, and passes clean rows."""

import pytest

from joinedup.specs import parse_spec, validate
from joinedup.specs.registry import LIBRARY

TINY = {
    "name": "tiny",
    "fields": [
        {"name": "Id", "constraints": {"required": True}},
        {"name": "Kind", "constraints": {"required": True, "enum": ["A", "B"]}},
        {"name": "Count", "type": "integer", "constraints": {"minimum": 0, "maximum": 10}},
        {"name": "Cost", "type": "number"},
        {"name": "Code", "constraints": {"pattern": "[A-Z]{2}[0-9]+", "maxLength": 3}},
        {"name": "Start", "type": "date", "format": "any"},
        {"name": "End", "type": "date"},
        {
            "name": "Detail",
            "x-required-when": {"field": "Kind", "in": ["B"]},
            "x-applicable-when": {"field": "Kind", "in": ["B"]},
        },
        {"name": "NHS", "x-format": "nhs-number"},
        {"name": "Postcode", "x-format": "uk-postcode"},
        {"name": "Area", "x-format": "ons-code", "x-ons-prefixes": ["E06", "E10"]},
        {"name": "Practice", "x-format": "ods-code"},
        {"name": "Gender", "x-codelist": "common#Gender"},
    ],
    "primaryKey": ["Id"],
    "x-rules": [
        {
            "id": "end-after-start",
            "left": "End",
            "op": ">=",
            "right": "Start",
            "description": "Ends on or after it starts",
        },
    ],
}
HEADER = [f["name"] for f in TINY["fields"]]
CLEAN = [
    "1",
    "A",
    "3",
    "12.50",
    "AB1",
    "05/01/2025",
    "2025-01-31",
    "",
    "4010232137",
    "SW1A 1AA",
    "E06000047",
    "A81001",
    "Female",
]


@pytest.fixture
def tiny():
    return parse_spec(TINY, codelist_folder=LIBRARY / "codelists", origin="tiny.json")


def check(write_csv, spec, rows, header=HEADER):
    path = write_csv(header, rows)
    with validate(path, spec) as result:
        return result.problems()


def test_clean_rows_have_no_problems(write_csv, tiny):
    second = list(CLEAN)
    second[0] = "2"
    assert check(write_csv, tiny, [CLEAN, second]) == []


@pytest.mark.parametrize(
    "column, value, rule",
    [
        ("Id", "", "Id:required"),
        ("Kind", "C", "Kind:enum"),
        ("Count", "2.5", "Count:type"),
        ("Count", "11", "Count:range"),
        ("Count", "-1", "Count:range"),
        ("Cost", "£12", "Cost:type"),
        ("Code", "ab1", "Code:pattern"),
        ("Code", "AB12", "Code:length"),
        ("Start", "31/02/2025", "Start:type"),
        ("End", "2024-12-31", "end-after-start"),
        ("Detail", "given", "Detail:not-applicable"),
        ("NHS", "943476591", "NHS:format"),
        ("NHS", "4010232138", "NHS:check-digit"),
        ("NHS", "9434765919", "NHS:issued-range"),
        ("NHS", "0000000000", "NHS:placeholder"),
        ("NHS", "5555555555", "NHS:placeholder"),
        ("NHS", "9999999999", "NHS:placeholder"),
        ("NHS", "5000000005", "NHS:issued-range"),
        ("Postcode", "SW1A1A", "Postcode:format"),
        ("Area", "E07000123", "Area:format"),
        ("Area", "E0600004", "Area:format"),
        ("Practice", "a81", "Practice:format"),
        ("Gender", "Femal", "Gender:codelist"),
    ],
)
def test_a_planted_error_is_reported_at_its_row_and_field(write_csv, tiny, column, value, rule):
    bad = list(CLEAN)
    bad[0] = "2"
    bad[HEADER.index(column)] = value
    problems = check(write_csv, tiny, [CLEAN, bad, [*CLEAN[:0], "3", *CLEAN[1:]]])
    assert [(p.row, p.field, p.value, p.rule) for p in problems] == [(3, column, value, rule)]


def test_a_conditional_requirement_applies_only_where_its_condition_holds(write_csv, tiny):
    needs_detail = list(CLEAN)
    needs_detail[1] = "B"
    problems = check(write_csv, tiny, [CLEAN, ["2", *needs_detail[1:]]])
    assert [(p.row, p.rule) for p in problems] == [(3, "Detail:required-when")]
    assert "Kind is 'B'" in problems[0].message


def test_repeated_keys_name_the_first_row(write_csv, tiny):
    problems = check(
        write_csv, tiny, [CLEAN, ["2", *CLEAN[1:]], ["1", "B", *CLEAN[2:7], "x", *CLEAN[8:]]]
    )
    assert [(p.row, p.rule) for p in problems] == [(4, "primary-key")]
    assert "as row 2" in problems[0].message


def test_an_exact_copy_of_a_row_is_reported_once(write_csv, tiny):
    problems = check(write_csv, tiny, [CLEAN, CLEAN])
    assert sorted((p.row, p.rule) for p in problems) == [(3, "exact-duplicate"), (3, "primary-key")]


def test_columns_are_matched_by_name_and_reported_as_written(write_csv, tiny):
    header = [name.upper().replace("S", "s") for name in HEADER]  # e.g. "POsTCODE"
    header = header[::-1]
    bad = list(CLEAN)
    bad[HEADER.index("Postcode")] = "nowhere"
    problems = check(write_csv, tiny, [bad[::-1]], header=header)
    assert [(p.row, p.field) for p in problems] == [(2, "POsTCODE")]


def test_a_column_not_in_the_specification_is_a_warning_on_the_header_row(write_csv, tiny):
    path = write_csv([*HEADER, "Notes"], [[*CLEAN, "anything"]])
    with validate(path, tiny) as result:
        problems = result.problems()
        assert result.ok and result.errors == 0
    assert [(p.row, p.field, p.rule, p.severity) for p in problems] == [
        (1, "Notes", "unknown-column", "warning")
    ]


def test_a_superseded_code_is_a_warning_naming_its_replacement(write_csv):
    from joinedup.specs import get_spec

    spec = get_spec("asc-cld")
    codelist = spec.field("Service_Type").codelist
    assert ("Short Term Support: ST-Max", "Short term support: ST-Max") in codelist.deprecated


def test_a_value_in_the_wrong_case_gets_a_hint(write_csv, tiny):
    bad = list(CLEAN)
    bad[HEADER.index("Gender")] = "female"
    (problem,) = check(write_csv, tiny, [bad])
    assert problem.message.endswith("Did you mean 'Female'?")


def test_rows_sharing_a_key_are_exact_copies_only_if_every_cell_agrees(write_csv, tiny):
    other_cost = [*CLEAN[:3], "99", *CLEAN[4:]]
    problems = check(write_csv, tiny, [CLEAN, other_cost, CLEAN, other_cost, CLEAN])
    assert sorted((p.row, p.rule, p.message) for p in problems if p.rule == "exact-duplicate") == [
        (4, "exact-duplicate", "This row is an exact copy of row 2."),
        (5, "exact-duplicate", "This row is an exact copy of row 3."),
        (6, "exact-duplicate", "This row is an exact copy of row 2."),
    ]
    assert [p.row for p in problems if p.rule == "primary-key"] == [3, 4, 5, 6]


@pytest.mark.parametrize("second_kind", ["B", "A"])
def test_keys_of_different_rows_and_exact_copies_share_one_hash_only_when_exclusive(
    write_csv, second_kind
):
    """Keys that apply to different rows (one per kind) share one hash column in the scan; with
    keys that may apply to the same row (both on kind A), each keeps its own."""
    from joinedup.specs import whole_table

    spec = parse_spec(
        {
            "name": "events",
            "fields": [{"name": "Kind"}, {"name": "Id"}, {"name": "Day"}, {"name": "Note"}],
            "x-unique": [
                {
                    "id": "key-a",
                    "fields": ["Id", "Day"],
                    "when": {"field": "Kind", "in": ["A"]},
                    "description": "One A per person and day",
                },
                {
                    "id": "key-b",
                    "fields": ["Id"],
                    "when": {"field": "Kind", "in": [second_kind]},
                    "description": "One per person",
                },
            ],
            "x-exact-duplicates": "warning",
        }
    )
    assert whole_table._exclusive(spec.unique) == (second_kind == "B")
    rows = [
        ["A", "1", "d1", "x"],
        ["A", "1", "d1", "y"],
        ["B", "1", "d1", "x"],
        ["B", "1", "d2", "z"],
        ["C", "1", "d1", "x"],
        ["C", "1", "d1", "x"],
        ["A", "1", "d1", "x"],
        ["", "", "", ""],
        ["", "", "", ""],
    ]
    problems = check(write_csv, spec, rows, header=["Kind", "Id", "Day", "Note"])
    found = sorted((p.row, p.rule) for p in problems)
    if second_kind == "B":
        assert found == [
            (3, "key-a"),
            (5, "key-b"),
            (7, "exact-duplicate"),
            (8, "exact-duplicate"),
            (8, "key-a"),
            (10, "exact-duplicate"),
        ]
    else:
        assert found == [
            (3, "key-a"),
            (3, "key-b"),
            (7, "exact-duplicate"),
            (8, "exact-duplicate"),
            (8, "key-a"),
            (8, "key-b"),
            (10, "exact-duplicate"),
        ]


def test_exact_copies_are_found_without_any_key(write_csv):
    spec = parse_spec({"name": "keyless", "fields": [{"name": "A"}, {"name": "B"}]})
    rows = [["1", "x"], ["1", "y"], ["1", ""], ["1", "y"], ["", ""], ["1", ""], ["", ""]]
    problems = check(write_csv, spec, rows, header=["A", "B"])
    assert [(p.row, p.message) for p in problems] == [
        (5, "This row is an exact copy of row 3."),
        (7, "This row is an exact copy of row 4."),
        (8, "This row is an exact copy of row 6."),
    ]


def test_progress_is_reported_up_to_the_end(write_csv, tiny):
    seen = []
    path = write_csv(HEADER, [CLEAN])
    with validate(path, tiny, progress=lambda *step: seen.append(step)):
        pass
    assert seen[0] == ("Reading the file", 0, 1)
    stage, done, total = seen[-1]
    assert stage == "Checking rules" and done == total
    assert [step[1] for step in seen[1:]] == sorted(step[1] for step in seen[1:])


def test_the_scan_keeps_the_order_of_the_file():
    """Row numbers are the scan's row ids: DuckDB must store the rows in the file's order
    (a long code list must not become a join, which would not)."""
    from joinedup.specs import get_spec
    from joinedup.specs.statements import keeps_order

    from .conftest import SAMPLE

    captured = []
    with validate(SAMPLE, get_spec("asc-cld")) as result:
        again = result.scan_sql.replace("CREATE TABLE checked", "CREATE TABLE checked_again")
        captured.append(keeps_order(result.con, again))
    assert captured == [True]


CASES = ["Female", "female", "FEMALE", "Male", "mALE", "Other", "Unknown", "unknown", "Fem", ""]


@pytest.mark.parametrize(
    ("condition", "applies"),
    [
        ({"in": ["female", "OTHER"]}, lambda v: v.lower() in ("female", "other")),
        ({"not_in": ["male"]}, lambda v: v.lower() != "male"),
        ({"starts_with": ["f", "UNK"]}, lambda v: v.lower().startswith(("f", "unk"))),
    ],
)
def test_a_condition_in_any_case_on_a_coded_field_holds_for_a_value_in_any_case(
    write_csv, condition, applies
):
    # Cells written as the code list has them are judged without lowering (a shortcut):
    # the result must be the same as lowering every cell, blanks and unlisted values included.
    spec = parse_spec(
        {
            "name": "coded",
            "fields": [
                {"name": "Id"},
                {"name": "Gender", "x-codelist": "common#Gender"},
                {
                    "name": "Detail",
                    "x-required-when": {"field": "Gender", "ignore_case": True, **condition},
                },
            ],
        },
        codelist_folder=LIBRARY / "codelists",
        origin="coded.json",
    )
    path = write_csv(["Id", "Gender", "Detail"], [[str(i), v, ""] for i, v in enumerate(CASES)])
    with validate(path, spec) as result:
        required = {p.row for p in result.problems() if p.rule == "Detail:required-when"}
    blank_is_not_in = condition.get("not_in") is not None
    expected = {
        row
        for row, value in enumerate(CASES, start=2)
        if (applies(value) if value else blank_is_not_in)
    }
    assert required == expected
    assert required  # the condition holds somewhere: the test can fail


def _with(id_, **cells):
    row = list(CLEAN)
    row[0] = id_
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # A good first cell: its repeats pass; other values and blanks are judged as ever.
        (
            [_with("1"), _with("2", Area="X123"), _with("", Area=""), _with("4")],
            {(3, "Area:format"), (4, "Id:required")},
        ),
        # A bad first cell fails at every row that repeats it.
        (
            [_with("1", Area="X123"), _with("2", Area="X123"), _with("3")],
            {(2, "Area:format"), (3, "Area:format")},
        ),
        # A first date (a format other than ISO) is parsed once; rules that compare it still
        # compare, and a repeat of a bad first date is bad.
        (
            [_with("1"), _with("2", End="2025-01-04"), _with("3", Start="31/02/2025")],
            {(3, "end-after-start"), (4, "Start:type")},
        ),
        (
            [_with("1", Start="31/02/2025"), _with("2", Start="31/02/2025"), _with("3")],
            {(2, "Start:type"), (3, "Start:type")},
        ),
        # Two rules of a field share one screen: the first cell passes both, or fails one.
        (
            [_with("1"), _with("2", Code="AB12"), _with("3", Code="ab1"), _with("4")],
            {(3, "Code:length"), (4, "Code:pattern")},
        ),
        (
            [_with("1", Code="AB12"), _with("2", Code="AB12"), _with("3")],
            {(2, "Code:length"), (3, "Code:length")},
        ),
    ],
)
def test_cells_like_the_first_records_are_judged_as_any_other(write_csv, tiny, rows, expected):
    # The first record's cells are judged once for the whole file (many files repeat them in
    # every row): that must change nothing that is found.
    problems = check(write_csv, tiny, rows)
    assert {(p.row, p.rule) for p in problems} == expected


def test_a_screen_shared_by_rules_is_tested_once_beside_the_first_records_cell(write_csv, tiny):
    path = write_csv(HEADER, [CLEAN, _with("2", Code="AB12")])
    with validate(path, tiny) as result:
        code = f'regexp_full_match("c{HEADER.index("Code")}"'
        assert result.scan_sql.count(code) == 1  # Code's pattern and length share one screen
        assert [(p.row, p.rule) for p in result.problems()] == [(3, "Code:length")]
