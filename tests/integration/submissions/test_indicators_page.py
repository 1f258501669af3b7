"""The Indicators page: the engine's figures from the place's accepted data and population,
for its local authority and wards, with small numbers hidden."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from joinedup.places.models import Area, AreaPopulation
from joinedup.store.postcodes import write_lookup
from joinedup.submissions import files

from .conftest import repeated, sample_rows

pytestmark = pytest.mark.filterwarnings(
    r"ignore:fetch_arrow_table\(\) is deprecated:DeprecationWarning"
)
POSTCODES = {
    "NE63 9YH": "E01000001",
    "SR2 7PN": "E01000002",
    "DH1 3LE": "E01000003",
    "TS1 2RJ": "E01000003",
    "DL3 6AH": "E01000004",
    "NE29 0HU": "E01000004",
    "NE1 4XF": "E01000004",
}


@pytest.fixture
def geography(place):
    region = Area.objects.create(code="E12000001", name="North East", kind="region")
    icb = Area.objects.create(code="E54000050", name="North East ICB", kind="icb", parent=region)
    county = Area.objects.create(code="E10000034", name="Testshire", kind="county", parent=icb)
    district = Area.objects.create(code="E07000001", name="Vale", kind="district", parent=county)
    wards = [
        Area.objects.create(code=f"E0500000{i}", name=f"Ward {i}", kind="ward", parent=district)
        for i in (1, 2)
    ]
    for i in range(1, 5):
        lsoa = Area.objects.create(
            code=f"E0100000{i}", name=f"LSOA {i}", kind="lsoa", parent=wards[(i - 1) // 2]
        )
        for sex in ("F", "M"):
            for band in ("65-69", "70-74", "75-79", "80-84", "85-89", "90+", "40-44"):
                AreaPopulation.objects.create(
                    area=lsoa, year=2025, sex=sex, age_band=band, count=100
                )
    place.areas.add(county)
    write_lookup(files.store_dir(), POSTCODES.items())
    return county


def people_65_requesting(copies: int) -> int:
    header, rows = sample_rows()
    found = 0
    for r in rows:
        record = dict(zip(header, r, strict=True))
        if record["Event_Type"] != "Request":
            continue
        start = dt.date.fromisoformat(record["Event_Start_Date"])
        birth = dt.date.fromisoformat(record["Date_of_Birth"])
        age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
        found += age >= 65 and dt.date(2025, 4, 1) <= start <= dt.date(2026, 3, 31)
    return found * copies


def test_the_page_shows_the_engine_s_figures_from_accepted_data(
    sent, geography, client, place, trust_editor
):
    assert sent(repeated(copies=3)).status == "in_use"
    client.force_login(trust_editor)  # another partner: aggregates are for the whole place
    page = client.get(reverse("indicators", kwargs={"place": place.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "People aged 65 and over requesting adult social care support" in text
    expected = people_65_requesting(copies=3)
    assert expected >= 5
    rate = 100_000 * expected / (4 * 2 * 6 * 100)
    assert f"{rate:,.1f}" in text  # the local authority's rate per 100,000 aged 65+
    assert 'role="img"' in text and "Ward 1" in text

    download = client.get(reverse("indicators_csv", kwargs={"place": place.slug}))
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    la = [
        r
        for r in rows
        if r["Indicator ID"] == "social-care-requests-65"
        and r["Area Code"] == "E10000034"
        and r["Breakdown"] == "All"
    ]
    assert [(int(float(r["Count"])), r["Period"]) for r in la] == [(expected, "2025/26")]
    # Small numbers: every ward figure under 5 is blank, with the reason.
    for r in rows:
        if r["Count"] == "":
            assert r["Value"] == "" and r["Note"]
    assert not any(r["Count"] not in ("", None) and float(r["Count"]) < 5 for r in rows)
    assert {r["Area Type"] for r in rows} <= {"LA", "Ward"}  # nothing made for ICB or England


def test_without_accepted_data_the_page_says_what_is_missing(client, place, county_viewer):
    client.force_login(county_viewer)
    text = client.get(reverse("indicators", kwargs={"place": place.slug})).content.decode()
    assert "No accepted asc-cld data has been loaded yet" in text
    assert "Data" in text
