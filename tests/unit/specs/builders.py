"""Synthetic, plausible CLD records for the specs tests (no real person: made-up names and
NHS numbers built with a valid check digit), and the errors we plant in them.

``asc_cld_rows(seed, people)`` gives valid rows: each person has one to four events of the
four types, with the fields each type needs. ``PLANTED`` maps an error kind to a function
that spoils one row and to the (field, rule) the validator must report for it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from joinedup.specs.nhs_number import with_check_digit

PERIOD_START, PERIOD_END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
GIVEN = ["Alys", "Bronwen", "Chidi", "Dev", "Eilidh", "Farah", "Gareth", "Hana", "Idris", "Jun"]
FAMILY = ["Ashworth", "Begum", "Chowdhury", "Dlamini", "Evans", "Fenwick", "Gill", "Hughes"]
POSTCODES = ["NE1 4XF", "DH1 3LE", "SR2 7PN", "TS1 2RJ", "NE63 9YH", "DL3 6AH", "NE29 0HU"]
ETHNICITY = [
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "Asian or Asian British: Indian",
    "Black, Black British, Caribbean or African: African",
    "Mixed or multiple ethnic groups: White and Asian",
    "No data: Undeclared or not known",
]
PSR = [
    "Physical Support: Personal care support",
    "Support with Memory & Cognition",
    "Learning Disability Support",
    "Mental Health Support",
]
ACCOMMODATION = [
    "Owner occupier or shared ownership scheme",
    "Tenant: Private landlord",
    "Registered care home",
    "Settled mainstream housing with family or friends",
]
SERVICES = [
    ("Long term support: Community", "Home support or domiciliary care"),
    ("Long term support: Residential care", "Community supported living"),
    ("Short term support: ST-Max", "Reablement"),
    ("Long term support: Nursing care", "Short term nursing care"),
]
OUTCOMES = [
    "Progress to assessment, review or reassessment",
    "Progress to support planning or services",
    "Continuation of support or services",
    "NFA: Information and advice or signposting",
]
HEADER = [
    "LA_Code",
    "Reporting_Period_Start_Date",
    "Reporting_Period_End_Date",
    "NHS_Number",
    "LA_Person_Unique_Identifier",
    "First_Name",
    "Last_Name",
    "GP_Practice_Code",
    "Gender",
    "Ethnicity",
    "Date_of_Birth",
    "Date_of_Death",
    "Client_Type",
    "Primary_Support_Reason",
    "Postcode",
    "Accommodation_Status",
    "Employment_Status",
    "Has_Unpaid_Carer",
    "Client_Funding_Status",
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Outcome",
    "Request_Route_of_Access",
    "Assessment_Type",
    "Eligible_Needs_Identified",
    "Method_of_Assessment",
    "Service_Type",
    "Service_Component",
    "Delivery_Mechanism",
    "Unit_Cost",
    "Cost_Frequency_(Unit_Type)",
    "Planned_units_per_week",
    "Review_Reason",
    "Review_Outcomes_Achieved",
    "Method_of_Review",
]


def nhs_number(rng: random.Random) -> str:
    while True:
        nine = f"{rng.choice([4, 6, 7])}{rng.randrange(10**8):08d}"
        number = with_check_digit(nine)
        if number and len(set(number)) > 1:
            return number


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def asc_cld_rows(seed: int, people: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for person in range(people):
        born = _date(rng, dt.date(1935, 1, 1), dt.date(2004, 12, 31))
        details = {
            "LA_Code": "E10000034",
            "Reporting_Period_Start_Date": PERIOD_START.isoformat(),
            "Reporting_Period_End_Date": PERIOD_END.isoformat(),
            "NHS_Number": nhs_number(rng),
            "LA_Person_Unique_Identifier": f"P{seed % 1000:03d}{person:05d}",
            "First_Name": rng.choice(GIVEN),
            "Last_Name": rng.choice(FAMILY),
            "GP_Practice_Code": f"A8{rng.randrange(10000):04d}",
            "Gender": rng.choice(["Female", "Male"]),
            "Ethnicity": rng.choice(ETHNICITY),
            "Date_of_Birth": born.isoformat(),
            "Client_Type": "Service user",
            "Primary_Support_Reason": rng.choice(PSR),
            "Postcode": rng.choice(POSTCODES),
            "Accommodation_Status": rng.choice(ACCOMMODATION),
            "Employment_Status": "Not in Paid Employment (not actively seeking work / retired)",
            "Has_Unpaid_Carer": rng.choice(["Yes", "No", "Unknown"]),
            "Client_Funding_Status": "Fully social care funded",
        }
        starts = sorted(rng.sample(range((PERIOD_END - PERIOD_START).days - 40), rng.randint(1, 4)))
        for number, offset in enumerate(starts):
            start = PERIOD_START + dt.timedelta(days=offset)
            kind = ("Request", "Assessment", "Service", "Review")[min(number, 3)]
            row = dict.fromkeys(HEADER, "") | details
            row |= {
                "Event_Type": kind,
                "Event_Reference": f"EV{seed % 1000:03d}{person:05d}{number}",
                "Event_Start_Date": start.isoformat(),
                "Event_End_Date": (start + dt.timedelta(days=rng.randint(0, 28))).isoformat(),
                "Event_Outcome": rng.choice(OUTCOMES),
            }
            row |= _event_fields(rng, kind)
            if kind == "Service" and rng.random() < 0.5:
                row["Event_End_Date"] = ""  # an open service
            rows.append(row)
    return rows


def _event_fields(rng: random.Random, kind: str) -> dict[str, str]:
    if kind == "Request":
        return {"Request_Route_of_Access": "Community / other route"}
    if kind == "Assessment":
        return {
            "Assessment_Type": "Long term assessment",
            "Eligible_Needs_Identified": "Yes",
            "Method_of_Assessment": "Face to face",
        }
    if kind == "Service":
        service_type, component = rng.choice(SERVICES)
        return {
            "Service_Type": service_type,
            "Service_Component": component,
            "Delivery_Mechanism": rng.choice(["Direct payment", "CASSR managed personal budget"]),
            "Unit_Cost": f"{rng.uniform(15, 900):.2f}",
            "Cost_Frequency_(Unit_Type)": "Weekly",
            "Planned_units_per_week": str(rng.randint(1, 28)),
        }
    return {
        "Review_Reason": "Planned review of long term support",
        "Review_Outcomes_Achieved": "Fully achieved",
        "Method_of_Review": "Face to face",
    }


def write_csv(rows: list[dict[str, str]], path: Path, header: list[str] | None = None) -> Path:
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header or HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def _bad_check_digit(row):
    row["NHS_Number"] = row["NHS_Number"][:9] + str((int(row["NHS_Number"][9]) + 1) % 10)


def _end_before_start(row):
    start = dt.date.fromisoformat(row["Event_Start_Date"])
    row["Event_End_Date"] = (start - dt.timedelta(days=3)).isoformat()


def _blank_service_type(row):
    row |= {"Event_Type": "Service", "Service_Type": "", "Service_Component": "Reablement"}


def _set(field, value):
    def spoil(row):
        row[field] = value

    return spoil


# kind -> (spoil the row in place, field reported as written, rule id)
PLANTED = {
    "check-digit": (_bad_check_digit, "NHS_Number", "NHS_Number:check-digit"),
    "placeholder": (_set("NHS_Number", "0000000000"), "NHS_Number", "NHS_Number:placeholder"),
    "blank-gender": (_set("Gender", ""), "Gender", "Gender:required"),
    "gender-case": (_set("Gender", "female"), "Gender", "Gender:codelist"),
    "end-before-start": (_end_before_start, "Event_End_Date", "event-end-not-before-start"),
    "bad-date": (
        _set("Event_Start_Date", "2025-13-01"),
        "Event_Start_Date",
        "Event_Start_Date:type",
    ),
    "postcode": (_set("Postcode", "NOT A CODE"), "Postcode", "Postcode:format"),
    "la-code": (_set("LA_Code", "X123"), "LA_Code", "LA_Code:format"),
    "blank-service-type": (_blank_service_type, "Service_Type", "Service_Type:required-when"),
    "ethnicity": (_set("Ethnicity", "White"), "Ethnicity", "Ethnicity:codelist"),
}
