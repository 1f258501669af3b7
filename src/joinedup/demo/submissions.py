"""Data submissions in the demo: a postcode lookup, Northshire's social care files, and files
already sent and checked through the real path, so that the Data page and the dataset store
hold accepted data when the demo starts.

Made from the seed: the postcode lookup for the 60 LSOAs (fictional postcodes in the area
``NX``, which Royal Mail has never used, shaped as the validator expects); the county
council's ASC-CLD files for 2024-25 and 2025-26 (:mod:`.asc_cld`); a copy of the 2025-26 file
with errors planted at the rows and fields listed in :data:`PLANTED`; and a hospital
discharges file from the acute trust with a few errors of its own. The 2025-26 files are left
in ``<DATA_DIR>/demo/`` for a person to send; the 2024-25 file is sent and accepted, and the
discharges file is sent and refused, as the demo loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from joinedup.places.models import Organisation, Place
from joinedup.store.postcodes import write_lookup
from joinedup.submissions import actions, files, processing
from joinedup.submissions.models import Status, Submission

from . import asc_cld
from .geography import GeographyPlan

DATA_OFFICER = "ncc.data"
TRUST_SENDER = "nhft.editor"
CLEAN_NAME = "northshire-asc-cld-2025-26.csv"
WITH_ERRORS_NAME = "northshire-asc-cld-2025-26-with-errors.csv"
EARLIER_NAME = "northshire-asc-cld-2024-25.csv"
DISCHARGES_NAME = "northshire-hospitals-discharges-2025-26-q3.csv"
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters an inward code may end with
POSTCODES_PER_LSOA = 4


def demo_dir() -> Path:
    return Path(settings.DATA_DIR) / "demo"


def plan_postcodes(rng: random.Random, plan: GeographyPlan) -> list[tuple[str, str, int, int]]:
    """``(postcode, lsoa_code, people aged 18-64, people aged 65+)``, four per LSOA.

    Each ward is a postcode district (NX1 to NX12), each of its LSOAs a sector in it.
    """
    ward_numbers = {code: number for number, (code, *_) in enumerate(plan.wards, start=1)}
    sectors: dict[str, int] = {}
    result = []
    for lsoa in plan.lsoas:
        sector = sectors[lsoa.ward_code] = sectors.get(lsoa.ward_code, 0) + 1
        counts = lsoa.population[max(lsoa.population)]
        adults = sum(n for (_, band), n in counts.items() if 18 <= _low(band) < 65)
        older = sum(n for (_, band), n in counts.items() if _low(band) >= 65)
        units = rng.sample([a + b for a in UNIT_LETTERS for b in UNIT_LETTERS], POSTCODES_PER_LSOA)
        for unit in sorted(units):
            postcode = f"NX{ward_numbers[lsoa.ward_code]} {sector}{unit}"
            result.append((postcode, lsoa.code, adults, older))
    return result


def _low(band: str) -> int:
    """The first age of a band: 65 for "65-69", 90 for "90+"."""
    return int(band.rstrip("+").split("-")[0])


# Planted errors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plant:
    near_row: int  # the first suitable row from here (as a spreadsheet numbers it) is spoilt
    field: str
    rule: str  # the validator's rule that must find it
    spoil: Callable[[dict], str]
    suits: Callable[[dict], bool] = lambda row: True


def _wrong_check_digit(row: dict) -> str:
    number = row["NHS_Number"]
    return number[:9] + str((int(number[9]) + 1) % 10)


def _day_before(row: dict) -> str:
    return (dt.date.fromisoformat(row["Event_Start_Date"]) - dt.timedelta(days=3)).isoformat()


def _is(event_type: str, *needs: str) -> Callable[[dict], bool]:
    return lambda row: row["Event_Type"] == event_type and all(row[n] for n in needs)


PLANTS = (
    Plant(14, "NHS_Number", "NHS_Number:check-digit", _wrong_check_digit),
    Plant(203, "Ethnicity", "Ethnicity:codelist", lambda row: "White British"),
    Plant(
        388, "Event_Start_Date", "Event_Start_Date:type", lambda row: "2025-09-31", _is("Request")
    ),
    Plant(
        575,
        "Event_End_Date",
        "event-end-not-before-start",
        _day_before,
        lambda row: row["Event_Type"] == "Assessment" and row["Event_Start_Date"] > "2025-05-01",
    ),
    Plant(760, "Postcode", "Postcode:format", lambda row: row["Postcode"].split()[0] + " 5"),
    Plant(941, "Accommodation_Status", "Accommodation_Status:required", lambda row: ""),
    Plant(
        1130,
        "Unit_Cost",
        "Unit_Cost:range",
        lambda row: f"-{row['Unit_Cost']}",
        _is("Service", "Unit_Cost"),
    ),
    Plant(1322, "Service_Type", "Service_Type:required-when", lambda row: "", _is("Service")),
    Plant(1517, "LA_Code", "LA_Code:format", lambda row: "E1090001"),
    Plant(
        1705,
        "Planned_units_per_week",
        "Planned_units_per_week:range",
        lambda row: "1500",
        _is("Service", "Planned_units_per_week"),
    ),
    Plant(1890, "Event_Outcome", "Event_Outcome:codelist", lambda row: "Service ended"),
)
# Where they land in the demo's file (seed 2026): (row as a spreadsheet shows it, field, rule).
# A test checks that the file with errors has them here and that the validator finds each one.
PLANTED = (
    (14, "NHS_Number", "NHS_Number:check-digit"),
    (203, "Ethnicity", "Ethnicity:codelist"),
    (388, "Event_Start_Date", "Event_Start_Date:type"),
    (577, "Event_End_Date", "event-end-not-before-start"),
    (760, "Postcode", "Postcode:format"),
    (941, "Accommodation_Status", "Accommodation_Status:required"),
    (1133, "Unit_Cost", "Unit_Cost:range"),
    (1323, "Service_Type", "Service_Type:required-when"),
    (1517, "LA_Code", "LA_Code:format"),
    (1707, "Planned_units_per_week", "Planned_units_per_week:range"),
    (1890, "Event_Outcome", "Event_Outcome:codelist"),
)


def plant_errors(rows: list[dict]) -> tuple[list[dict], list[tuple[int, str, str]]]:
    """A copy of ``rows`` with every plant in it, and where each went: (row, field, rule)."""
    spoilt = [dict(row) for row in rows]
    planted = []
    for plant in PLANTS:
        index = next(i for i in range(plant.near_row - 2, len(rows)) if plant.suits(spoilt[i]))
        spoilt[index][plant.field] = plant.spoil(spoilt[index])
        planted.append((index + 2, plant.field, plant.rule))
    return spoilt, planted


# Hospital discharges ------------------------------------------------------------------------

DESTINATIONS = (
    ("Usual place of residence", 55), ("Usual place of residence with new or extra support", 20),
    ("Community bed (rehabilitation or intermediate care)", 10), ("Care home (residential)", 7),
    ("Care home (nursing)", 4), ("Died", 2), ("Another hospital", 2),
)  # fmt: skip
DELAYS = (
    ("Awaiting home care package", "Social care", 30), ("Awaiting assessment", "Both", 20),
    ("Awaiting care home place", "Social care", 15), ("Awaiting medicines to take home", "NHS", 10),
    ("Awaiting reablement or intermediate care", "Both", 15), ("Awaiting transport", "NHS", 5),
    ("Patient or family choice", "Both", 5),
)  # fmt: skip
DISCHARGE_COLUMNS = (
    "Provider_Code", "Spell_Identifier", "NHS_Number", "Date_of_Birth", "Gender", "Postcode",
    "Local_Authority_Code", "Admission_Date", "Discharge_Ready_Date", "Discharge_Date",
    "Discharge_Destination", "Delay_Reason", "Delay_Attributable_To", "Delay_Days",
)  # fmt: skip
# The trust's file was sent with these errors: (row, field, bad value).
DISCHARGE_ERRORS = (
    (9, "Discharge_Destination", "Home"),
    (27, "Delay_Reason", ""),
    (58, "Discharge_Date", "2025-10-01"),
)


def discharges_csv(rng: random.Random, people: list[asc_cld.Person]) -> bytes:
    """The acute trust's discharges of Northshire's older people, October to December 2025."""
    older = [p for p in people if p.age_on(asc_cld.LAST_DAY) >= 65 and not p.date_of_death]
    rows = []
    for number, person in enumerate(rng.sample(older, 140), start=1):
        admitted = dt.date(2025, 10, 1) + dt.timedelta(days=rng.randint(0, 80))
        ready = admitted + dt.timedelta(days=rng.randint(1, 12))
        delay = 0 if rng.random() < 0.6 else rng.randint(1, 14)
        reason, attributable = ("", "")
        if delay:
            reason, attributable, _ = rng.choices(DELAYS, [w for *_, w in DELAYS])[0]
        rows.append(
            {
                "Provider_Code": "RZ7",
                "Spell_Identifier": f"RZ7-25{number:05d}",
                "NHS_Number": person.nhs_number,
                "Date_of_Birth": person.date_of_birth.isoformat(),
                "Gender": person.gender,
                "Postcode": person.postcode,
                "Local_Authority_Code": asc_cld.LA_CODE,
                "Admission_Date": admitted.isoformat(),
                "Discharge_Ready_Date": ready.isoformat(),
                "Discharge_Date": (ready + dt.timedelta(days=delay)).isoformat(),
                "Discharge_Destination": _choose(rng, DESTINATIONS),
                "Delay_Reason": reason,
                "Delay_Attributable_To": attributable,
                "Delay_Days": str(delay),
            }
        )
    rows.sort(key=lambda row: (row["Admission_Date"], row["Spell_Identifier"]))
    for row, field, value in DISCHARGE_ERRORS:
        rows[row - 2][field] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DISCHARGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _choose(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


# Loading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoFiles:
    postcodes: list[tuple[str, str, int, int]]
    people: list[asc_cld.Person]
    earlier: bytes  # 2024-25, clean
    clean: bytes  # 2025-26, clean
    with_errors: bytes  # 2025-26 with PLANTED
    planted: list[tuple[int, str, str]]
    discharges: bytes


def make_files(rng: random.Random, plan: GeographyPlan) -> DemoFiles:
    """Every file of the demo from one random stream (``seeded_random(seed, "submissions")``)."""
    postcodes = plan_postcodes(random.Random(rng.getrandbits(64)), plan)
    people = asc_cld.plan_people(
        random.Random(rng.getrandbits(64)), [(p, young, old) for p, _, young, old in postcodes]
    )
    rows = asc_cld.year_rows(people, "2025-26")
    spoilt, planted = plant_errors(rows)
    return DemoFiles(
        postcodes=postcodes,
        people=people,
        earlier=asc_cld.as_csv(asc_cld.year_rows(people, "2024-25")),
        clean=asc_cld.as_csv(rows),
        with_errors=asc_cld.as_csv(spoilt),
        planted=planted,
        discharges=discharges_csv(random.Random(rng.getrandbits(64)), people),
    )


def create_submissions(
    *, place: Place, organisations: dict[str, Organisation], users: dict, rng, plan, echo=print
) -> list[Submission]:
    """Write the lookup and the files to send; send the 2024-25 file and the trust's file."""
    made = make_files(rng, plan)
    write_lookup(files.store_dir(), [(p, lsoa) for p, lsoa, *_ in made.postcodes])
    folder = demo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in ((CLEAN_NAME, made.clean), (WITH_ERRORS_NAME, made.with_errors)):
        (folder / name).write_bytes(content)
    echo(f"  {len(made.postcodes)} postcodes; files to send in {folder}")
    return [
        _send(
            users[DATA_OFFICER], place, organisations["ncc"], "asc-cld", "2024-25",
            EARLIER_NAME, made.earlier, Status.IN_USE,
        ),
        _send(
            users[TRUST_SENDER], place, organisations["nhft"], "hospital-discharges",
            "2025-26 Q3", DISCHARGES_NAME, made.discharges, Status.REJECTED,
        ),
    ]  # fmt: skip


def _send(by, place, organisation, spec_name, period, name, content, expected) -> Submission:
    submission = actions.submit(
        by=by,
        place=place,
        organisation=organisation,
        spec_name=spec_name,
        period=period,
        chunks=[content],
        name=name,
        queue=False,
    )
    status = processing.check(str(submission.pk))
    if status != expected:
        submission.refresh_from_db()
        raise RuntimeError(
            f"The demo's {name} was {status}, not {expected}, when checked: {submission.message}"
        )
    submission.refresh_from_db()
    return submission


def submission_summary(place: Place) -> str:
    submissions = Submission.objects.filter(place=place)
    accepted = submissions.filter(status__in=(Status.IN_USE, Status.REPLACED)).count()
    return f"{submissions.count()} files sent, {accepted} accepted"


def how_to_send() -> str:
    return (
        f"{DATA_OFFICER}, the county council's data officer, sends social care data on the Data "
        f"page: try {WITH_ERRORS_NAME}, then {CLEAN_NAME}, both in {demo_dir()}."
    )
