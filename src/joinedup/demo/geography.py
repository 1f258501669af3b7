"""Northshire's geography and synthetic population, generated from a seeded random source.

England -> a region -> an ICB area -> Northshire (county) -> two districts -> 12 wards -> 60 LSOAs.
The codes have the right ONS prefixes but numbers in the 9xxxxx range, which ONS has not used,
so they never clash with real areas loaded alongside the demo.
"""

import random
from dataclasses import dataclass, field

from joinedup.places import actions
from joinedup.places.areas import AGE_BANDS, ENGLAND_CODE
from joinedup.places.models import Area

POPULATION_YEARS = (2024, 2025)
LSOA_COUNT = 60

REGION = ("E12900001", "North Midlands")
ICB_AREA = ("E54900001", "NHS Northshire Integrated Care Board")
COUNTY = ("E10900001", "Northshire")


@dataclass(frozen=True)
class DistrictPlan:
    key: str
    code: str
    name: str
    # How much older than England the district's people are: coastal retirement towns lean old.
    age_tilt: float
    wards: tuple[str, ...]


DISTRICTS = (
    DistrictPlan(
        key="av",
        code="E07900001",
        name="Ashby Vale",
        age_tilt=-0.10,  # a market town with commuter estates: a little younger than England
        wards=(
            "Ashby Central",
            "Ashby North",
            "Millbrook",
            "Kings Lea",
            "Fenwick",
            "Hollins Green",
        ),
    ),
    DistrictPlan(
        key="cc",
        code="E07900002",
        name="Corran Coast",
        age_tilt=0.40,  # seaside towns where people retire: many more over-65s
        wards=(
            "Harbourside",
            "Corran Bay",
            "Saltmarsh",
            "Westcliff",
            "St Bride's",
            "Dunmore Head",
        ),
    ),
)

# England's people by five-year age band, per cent (rounded from the 2021 census).
ENGLAND_AGE_SHARES = (
    5.4, 5.9, 6.0, 5.6, 6.0, 6.7, 6.9, 6.6, 6.3, 6.3,
    6.9, 6.7, 5.8, 4.9, 5.0, 3.6, 2.4, 1.5, 0.8,
)  # fmt: skip
# The share of each band that is male: a few more boys at birth, many more women at old age.
MALE_SHARES = (
    0.512, 0.512, 0.512, 0.513, 0.505, 0.497, 0.494, 0.494, 0.494, 0.493,
    0.492, 0.490, 0.486, 0.480, 0.470, 0.455, 0.430, 0.380, 0.300,
)  # fmt: skip
BAND_MIDPOINTS = tuple(min(5 * i + 2.5, 92.5) for i in range(len(AGE_BANDS)))


@dataclass
class LsoaPlan:
    code: str
    name: str
    ward_code: str
    # year -> {(sex, age band): people}
    population: dict[int, dict[tuple[str, str], int]] = field(default_factory=dict)


@dataclass
class GeographyPlan:
    wards: list[tuple[str, str, str]]  # (code, name, district code)
    lsoas: list[LsoaPlan]


def _age_weights(rng: random.Random, tilt: float) -> list[float]:
    """England's age shares leant older (tilt > 0) or younger, with a little local noise."""
    weights = []
    for share, middle in zip(ENGLAND_AGE_SHARES, BAND_MIDPOINTS, strict=True):
        lean = 1 + tilt * (middle - 40) / 40
        weights.append(max(share * lean, 0.05) * rng.uniform(0.85, 1.15))
    return weights


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Whole people per cell, adding up exactly to total (largest remainders, ties at random)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], rng.random()))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _first_year(rng: random.Random, tilt: float) -> dict[tuple[str, str], int]:
    total = max(1000, round(rng.gauss(1550, 160)))
    by_band = _split(rng, total, _age_weights(rng, tilt))
    counts = {}
    for band, people, male_share in zip(AGE_BANDS, by_band, MALE_SHARES, strict=True):
        males = round(people * rng.gauss(male_share, 0.015))
        males = min(max(males, 0), people)
        counts[("F", band)] = people - males
        counts[("M", band)] = males
    return counts


def _yearly_mortality(age: float) -> float:
    """Roughly England's: 1% a year at 62, doubling every seven years, a quarter at 90+."""
    if age < 60:
        return 0.002
    return min(0.01 * 2 ** ((age - 62.5) / 7), 0.25)


def _next_year(rng: random.Random, last: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """A year on: a fifth of each band moves up, the old die, babies are born, people move."""
    counts = {}
    for sex in ("F", "M"):
        previous = [last[(sex, band)] for band in AGE_BANDS]
        for i, band in enumerate(AGE_BANDS):
            stay = previous[i] * (0.8 if i < len(AGE_BANDS) - 1 else 1.0)
            arrive = previous[i - 1] * 0.2 if i else previous[0] * 0.2  # births replace 0-4s
            survival = 1 - _yearly_mortality(BAND_MIDPOINTS[i])
            migration = rng.uniform(0.97, 1.035)
            counts[(sex, band)] = max(0, round((stay + arrive) * survival * migration))
    return counts


def plan_geography(rng: random.Random) -> GeographyPlan:
    """Wards and LSOAs with their populations: the same rng state gives the same plan."""
    wards, lsoas = [], []
    ward_number = 0
    # Sixty LSOAs: between 3 and 7 per ward, more in the bigger wards.
    ward_total = sum(len(d.wards) for d in DISTRICTS)
    sizes = [3] * ward_total
    for _ in range(LSOA_COUNT - sum(sizes)):
        sizes[rng.choice([i for i, s in enumerate(sizes) if s < 7])] += 1
    for district in DISTRICTS:
        for msoa_number, ward_name in enumerate(district.wards, start=1):
            ward_code = f"E05{900001 + ward_number}"
            wards.append((ward_code, ward_name, district.code))
            for letter in "ABCDEFG"[: sizes[ward_number]]:
                # ONS names an LSOA after its district, its MSOA's number and a letter.
                name = f"{district.name} {msoa_number:03d}{letter}"
                lsoa = LsoaPlan(code=f"E01{900001 + len(lsoas)}", name=name, ward_code=ward_code)
                tilt = district.age_tilt + rng.uniform(-0.15, 0.15)
                counts = _first_year(rng, tilt)
                for year in POPULATION_YEARS:
                    if year != POPULATION_YEARS[0]:
                        counts = _next_year(rng, counts)
                    lsoa.population[year] = counts
                lsoas.append(lsoa)
            ward_number += 1
    return GeographyPlan(wards=wards, lsoas=lsoas)


@dataclass
class Geography:
    county: Area
    districts: dict[str, Area]  # by district key: "av", "cc"
    wards: dict[str, Area]  # by ward name
    lsoas: list[Area]
    people: int  # in the latest year

    def wards_of(self, district_key: str) -> list[Area]:
        district = self.districts[district_key]
        return [w for w in self.wards.values() if w.parent_id == district.pk]


def create_geography(*, by, rng: random.Random, echo=print) -> Geography:
    plan = plan_geography(rng)
    england = Area.objects.filter(code=ENGLAND_CODE).first()
    if england is None:
        england = actions.create_area(by=by, code=ENGLAND_CODE, name="England")
    region = actions.create_area(by=by, code=REGION[0], name=REGION[1], parent=england)
    icb = actions.create_area(by=by, code=ICB_AREA[0], name=ICB_AREA[1], parent=region)
    county = actions.create_area(by=by, code=COUNTY[0], name=COUNTY[1], parent=icb)
    districts = {
        d.key: actions.create_area(by=by, code=d.code, name=d.name, parent=county)
        for d in DISTRICTS
    }
    by_code = {d.code: districts[d.key] for d in DISTRICTS}
    wards = {}
    for code, name, district_code in plan.wards:
        wards[code] = actions.create_area(
            by=by, code=code, name=name, parent=by_code[district_code]
        )
    echo(f"  {len(districts)} districts, {len(wards)} wards; {len(plan.lsoas)} LSOAs with people")
    lsoas = []
    for lsoa in plan.lsoas:
        area = actions.create_area(
            by=by, code=lsoa.code, name=lsoa.name, parent=wards[lsoa.ward_code]
        )
        for year, counts in lsoa.population.items():
            actions.set_population(by=by, area=area, year=year, counts=counts)
        lsoas.append(area)
    latest = POPULATION_YEARS[-1]
    return Geography(
        county=county,
        districts=districts,
        wards={w.name: w for w in wards.values()},
        lsoas=lsoas,
        people=sum(sum(lsoa.population[latest].values()) for lsoa in plan.lsoas),
    )
