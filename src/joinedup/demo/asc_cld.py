"""Northshire County Council's adult social care client-level data (ASC-CLD), made up.

Pure Python from a seeded random source: no database. A pool of people (mostly older, mostly
needing physical support, as adult social care is) each gets a timeline of events from April
2024 to March 2026: long-term clients with their services and yearly reviews, and new
requests that lead to information and advice, reablement (ST-Max), or an assessment and a
service. A year's file is the events of that reporting period, with the field names and
defined lists of :mod:`joinedup.specs` ``asc-cld`` exactly, so that it validates with no
errors and no warnings. :func:`plant_errors` then spoils a copy in known places.

    >>> people = plan_people(random.Random(1), postcodes)          # doctest: +SKIP
    >>> rows = year_rows(people, "2025-26")                         # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field

from joinedup.specs.nhs_number import with_check_digit

LA_CODE = "E10900001"
COLUMNS = (
    "LA_Code", "Reporting_Period_Start_Date", "Reporting_Period_End_Date", "NHS_Number",
    "LA_Person_Unique_Identifier", "First_Name", "Last_Name", "GP_Practice_Code", "Gender",
    "Ethnicity", "Date_of_Birth", "Date_of_Death", "Client_Type", "Primary_Support_Reason",
    "Postcode", "Accommodation_Status", "Employment_Status", "Has_Unpaid_Carer",
    "Client_Funding_Status", "Event_Type", "Event_Reference", "Event_Start_Date",
    "Event_End_Date", "Event_Outcome", "Request_Route_of_Access", "Assessment_Type",
    "Eligible_Needs_Identified", "Method_of_Assessment", "Service_Type", "Service_Component",
    "Delivery_Mechanism", "Unit_Cost", "Cost_Frequency_(Unit_Type)", "Planned_units_per_week",
    "Review_Reason", "Review_Outcomes_Achieved", "Method_of_Review",
)  # fmt: skip
# The two financial years the demo has data for (both files come from one timeline).
PERIODS = {
    "2024-25": (dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
    "2025-26": (dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
}
FIRST_DAY, LAST_DAY = PERIODS["2024-25"][0], PERIODS["2025-26"][1]

# How many people of each kind the pool holds: about 1,500 appear in each year's file.
LONG_TERM_CLIENTS = 700
NEW_CLIENTS = 1_450  # over the two years
UNPAID_CARERS = 110


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WOMEN = _words(
    """
    Margaret Patricia Jean Barbara Susan Linda Christine Elizabeth Mary Joan Sandra Janet Ann
    Valerie Brenda Pauline Doreen Sheila Irene Maureen Julie Karen Sarah Emma Claire Amy Rachel
    Lauren Hannah Megan Priya Aisha Fatima Zofia Agnieszka Grace Chloe
    """
)
MEN = _words(
    """
    John David Michael Peter Robert William James Brian Alan Kenneth Derek Roy Keith Colin
    Anthony Stephen Paul Mark Richard Andrew Gary Daniel Thomas Matthew Ryan Jack Liam Callum
    Adam Mohammed Imran Tomasz Piotr Kwame Samuel Connor
    """
)
SURNAMES = _words(
    """
    Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
    Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Harris Martin
    Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
    Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter
    Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson
    Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali
    Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
    Barker Fisher Stevens Jenkins Pengelly Tregarthen Nowak Kowalski Mensah Okafor
    """
)

AGE_BANDS = ((18, 24, 4), (25, 44, 9), (45, 64, 17), (65, 74, 14), (75, 84, 26), (85, 94, 26),
             (95, 102, 4))  # fmt: skip
WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
ETHNICITY = (
    (WHITE_BRITISH, 880), ("White: Irish", 10), ("White: Any other White background", 32),
    ("White: Gypsy or Irish Traveller", 2), ("Mixed or multiple ethnic groups: White and Asian", 4),
    ("Mixed or multiple ethnic groups: White and Black Caribbean", 5),
    ("Asian or Asian British: Indian", 12), ("Asian or Asian British: Pakistani", 9),
    ("Asian or Asian British: Bangladeshi", 4), ("Asian or Asian British: Chinese", 3),
    ("Black, Black British, Caribbean or African: African", 7),
    ("Black, Black British, Caribbean or African: Caribbean", 5),
    ("Other ethnic group: Any other ethnic group", 3), ("No data: Refused", 4),
    ("No data: Undeclared or not known", 20),
)  # fmt: skip
PERSONAL_CARE = "Physical Support: Personal care support"
LEARNING_DISABILITY = "Learning Disability Support"
PSR_OLDER = (
    (PERSONAL_CARE, 570), ("Physical Support: Access & mobility only", 100),
    ("Support with Memory & Cognition", 160), ("Mental Health Support", 50),
    ("Sensory Support: Support for visual impairment", 20),
    ("Sensory Support: Support for hearing impairment", 20),
    ("Sensory Support: Support for dual impairment", 5),
    ("Social Support: Support for Social Isolation/Other", 55), (LEARNING_DISABILITY, 15),
    ("Unknown", 5),
)  # fmt: skip
PSR_YOUNGER = (
    (LEARNING_DISABILITY, 280), ("Mental Health Support", 200), (PERSONAL_CARE, 240),
    ("Physical Support: Access & mobility only", 80), ("Support with Memory & Cognition", 30),
    ("Sensory Support: Support for visual impairment", 20),
    ("Sensory Support: Support for hearing impairment", 15),
    ("Social Support: Substance misuse support", 40),
    ("Social Support: Support for Social Isolation/Other", 50),
    ("Social Support: Asylum seeker support", 5), ("Unknown", 10),
)  # fmt: skip
HOME_OLDER = (
    ("Owner occupier or shared ownership scheme", 520),
    ("Tenant: Local authority or other social housing provider", 180),
    ("Tenant: Private landlord", 60), ("Settled mainstream housing with family or friends", 70),
    ("Sheltered housing, extra care housing or other sheltered housing", 110),
    ("Registered care home", 30), ("Unknown", 20),
)  # fmt: skip
HOME_YOUNGER = (
    ("Settled mainstream housing with family or friends", 300),
    ("Supported accommodation, supported lodgings or supported group home", 170),
    ("Tenant: Local authority or other social housing provider", 200),
    ("Tenant: Private landlord", 120), ("Owner occupier or shared ownership scheme", 120),
    ("Shared Lives scheme", 30),
    ("Placed in temporary accommodation by the council (inc. homelessness resettlement)", 20),
    ("Rough sleeper or squatting", 10), ("Unknown", 30),
)  # fmt: skip
WORK_YOUNGER = (
    ("Not in Paid Employment (not actively seeking work / retired)", 560),
    ("Not in Paid Employment (seeking work)", 90), ("Paid: Less than 16 hours a week", 80),
    ("Paid: 16 or more hours a week", 50), ("Not in Paid Employment (voluntary work only)", 90),
    ("Unknown", 130),
)  # fmt: skip
RETIRED = "Not in Paid Employment (not actively seeking work / retired)"
FUNDING = (
    ("Fully social care funded", 78), ("Joint client and social care funded", 17),
    ("Fully client funded", 5),
)  # fmt: skip
ROUTES = (
    ("Community / other route", 60), ("Discharge from hospital", 26),
    ("Diversion from hospital services", 6), ("Self-funder with depleted funds", 4),
    ("Planned entry (transition)", 4),
)  # fmt: skip
FACE_TO_FACE, BY_PHONE = "Face to face", "Telephone or video call"
CARER = "Unpaid carer"
SERVICE_USER = "Service user"


@dataclass
class Person:
    id: str
    nhs_number: str
    first_name: str
    last_name: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str
    client_type: str
    support_reason: str
    postcode: str
    accommodation: str
    employment: str
    has_carer: str
    funding: str
    gp_practice: str
    date_of_death: dt.date | None = None
    events: list[dict] = field(default_factory=list)

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def details(self, period: str) -> dict[str, str]:
        start, end = PERIODS[period]
        return {
            "LA_Code": LA_CODE,
            "Reporting_Period_Start_Date": start.isoformat(),
            "Reporting_Period_End_Date": end.isoformat(),
            "NHS_Number": self.nhs_number,
            "LA_Person_Unique_Identifier": self.id,
            "First_Name": self.first_name,
            "Last_Name": self.last_name,
            "GP_Practice_Code": self.gp_practice,
            "Gender": self.gender,
            "Ethnicity": self.ethnicity,
            "Date_of_Birth": self.date_of_birth.isoformat(),
            "Date_of_Death": self.date_of_death.isoformat() if self.date_of_death else "",
            "Client_Type": self.client_type,
            "Primary_Support_Reason": self.support_reason,
            "Postcode": self.postcode,
            "Accommodation_Status": self.accommodation,
            "Employment_Status": self.employment,
            "Has_Unpaid_Carer": self.has_carer,
            "Client_Funding_Status": self.funding if self.client_type == SERVICE_USER else "",
        }


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _days(day: dt.date, count: int) -> dt.date:
    return day + dt.timedelta(days=count)


class _People:
    """Makes people with unique NHS numbers and unique (birth date, postcode, gender)."""

    def __init__(self, rng: random.Random, postcodes: list[tuple[str, float, float]]):
        self.rng, self.postcodes = rng, postcodes
        # Identifiers in no order, so that a file sorted by person mixes every kind of client.
        self.ids = rng.sample(
            range(100_000, 1_000_000), LONG_TERM_CLIENTS + NEW_CLIENTS + UNPAID_CARERS
        )
        self.numbers: set[str] = set()
        self.details: set[tuple] = set()
        self.practices = [f"Z9{n:04d}" for n in range(1, 19)]

    def nhs_number(self) -> str:
        while True:
            prefix = self.rng.choice((self.rng.randint(400, 499), self.rng.randint(600, 799)))
            number = with_check_digit(f"{prefix}{self.rng.randint(0, 999_999):06d}")
            if number and number not in self.numbers:
                self.numbers.add(number)
                return number

    def make(self, *, carer: bool = False) -> Person:
        rng = self.rng
        if carer:
            low, high = rng.choice(((40, 64), (65, 89)))
        else:
            low, high, _ = rng.choices(AGE_BANDS, [w for *_, w in AGE_BANDS])[0]
        older = low >= 65
        woman = rng.random() < (0.62 if older else 0.48) or (carer and rng.random() < 0.3)
        gender = "Female" if woman else "Male"
        if rng.random() < 0.003:
            gender = "Unknown"
        postcode, *_ = rng.choices(self.postcodes, [p[2 if older else 1] for p in self.postcodes])[
            0
        ]
        while True:
            age_days = rng.randint(low * 365 + 1, high * 365 + 360)
            born = _days(LAST_DAY, -age_days)
            if (born, postcode, gender) not in self.details:
                self.details.add((born, postcode, gender))
                break
        reason = (
            "Social Support: Support to Carer"
            if carer
            else _pick(rng, PSR_OLDER if older else PSR_YOUNGER)
        )
        home = HOME_OLDER if older or carer else HOME_YOUNGER
        if carer:
            home = HOME_OLDER[:5]
        return Person(
            id=f"NCC{self.ids.pop()}",
            nhs_number=self.nhs_number(),
            first_name=rng.choice(WOMEN if woman else MEN),
            last_name=rng.choice(SURNAMES),
            gender=gender,
            date_of_birth=born,
            ethnicity=_pick(rng, ETHNICITY),
            client_type=CARER if carer else SERVICE_USER,
            support_reason=reason,
            postcode=postcode,
            accommodation=_pick(rng, home),
            employment=RETIRED if older else _pick(rng, WORK_YOUNGER),
            has_carer=_pick(rng, (("Yes", 45), ("No", 40), ("Unknown", 15))),
            funding=_pick(rng, FUNDING),
            gp_practice=rng.choice(self.practices),
        )


# Services: (Service_Type, Service_Component, Delivery_Mechanism, cost frequency, cost range,
# planned units a week, or None for no costs).
LONG_TERM = "Long term support: Community"
SERVICES = {
    "home": (LONG_TERM, "Home support or domiciliary care", None, "Hourly", (23.4, 27.9), None),
    "direct": (LONG_TERM, "Direct payment", "Direct payment", "Weekly", (110, 650), 1),
    "supported": (LONG_TERM, "Community supported living", "CASSR commissioned support",
                  "Weekly", (850, 2400), 1),
    "extra": (LONG_TERM, "Extra care housing", "CASSR commissioned support", "Hourly",
              (22.8, 26.5), None),
    "shared": (LONG_TERM, "Shared Lives", "CASSR managed personal budget", "Weekly",
               (380, 720), 1),
    "stmax": ("Short term support: ST-Max", "Reablement", "CASSR commissioned support", None,
              None, None),
    "equipment": ("Short term support: Ongoing low level", "Equipment",
                  "CASSR commissioned support", None, None, None),
    "carer": ("Unpaid carer support: Direct to unpaid carer", "Direct payment", "Direct payment",
              "Annually", (150, 600), 1),
}  # fmt: skip
HOME_DELIVERY = (
    ("CASSR commissioned support", 75), ("CASSR managed personal budget", 25),
)  # fmt: skip


def _long_term_kind(rng: random.Random, person: Person) -> str:
    if person.support_reason == LEARNING_DISABILITY and person.age_on(LAST_DAY) < 65:
        return _pick(rng, (("supported", 45), ("shared", 10), ("direct", 20), ("home", 25)))
    if person.age_on(LAST_DAY) < 65:
        return _pick(rng, (("home", 55), ("direct", 30), ("supported", 15)))
    return _pick(rng, (("home", 78), ("direct", 10), ("extra", 12)))


class _Timeline:
    """One person's events from April 2024 to March 2026 (and their open services before)."""

    def __init__(self, rng: random.Random, person: Person):
        self.rng, self.person = rng, person

    def add(self, kind: str, start: dt.date, end: dt.date | None, outcome: str, **extra) -> dict:
        event = {
            "Event_Type": kind,
            "Event_Reference": f"{self.person.id}-{len(self.person.events) + 1:02d}",
            "start": start,
            "end": end,
            "Event_Outcome": outcome,
            **extra,
        }
        self.person.events.append(event)
        return event

    def request(self, day: dt.date, outcome: str, route: str | None = None) -> dt.date:
        end = _days(day, self.rng.choice((0, 0, 1, 2, 3, 5, 7, 10)))
        self.add(
            "Request",
            day,
            end,
            outcome,
            Request_Route_of_Access=route
            or _pick(self.rng, ROUTES[:4] if self.person.age_on(day) > 25 else ROUTES),
        )
        return end

    def assessment(self, after: dt.date) -> tuple[dt.date, bool]:
        rng = self.rng
        start = _days(after, rng.randint(1, 14))
        end = _days(start, rng.randint(3, 35))
        eligible = rng.random() < 0.72
        outcome = (
            "Progress to support planning or services"
            if eligible
            else _pick(
                rng,
                (
                    ("NFA: Information and advice or signposting", 70),
                    ("NFA: Self-funded client or under 12wk disregard", 30),
                ),
            )
        )
        self.add(
            "Assessment",
            start,
            end,
            outcome,
            Assessment_Type="Long term assessment",
            Eligible_Needs_Identified="Yes" if eligible else "No",
            Method_of_Assessment=FACE_TO_FACE if rng.random() < 0.75 else BY_PHONE,
        )
        return end, eligible

    def service(self, kind: str, start: dt.date, end: dt.date | None, outcome: str) -> dict:
        rng = self.rng
        service_type, component, delivery, frequency, costs, units = SERVICES[kind]
        extra = {
            "Service_Type": service_type,
            "Service_Component": component,
            "Delivery_Mechanism": delivery or _pick(rng, HOME_DELIVERY),
        }
        if frequency:
            extra["Unit_Cost"] = f"{rng.uniform(*costs):.2f}"
            extra["Cost_Frequency_(Unit_Type)"] = frequency
            extra["Planned_units_per_week"] = str(units or rng.randint(14, 112) / 4)
        return self.add("Service", start, end, outcome, **extra)

    def review(self, day: dt.date, planned: bool = True) -> None:
        rng = self.rng
        end = _days(day, rng.randint(0, 10))
        outcome = _pick(
            rng,
            (
                ("Continuation of support or services", 82),
                ("Progress to support planning or services", 18),
            ),
        )
        extra = {
            "Review_Reason": "Planned review of long term support" if planned else "Unplanned",
            "Method_of_Review": FACE_TO_FACE if rng.random() < 0.6 else BY_PHONE,
        }
        if planned:
            extra["Review_Outcomes_Achieved"] = _pick(
                rng, (("Fully achieved", 55), ("Partially achieved", 35), ("Not achieved", 10))
            )
        self.add("Review", day, end, outcome, **extra)

    def long_term(self, start: dt.date, *, first_review: dt.date | None = None) -> None:
        """A long-term service from ``start``, reviewed each year, ended by death or a move."""
        rng, person = self.rng, self.person
        age = person.age_on(LAST_DAY)
        dies = 0.10 if age >= 85 else 0.045 if age >= 75 else 0.01
        ends, outcome = None, "Continuation of support or services"
        for year_start in (PERIODS["2024-25"][0], PERIODS["2025-26"][0]):
            if ends or year_start < start:
                continue
            if rng.random() < dies * 2:  # over two years
                ends = _day(rng, max(start, year_start) + dt.timedelta(days=40), LAST_DAY)
                person.date_of_death, outcome = ends, "NFA: Deceased"
            elif rng.random() < 0.05:
                ends = _day(rng, max(start, year_start) + dt.timedelta(days=40), LAST_DAY)
                outcome = _pick(
                    rng,
                    (
                        ("NFA: Support ended for other reason", 60),
                        ("NFA: Responsibility moved to another local authority", 40),
                    ),
                )
        self.service(_long_term_kind(rng, person), start, ends, outcome)
        reviews = [first_review] if first_review else []
        for year in range(start.year + 1, LAST_DAY.year + 1):
            reviews.append(
                _days(start.replace(year=year, day=min(start.day, 28)), rng.randint(-20, 20))
            )
        for day in reviews:
            if FIRST_DAY <= day <= _days(LAST_DAY, -12) and (
                ends is None or day < _days(ends, -12)
            ):
                self.review(day)
        first, last = max(FIRST_DAY, _days(start, 1)), _days(ends or LAST_DAY, -12)
        if rng.random() < 0.12 and first < last:
            self.review(_day(rng, first, last), planned=False)

    def new_client(self) -> None:
        rng = self.rng
        day = _day(rng, FIRST_DAY, _days(LAST_DAY, -45))
        path = _pick(rng, (("advice", 30), ("stmax", 20), ("assess", 45), ("declined", 5)))
        if path in ("advice", "declined"):
            outcome = (
                "NFA: Support declined"
                if path == "declined"
                else _pick(
                    rng,
                    (
                        ("NFA: Information and advice or signposting", 70),
                        ("NFA: Referral to other service within the local authority", 10),
                        ("NFA: Referral to NHS services or NHS funded social care", 8),
                        ("Progress to support planning or services", 12),
                    ),
                )
            )
            end = self.request(day, outcome)
            if outcome.startswith("Progress"):
                start = _days(end, rng.randint(1, 14))
                self.service("equipment", start, None, "Continuation of support or services")
            return
        if path == "stmax":
            route = "Discharge from hospital" if rng.random() < 0.6 else None
            end = self.request(day, "Progress to reablement/ST-Max", route)
            start = _days(end, rng.randint(0, 3))
            end = _days(start, rng.randint(10, 42))
            outcome = _pick(
                rng,
                (
                    ("NFA: Support ended as planned", 55),
                    ("Progress to assessment, review or reassessment", 35),
                    ("Admitted to hospital", 10),
                ),
            )
            self.service("stmax", start, end, outcome)
            if not outcome.startswith("Progress"):
                return
        else:
            end = self.request(day, "Progress to assessment, review or reassessment")
        end, eligible = self.assessment(end)
        if eligible:
            start = _days(end, rng.randint(1, 21))
            self.long_term(start, first_review=_days(start, rng.randint(42, 84)))

    def carer(self) -> None:
        rng = self.rng
        end = self.request(
            _day(rng, FIRST_DAY, _days(LAST_DAY, -45)),
            "Progress to assessment, review or reassessment",
            "Community / other route",
        )
        end, eligible = self.assessment(end)
        if eligible:
            start = _days(end, rng.randint(1, 14))
            self.service("carer", start, _days(start, 0), "NFA: Support ended as planned")


def plan_people(rng: random.Random, postcodes: list[tuple[str, float, float]]) -> list[Person]:
    """Everyone in the council's records over the two years, with their events.

    ``postcodes`` are ``(postcode, weight for people under 65, weight for people over 65)``.
    """
    maker = _People(rng, postcodes)
    people = []
    for _ in range(LONG_TERM_CLIENTS):
        person = maker.make()
        since = _days(FIRST_DAY, -min(int(rng.expovariate(1 / 800)) + 20, 3400))
        _Timeline(rng, person).long_term(since)
        people.append(person)
    for _ in range(NEW_CLIENTS):
        person = maker.make()
        _Timeline(rng, person).new_client()
        people.append(person)
    for _ in range(UNPAID_CARERS):
        person = maker.make(carer=True)
        _Timeline(rng, person).carer()
        people.append(person)
    return sorted(people, key=lambda person: person.id)


def year_rows(people: list[Person], period: str) -> list[dict[str, str]]:
    """The file for one reporting period: every event open in it, one row each, by person."""
    first, last = PERIODS[period]
    rows = []
    for person in people:
        details = person.details(period)
        if person.date_of_death and person.date_of_death > last:
            details["Date_of_Death"] = ""
        for event in sorted(person.events, key=lambda e: (e["start"], e["Event_Reference"])):
            start, end = event["start"], event["end"]
            if start > last or (end is not None and end < first):
                continue
            outcome = event["Event_Outcome"]
            if end is not None and end > last:
                if event["Event_Type"] != "Service":
                    continue  # not finished in this period: it is in next year's file
                end, outcome = None, "Continuation of support or services"
            row = dict.fromkeys(COLUMNS, "") | details
            row |= {k: v for k, v in event.items() if k in COLUMNS}
            row |= {
                "Event_Start_Date": start.isoformat(),
                "Event_End_Date": end.isoformat() if end else "",
                "Event_Outcome": outcome,
            }
            rows.append(row)
    return rows


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
