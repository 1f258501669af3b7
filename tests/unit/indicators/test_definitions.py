"""Definition files load into the model, and bad ones fail naming the file and the item."""

import pytest

from joinedup.indicators import (
    DEFINITIONS_DIR,
    DefinitionError,
    Method,
    load_definition,
    load_definitions,
)
from joinedup.indicators.model import CountRule, PeriodKind, Polarity

GOOD = """
id = "falls"
title = "Falls"
version = 2
method = "dsr"
polarity = "LowIsGood"
breakdowns = ["sex", "deprivation_decile"]
period = { kind = "calendar_year", years = 3 }

[numerator]
dataset = "events"
count = "rows"
filters = [{ column = "age_band", op = ">=", value = "65-69" }]

[denominator]
dataset = "population"
count = { sum = "population" }
"""


def write(tmp_path, text, name="x.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_every_shipped_definition_loads():
    definitions = load_definitions()
    assert len(definitions) >= 5
    assert {d.method for d in definitions} == set(Method)
    assert len({d.id for d in definitions}) == len(definitions)


def test_a_definition_file_becomes_the_model_with_defaults(tmp_path):
    definition = load_definition(write(tmp_path, GOOD))
    assert definition.version == "2"
    assert definition.multiplier == 100_000  # the DSR default
    assert definition.polarity is Polarity.LOW_IS_GOOD
    assert definition.period.kind is PeriodKind.CALENDAR_YEAR and definition.period.years == 3
    assert definition.denominator.count.rule is CountRule.SUM
    assert definition.geography == ("lsoa", "la", "icb", "region", "england")


def test_the_model_is_immutable(tmp_path):
    definition = load_definition(write(tmp_path, GOOD))
    with pytest.raises(AttributeError):
        definition.title = "changed"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('"age_band", op', '"agee", op'),
            "x.toml: numerator.filters[0]: unknown column 'agee' in dataset 'events'",
        ),
        (('"65-69"', '"65-70"'), "numerator.filters[0]: '65-70' is not an age band"),
        (('op = ">="', 'op = "~"'), "numerator.filters[0]: unknown operator '~'"),
        (('method = "dsr"', 'method = "ratio"'), "method: 'ratio' is not one of"),
        (('polarity = "LowIsGood"', 'polarity = "Low"'), "polarity: 'Low' is not one of"),
        (('"sex", "dep', '"ethnicity", "dep'), "breakdowns[0]: 'ethnicity' is not a column of"),
        (("years = 3", "years = 2"), "period.years: a period is 1 year or a rolling 3 years"),
        (('count = "rows"', 'count = { sum = "sex" }'), "numerator.count: cannot sum column 'sex'"),
        (('dataset = "events"', 'dataset = "event"'), "numerator.dataset: unknown dataset 'event'"),
        (('title = "Falls"', 'titel = "Falls"'), "unknown key 'titel'"),
        (('"sex", "dep', '"age_band", "dep'), "breakdowns[0]: a DSR is standardised by age band"),
    ],
)
def test_a_bad_definition_names_the_file_and_item(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert str(path) in str(caught.value) or "x.toml" in str(caught.value)
    assert message in str(caught.value)


def test_a_shipped_file_is_named_from_the_indicators_folder(tmp_path):
    path = DEFINITIONS_DIR / "falls-admissions-65.toml"
    assert load_definition(path).id == "falls-admissions-65"
    bad = DEFINITIONS_DIR / "does-not-exist.toml"
    with pytest.raises(DefinitionError, match=r"^indicators/definitions/does-not-exist.toml: "):
        load_definition(bad)


def test_invalid_toml_is_reported_with_the_file(tmp_path):
    with pytest.raises(DefinitionError, match="x.toml: not valid TOML"):
        load_definition(write(tmp_path, "id = "))


def test_two_files_with_one_id_are_refused(tmp_path):
    first, second = write(tmp_path, GOOD, "a.toml"), write(tmp_path, GOOD, "b.toml")
    with pytest.raises(DefinitionError, match="b.toml: id: id 'falls' is already used"):
        load_definitions([first, second])
