"""Specifications are validated data: the shipped ones load, bad ones name file and field."""

import ast
import json
from pathlib import Path

import pytest

from joinedup.specs import SpecError, get_spec, load_catalogue, load_spec, shipped_specs
from joinedup.specs.registry import LIBRARY

GOOD = {"name": "good", "fields": [{"name": "A"}, {"name": "B", "type": "date"}]}


def write(tmp_path, descriptor) -> Path:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return path


def test_every_shipped_specification_loads():
    assert set(shipped_specs()) == {
        "asc-cld",
        "hospital-discharges",
        "community-referrals",
        "population-estimates",
        "service-catalogue",
    }


def test_asc_cld_uses_the_national_field_names_and_lists():
    spec = get_spec("asc-cld")
    for name in (
        "LA_Code",
        "LA_Person_Unique_Identifier",
        "NHS_Number",
        "Gender",
        "Ethnicity",
        "Client_Type",
        "Primary_Support_Reason",
        "Event_Type",
        "Event_Reference",
        "Event_Start_Date",
        "Event_End_Date",
        "Event_Outcome",
        "Service_Type",
        "Delivery_Mechanism",
        "Unit_Cost",
        "Cost_Frequency_Unit_Type",
        "Planned_units_per_week",
        "Review_Reason",
        "Review_Outcomes_Achieved",
    ):
        spec.field(name)
    assert spec.field("Event_Type").codelist.values == (
        "Request",
        "Assessment",
        "Service",
        "Review",
    )
    assert "Cost_Frequency_(Unit_Type)" in spec.field("Cost_Frequency_Unit_Type").aliases
    assert len(spec.fields) == 50


def test_the_catalogue_shows_items_collected_in_several_returns():
    shared = {item.id: {use.spec for use in uses} for item, uses in load_catalogue().shared()}
    assert shared["nhs_number"] == {"asc-cld", "hospital-discharges", "community-referrals"}


def test_the_register_lists_match_the_register():
    from joinedup.places.choices import CapacityUnit, ClientGroup, ServiceFunction

    spec = get_spec("service-catalogue")
    assert spec.field("client_group").codelist.values == tuple(ClientGroup.values)
    assert spec.field("function").codelist.values == tuple(ServiceFunction.values)
    assert spec.field("capacity_unit").codelist.values == tuple(CapacityUnit.values)


def test_the_population_lists_match_the_population_import():
    from joinedup.places.areas import AGE_BANDS

    assert get_spec("population-estimates").field("age_band").codelist.values == AGE_BANDS


@pytest.mark.parametrize(
    "change, where, words",
    [
        (lambda d: d["fields"][0].update(colour="red"), "field 'A'", "unknown key 'colour'"),
        (lambda d: d["fields"][1].update(type="datetime"), "field 'B'", "type must be one of"),
        (
            lambda d: d["fields"][0].update(constraints={"pattern": "[a-"}),
            "field 'A'",
            "not a regular expression",
        ),
        (
            lambda d: d["fields"][0].update({"x-codelist": "common#Nope"}),
            "field 'A'",
            "does not exist",
        ),
        (
            lambda d: d["fields"][0].update({"x-required-when": {"field": "Z", "in": ["x"]}}),
            "field 'A'",
            "names the field 'Z'",
        ),
        (
            lambda d: d.update(
                {"x-rules": [{"id": "r", "left": "A", "op": ">", "right": "B", "description": "d"}]}
            ),
            "rule 'r'",
            "cannot compare",
        ),
        (
            lambda d: d.update(
                {
                    "x-unique": [
                        {"id": "u", "fields": ["A"], "description": "d", "severity": "fatal"}
                    ]
                }
            ),
            "unique key 'u'",
            "severity",
        ),
        (lambda d: d["fields"].append({"name": "A"}), "field 'A'", "defined twice"),
        (
            lambda d: d["fields"][0].update({"x-area-lookup": True}),
            "field 'A'",
            "x-area-lookup needs x-format ons-code",
        ),
    ],
)
def test_a_bad_specification_names_its_file_and_field(tmp_path, change, where, words):
    descriptor = json.loads(json.dumps(GOOD))
    change(descriptor)
    path = write(tmp_path, descriptor)
    (tmp_path / "codelists").symlink_to(LIBRARY / "codelists")
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    assert str(path) in str(raised.value) and where in str(raised.value)
    assert words in str(raised.value)


def test_a_specification_that_is_not_json_says_so(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SpecError, match="cannot be read as JSON"):
        load_spec(path)


def test_the_specs_package_never_imports_django():
    package = Path(LIBRARY).parent
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "django" for n in names), module.name
