# ruff: noqa: E501 -- the indicator table reads best with one indicator per line
"""The benchmark's 20 indicators: a mix of proportions, crude rates and DSRs on synthetic data.

Written as data (the same shape as a definition file), so the engine, the floor and the pandas
baseline all read the same filters.
"""

from joinedup.indicators import Definition, definition_from_dict

OLDER = {"column": "age_band", "op": ">=", "value": "65-69"}
ADULT = {"column": "age_band", "op": ">=", "value": "20-24"}
WORKING_AGE = {
    "column": "age_band",
    "op": "in",
    "value": [f"{a}-{a + 4}" for a in range(20, 65, 5)],
}
POPULATION = {"dataset": "population", "count": {"sum": "population"}}


def _type(name):
    return {"column": "event_type", "op": "==", "value": name}


def _cause(*names):
    return {"column": "cause", "op": "in", "value": list(names)}


def _events(*filters, count="rows"):
    return {"dataset": "events", "count": count, "filters": list(filters)}


def _population(*filters):
    return {**POPULATION, "filters": list(filters)}


EMERGENCY = _type("emergency_admission")
# id -> (method, polarity, numerator, denominator)
INDICATORS = {
    "falls-65-dsr": ("dsr", "LowIsGood", _events(EMERGENCY, _cause("fall", "hip_fracture"), OLDER), _population(OLDER)),
    "hip-fracture-65-dsr": ("dsr", "LowIsGood", _events(EMERGENCY, _cause("hip_fracture"), OLDER), _population(OLDER)),
    "copd-dsr": ("dsr", "LowIsGood", _events(EMERGENCY, _cause("copd")), _population()),
    "self-harm-dsr": ("dsr", "LowIsGood", _events(EMERGENCY, _cause("self_harm")), _population()),
    "alcohol-dsr": ("dsr", "LowIsGood", _events(EMERGENCY, _cause("alcohol")), _population()),
    "emergency-dsr": ("dsr", "LowIsGood", _events(EMERGENCY), _population()),
    "ae-dsr": ("dsr", "LowIsGood", _events(_type("ae_attendance")), _population()),
    "care-home-65-rate": ("rate", "LowIsGood", _events(_type("care_home_admission"), OLDER), _population(OLDER)),
    "care-home-18-64-rate": ("rate", "LowIsGood", _events(_type("care_home_admission"), WORKING_AGE), _population(WORKING_AGE)),
    "delayed-days-rate": ("rate", "LowIsGood", _events(_type("delayed_transfer"), ADULT, count={"sum": "days"}), _population(ADULT)),
    "safeguarding-rate": ("rate", "NoJudgement", _events(_type("safeguarding_enquiry"), ADULT), _population(ADULT)),
    "carers-assessment-rate": ("rate", "HighIsGood", _events(_type("carers_assessment"), ADULT), _population(ADULT)),
    "requests-65-rate": ("rate", "NoJudgement", _events(_type("social_care_request"), OLDER), _population(OLDER)),
    "requests-18-64-rate": ("rate", "NoJudgement", _events(_type("social_care_request"), WORKING_AGE), _population(WORKING_AGE)),
    "reablement-home-91": ("proportion", "HighIsGood",
        _events(_type("reablement_discharge"), OLDER, {"column": "outcome", "op": "==", "value": "at_home_91"}),
        _events(_type("reablement_discharge"), OLDER)),
    "reablement-readmitted": ("proportion", "LowIsGood",
        _events(_type("reablement_discharge"), {"column": "outcome", "op": "==", "value": "readmitted"}),
        _events(_type("reablement_discharge"))),
    "falls-share-65": ("proportion", "NoJudgement", _events(EMERGENCY, _cause("fall"), OLDER), _events(EMERGENCY, OLDER)),
    "hip-fracture-share-of-falls": ("proportion", "NoJudgement",
        _events(EMERGENCY, _cause("hip_fracture")), _events(EMERGENCY, _cause("fall", "hip_fracture"))),
    "physical-support-requests": ("proportion", "NoJudgement",
        _events(_type("social_care_request"), {"column": "client_group", "op": "==", "value": "Physical support"}),
        _events(_type("social_care_request"))),
    "ae-under-5-share": ("proportion", "NoJudgement",
        _events(_type("ae_attendance"), {"column": "age_band", "op": "==", "value": "0-4"}),
        _events(_type("ae_attendance"))),
}  # fmt: skip


def definitions() -> list[Definition]:
    return [
        definition_from_dict(
            {
                "id": indicator_id,
                "title": indicator_id.replace("-", " ").capitalize(),
                "version": "1",
                "method": method,
                "polarity": polarity,
                "source": "Synthetic national data (bench)",
                "breakdowns": ["sex", "deprivation_decile"],
                "geography": ["lsoa", "la", "icb", "region", "england"],
                "period": {"kind": "financial_year", "years": 1},
                "numerator": numerator,
                "denominator": denominator,
            }
        )
        for indicator_id, (method, polarity, numerator, denominator) in INDICATORS.items()
    ]
