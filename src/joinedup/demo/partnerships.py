"""Northshire's partnerships: social care, education, housing, environmental and cultural services
working with the NHS, between them using every kind of mechanism.

Two are private to their partners (the district councils cannot see them) and one, a finished
winter pilot, is archived.
"""

import datetime
from dataclasses import dataclass

from joinedup.partnerships import actions
from joinedup.partnerships.models import MechanismKind as M
from joinedup.partnerships.models import PartnerRole, Partnership, Visibility
from joinedup.places.choices import ClientGroup as C
from joinedup.places.models import Organisation, Place

LEAD, PARTNER, HOST = PartnerRole.LEAD, PartnerRole.PARTNER, PartnerRole.HOST
D = datetime.date


@dataclass(frozen=True)
class PartnershipPlan:
    name: str
    purpose: str
    partners: tuple[tuple[str, str], ...]  # (organisation key, role); the first records it
    client_groups: tuple[str, ...]
    mechanisms: tuple[str, ...]
    start_date: datetime.date | None
    governance_notes: str
    end_date: datetime.date | None = None
    visibility: str = Visibility.PLACE
    archived: bool = False


PARTNERSHIPS = (
    PartnershipPlan(
        "Northshire Better Care Fund",
        "The county council and the ICB pool money to keep older and disabled people well at "
        "home and to get them home from hospital quickly. The fund pays for reablement, "
        "equipment, carers' breaks and the district councils' disabled facilities grants.",
        (("ncc", LEAD), ("icb", PARTNER), ("avdc", PARTNER), ("ccdc", PARTNER)),
        (C.OLDER_PEOPLE, C.PHYSICAL_DISABILITIES, C.CARERS),
        (M.POOLED_BUDGET, M.JOINT_COMMISSIONING_BOARD),
        D(2015, 4, 1),
        "Section 75 agreement renewed each April, most recently in 2025. The Joint Commissioning "
        "Board meets monthly and reports quarterly to the Health and Wellbeing Board.",
    ),
    PartnershipPlan(
        "Integrated Community Equipment Service",
        "One store and one delivery service for beds, hoists, walking aids and bathing "
        "equipment, whoever prescribes them. The county council commissions it on behalf of "
        "both partners from a pooled budget; the community trust hosts the prescribers' hub.",
        (("ncc", LEAD), ("icb", PARTNER), ("ncht", HOST)),
        (C.OLDER_PEOPLE, C.PHYSICAL_DISABILITIES, C.CHILDREN_YOUNG_PEOPLE),
        (M.POOLED_BUDGET, M.LEAD_COMMISSIONING),
        D(2018, 4, 1),
        "Section 75 agreement signed 2018, contributions 70% council and 30% ICB. Contract "
        "monitoring reported to the Better Care Fund Joint Commissioning Board.",
    ),
    PartnershipPlan(
        "Learning Disability Lead Commissioning",
        "The county council commissions supported living, day opportunities and short breaks "
        "for adults with a learning disability for both itself and the ICB. A joint "
        "commissioning post keeps health and social care plans for each person together.",
        (("ncc", LEAD), ("icb", PARTNER)),
        (C.LEARNING_DISABILITIES,),
        (M.LEAD_COMMISSIONING, M.JOINT_POST),
        D(2019, 10, 1),
        "Section 75 agreement signed 2019 with the ICB's predecessor CCG, novated in 2022. "
        "The Learning Disability Partnership Board checks progress every two months.",
    ),
    PartnershipPlan(
        "Intermediate Care Integrated Teams",
        "Nurses, therapists and social workers work as one team in each district to help people "
        "recover at home after illness or a hospital stay. The teams share bases in Ashby and "
        "Corran Bay so that one assessment leads to one plan.",
        (("ncht", LEAD), ("ncc", PARTNER), ("nhft", PARTNER)),
        (C.OLDER_PEOPLE, C.PHYSICAL_DISABILITIES),
        (M.INTEGRATED_PROVISION, M.JOINT_TEAM, M.CO_LOCATION),
        D(2020, 6, 1),
        "Section 75 integrated provision agreement signed 2020; social workers remain council "
        "employees. Performance reviewed monthly at the Urgent and Emergency Care Board.",
    ),
    PartnershipPlan(
        "Northshire Children's Trust and SEND Joint Commissioning",
        "Partners agree one plan for children and young people and jointly commission support "
        "for those with special educational needs and disabilities. Education, health and care "
        "plans are agreed at one panel, with the voluntary sector speaking for families.",
        (("ncc", LEAD), ("icb", PARTNER), ("ncht", PARTNER), ("ncmh", PARTNER), ("nva", PARTNER)),
        (C.CHILDREN_YOUNG_PEOPLE, C.LEARNING_DISABILITIES),
        (M.CHILDRENS_TRUST, M.JOINT_COMMISSIONING_BOARD),
        D(2016, 9, 1),
        "Children's Trust Board meets quarterly, chaired by the Director of Children's "
        "Services. SEND joint commissioning strategy 2024-2027 approved by the Health and "
        "Wellbeing Board in March 2024.",
    ),
    PartnershipPlan(
        "Housing with Care and Disabled Facilities Grants",
        "The district councils, the county council and the ICB plan extra care housing together "
        "and run one home improvement agency for adaptations. Occupational therapists and grant "
        "officers work in one team so a stairlift or level-access shower is fitted in weeks, "
        "not months.",
        (("avdc", LEAD), ("ccdc", PARTNER), ("ncc", PARTNER), ("icb", PARTNER)),
        (C.OLDER_PEOPLE, C.PHYSICAL_DISABILITIES),
        (M.JOINT_TEAM, M.INFORMATION_SHARING),
        D(2021, 4, 1),
        "Memorandum of understanding signed 2021; disabled facilities grant funding flows "
        "through the Better Care Fund. Reports twice a year to the Northshire Housing Forum.",
    ),
    PartnershipPlan(
        "Warm Homes, Healthy Lives",
        "GP practices and community nurses refer people whose cold, damp homes make them ill "
        "to the district councils' private sector housing teams. A jointly funded coordinator "
        "arranges insulation, heating repairs and benefits advice.",
        (("ccdc", LEAD), ("avdc", PARTNER), ("ncc", PARTNER), ("icb", PARTNER), ("nva", PARTNER)),
        (C.OLDER_PEOPLE, C.WHOLE_POPULATION),
        (M.INFORMATION_SHARING, M.JOINT_POST),
        D(2022, 10, 1),
        "Data sharing agreement signed 2022; the coordinator post is funded 50:50 by public "
        "health and the ICB. Reports each winter to the Health and Wellbeing Board.",
    ),
    PartnershipPlan(
        "Social Prescribing through Libraries and Leisure",
        "Link workers based in libraries and leisure centres help people referred by their GP "
        "to find activities, groups and advice. Northshire Voluntary Action hosts the link "
        "workers; the councils provide the buildings and discounted leisure passes.",
        (("nva", HOST), ("ncc", PARTNER), ("avdc", PARTNER), ("ccdc", PARTNER), ("icb", PARTNER)),
        (C.WHOLE_POPULATION, C.MENTAL_HEALTH, C.OLDER_PEOPLE),
        (M.CO_LOCATION, M.JOINT_TEAM),
        D(2021, 1, 4),
        "Grant agreement with the ICB renewed 2024 for three years. Quarterly steering group "
        "chaired by the county council's Head of Libraries.",
    ),
    PartnershipPlan(
        "Mental Health Joint Posts and Secondments",
        "Approved mental health professionals and social workers are seconded from the county "
        "council into the trust's community mental health teams. Two joint posts lead on "
        "housing and employment for people recovering from mental illness.",
        (("ncmh", HOST), ("ncc", PARTNER), ("icb", PARTNER)),
        (C.MENTAL_HEALTH,),
        (M.JOINT_POST, M.SECONDMENT),
        D(2017, 4, 1),
        "Secondment agreement reviewed 2024; staff stay on council terms. Reviewed by the Mental "
        "Health Partnership Board every quarter. Private while staffing changes are consulted on.",
        visibility=Visibility.PARTNERS,
    ),
    PartnershipPlan(
        "Northshire Health and Wellbeing Board",
        "The statutory board brings together councillors, the NHS and the voluntary sector to "
        "agree the joint strategic needs assessment and the health and wellbeing strategy. It "
        "oversees the Better Care Fund and every partnership in this register.",
        (
            ("ncc", HOST),
            ("icb", PARTNER),
            ("avdc", PARTNER),
            ("ccdc", PARTNER),
            ("nhft", PARTNER),
            ("ncht", PARTNER),
            ("ncmh", PARTNER),
            ("nva", PARTNER),
        ),
        (C.WHOLE_POPULATION,),
        (M.LOCAL_STRATEGIC_PARTNERSHIP,),
        D(2013, 4, 1),
        "Statutory committee of the county council under the Health and Social Care Act 2012. "
        "Meets in public six times a year; Joint Health and Wellbeing Strategy 2023-2028.",
    ),
    PartnershipPlan(
        "Northshire Shared Care Record",
        "Hospital, community, mental health, GP and social care records are shared through one "
        "viewer so that staff see the same information about the person in front of them. "
        "People can see who has looked at their record.",
        (("icb", LEAD), ("nhft", PARTNER), ("ncht", PARTNER), ("ncmh", PARTNER), ("ncc", PARTNER)),
        (C.WHOLE_POPULATION,),
        (M.INFORMATION_SHARING,),
        D(2021, 11, 1),
        "Joint data controller agreement signed 2021 and a data protection impact assessment "
        "reviewed yearly. Information Governance Group meets monthly.",
    ),
    PartnershipPlan(
        "Corran Coast Care Trust Arrangement",
        "Adult social care for Corran Coast is delegated to the community trust, which runs it "
        "with district nursing as one care trust arrangement. Council social workers are "
        "seconded to the trust and work from the same locality teams as nurses.",
        (("ncht", HOST), ("ncc", PARTNER), ("icb", PARTNER)),
        (C.OLDER_PEOPLE, C.PHYSICAL_DISABILITIES, C.CARERS),
        (M.CARE_TRUST, M.INTEGRATED_PROVISION, M.SECONDMENT),
        D(2012, 4, 1),
        "Delegation agreement under section 75 renewed 2022 for five years. Care Trust "
        "Partnership Board meets every two months and reports to the county's Adults Committee.",
    ),
    PartnershipPlan(
        "Transport to Health Appointments",
        "The county council commissions community transport for people who cannot get to "
        "hospital and clinic appointments by bus or car. Volunteer drivers are recruited and "
        "trained through Northshire Voluntary Action.",
        (("ncc", LEAD), ("icb", PARTNER), ("nhft", PARTNER), ("nva", PARTNER)),
        (C.OLDER_PEOPLE, C.PHYSICAL_DISABILITIES),
        (M.LEAD_COMMISSIONING,),
        D(2019, 4, 1),
        "Lead commissioning agreement signed 2019; the ICB contributes to journeys for "
        "non-emergency patient transport overflow. Reviewed yearly by the Transport Board.",
    ),
    PartnershipPlan(
        "Complex Care Placements Panel",
        "The county council and the ICB decide together on high-cost placements for adults with "
        "complex needs, including continuing healthcare, and share case information to do so. "
        "Costs are split by an agreed formula.",
        (("ncc", LEAD), ("icb", PARTNER)),
        (C.LEARNING_DISABILITIES, C.MENTAL_HEALTH, C.PHYSICAL_DISABILITIES),
        (M.JOINT_COMMISSIONING_BOARD, M.INFORMATION_SHARING),
        D(2020, 1, 6),
        "Panel terms of reference agreed 2020; meets weekly. Private because it discusses "
        "individual placements and provider prices.",
        visibility=Visibility.PARTNERS,
    ),
    PartnershipPlan(
        "Carers Support Partnership",
        "One service finds and supports unpaid carers of every age, with assessments, breaks and "
        "a carers' card recognised by GP practices and hospitals. Northshire Voluntary Action "
        "delivers it for the council and the ICB.",
        (("nva", LEAD), ("ncc", PARTNER), ("icb", PARTNER)),
        (C.CARERS, C.CHILDREN_YOUNG_PEOPLE),
        (M.LEAD_COMMISSIONING,),
        D(2023, 4, 1),
        "Contract let by the county council for 2023-2028, part-funded from the Better Care "
        "Fund. Carers' reference group meets quarterly.",
    ),
    PartnershipPlan(
        "Healthy Schools and School Nursing",
        "School nurses work from secondary schools and the county's early help hubs, giving "
        "health checks, vaccinations and emotional wellbeing support. Education and public "
        "health plan the programme together each school year.",
        (("ncc", LEAD), ("ncht", PARTNER)),
        (C.CHILDREN_YOUNG_PEOPLE,),
        (M.CO_LOCATION,),
        D(2019, 9, 1),
        "Public health contract with the community trust 2019-2026. Reports each term to the "
        "Children's Trust Board.",
    ),
    PartnershipPlan(
        "Discharge to Assess Winter Pilot",
        "A winter pilot moved people home from hospital the day they were well enough, with "
        "their assessment done at home by a joint hospital and community team. It ended in "
        "March 2024; what worked became part of the intermediate care teams.",
        (("nhft", LEAD), ("ncc", PARTNER), ("ncht", PARTNER)),
        (C.OLDER_PEOPLE,),
        (M.JOINT_TEAM,),
        D(2023, 11, 1),
        "Funded from the winter discharge fund; final evaluation went to the Urgent and "
        "Emergency Care Board in May 2024.",
        end_date=D(2024, 3, 31),
        archived=True,
    ),
    PartnershipPlan(
        "Northshire Community Safety Partnership",
        "The councils, the police and the main housing association tackle anti-social "
        "behaviour, domestic abuse and the exploitation of young people together. Its "
        "neighbourhood teams share information and meet weekly.",
        (
            ("avdc", LEAD),
            ("ccdc", PARTNER),
            ("ncc", PARTNER),
            ("police", PARTNER),
            ("vch", PARTNER),
        ),
        (C.WHOLE_POPULATION, C.CHILDREN_YOUNG_PEOPLE),
        (M.INFORMATION_SHARING, M.JOINT_TEAM),
        D(2019, 4, 1),
        "Statutory community safety partnership. The NHS is invited but does not yet attend; "
        "the Health and Wellbeing Board has asked for a joint plan on domestic abuse.",
    ),
    PartnershipPlan(
        "Corran Coast Leisure and Libraries",
        "The district council's leisure centres and the county's libraries in Corran Coast are "
        "run by the leisure trust from shared buildings, with one membership card.",
        (("ccdc", LEAD), ("ncc", PARTNER), ("clt", HOST)),
        (C.WHOLE_POPULATION,),
        (M.CO_LOCATION, M.LEAD_COMMISSIONING),
        D(2021, 4, 1),
        "Twenty-year leisure contract let in 2021; the libraries join under a memorandum of "
        "understanding reviewed each year.",
    ),
)


def create_partnerships(
    *, place: Place, organisations: dict[str, Organisation], acting: dict[str, object]
) -> list[Partnership]:
    """Each partnership is recorded by an editor of its first partner, the lead or host."""
    created = []
    for plan in PARTNERSHIPS:
        by = acting[plan.partners[0][0]]
        partnership = actions.create_partnership(
            by=by,
            place=place,
            name=plan.name,
            purpose=plan.purpose,
            partners=[(organisations[key], role) for key, role in plan.partners],
            client_groups=plan.client_groups,
            mechanisms=plan.mechanisms,
            visibility=plan.visibility,
            start_date=plan.start_date,
            end_date=plan.end_date,
            governance_notes=plan.governance_notes,
        )
        if plan.archived:
            actions.archive_partnership(partnership, by=by)
        created.append(partnership)
    return created
