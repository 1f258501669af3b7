import pytest

from joinedup.assessments.models import StakeholderGroup as G
from tests.unit.assessments.builders import answer_all, links, make_round, partnership_of


@pytest.fixture
def partnership(place, county, trust):
    return partnership_of(place, county, trust, name="Hospital discharge fund")


@pytest.fixture
def answered_round(partnership, county_editor, county, trust):
    """A round with 28 answers: the county's 9 managers and 8 front-line staff, the trust's 8
    managers and 3 clinicians (too few to show)."""
    assessment_round = make_round(partnership, county_editor)
    made = links(
        assessment_round,
        county_editor,
        {
            (county, G.COUNCIL_MANAGERS): 9,
            (county, G.FRONT_LINE): 8,
            (trust, G.NHS_MANAGERS): 8,
            (trust, G.CLINICIANS): 3,
        },
    )
    answer_all(assessment_round, made, comments={"trust": "We share risks fairly."})
    return assessment_round
