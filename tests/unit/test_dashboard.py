from joinedup.partnerships.models import PartnerRole, Partnership, Visibility
from joinedup.places import dashboard
from tests.factories import PartnershipFactory


def _rows(rows):
    return {row.label: (row.count, row.of) for row in rows}


def test_sectors_working_with_the_nhs(place, county, district, trust, county_viewer):
    # County council with the NHS trust; district council only with the county.
    PartnershipFactory(
        place=place,
        partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)],
        mechanisms=["pooled_budget"],
    )
    PartnershipFactory(
        place=place,
        partners=[(county, PartnerRole.LEAD), (district, PartnerRole.PARTNER)],
        client_groups=["carers", "older_people"],
    )
    partnerships = Partnership.objects.visible_to(county_viewer)
    rows = _rows(dashboard.sectors_working_with_nhs(place, partnerships))
    assert rows == {
        "NHS": (0, 1),  # the trust is in no partnership with another NHS body
        "Adult social care": (1, 1),
        "Housing": (0, 1),
        "Education": (1, 1),
        "Environmental services": (0, 1),
    }
    by_group = _rows(dashboard.partnerships_by_client_group(partnerships))
    assert by_group["Older people"] == (2, 0)
    assert by_group["Carers"] == (1, 0)
    assert _rows(dashboard.partnerships_by_mechanism(partnerships))["Pooled budget"] == (1, 0)


def test_private_partnerships_do_not_count_for_those_who_cannot_see_them(
    place, county, district, trust, district_editor, county_viewer
):
    PartnershipFactory(
        place=place,
        visibility=Visibility.PARTNERS,
        partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)],
    )
    assert dashboard.summary(place, county_viewer)["partnership_count"] == 1
    assert dashboard.summary(place, district_editor)["partnership_count"] == 0
    rows = _rows(dashboard.summary(place, district_editor)["sectors_with_nhs"])
    assert rows["Adult social care"] == (0, 1)
