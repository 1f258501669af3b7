"""The people of the demo: an installation administrator to set the place up, and staff of every
organisation with different roles, all signing in with one shared demo password."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from joinedup.accounts import actions
from joinedup.accounts.models import Role
from joinedup.places.models import Organisation

User = get_user_model()

SETUP_USERNAME = "northshire-setup"
DEMO_PASSWORD = "northshire-demo-2026"  # noqa: S105 - published on purpose: demo sign-ins only
START_WITH = "ncc.editor"

DOMAINS = {
    "ncc": "northshire-cc.example",
    "avdc": "ashbyvale-dc.example",
    "ccdc": "corrancoast-dc.example",
    "icb": "northshire-icb.nhs.example",
    "nhft": "northshire-hospitals.nhs.example",
    "ncht": "northshire-community.nhs.example",
    "ncmh": "nandc-mentalhealth.nhs.example",
    "nva": "northshire-va.example",
    "police": "northshire-police.example",
    "vch": "valecoasthomes.example",
    "clt": "corranleisure.example",
}


@dataclass(frozen=True)
class PersonPlan:
    username: str
    first_name: str
    last_name: str
    job: str
    # (organisation key, role); the first is where they are shown and their email domain.
    memberships: tuple[tuple[str, str], ...]

    @property
    def email(self) -> str:
        first, last = self.first_name.lower(), self.last_name.lower().replace("'", "")
        return f"{first}.{last}@{DOMAINS[self.memberships[0][0]]}"


def _one(username, first, last, job, role) -> PersonPlan:
    return PersonPlan(username, first, last, job, ((username.split(".")[0], role),))


PEOPLE = (
    _one("ncc.admin", "Priya", "Raman", "Business systems manager", Role.ADMIN),
    _one("ncc.editor", "Helen", "Marsh", "Integration manager", Role.EDITOR),
    _one("ncc.viewer", "Tom", "Ashworth", "Finance business partner", Role.VIEWER),
    _one("ncc.data", "Ruth", "Penrose", "Adult social care data officer", Role.EDITOR),
    _one("ncc.analyst", "Arjun", "Mehta", "Public health intelligence analyst", Role.ANALYST),
    _one("avdc.admin", "Gareth", "Lloyd", "Head of housing", Role.ADMIN),
    _one("avdc.editor", "Sophie", "Kerr", "Private sector housing officer", Role.EDITOR),
    _one("avdc.viewer", "Daniel", "Okafor", "Leisure services officer", Role.VIEWER),
    _one("ccdc.admin", "Margaret", "Pryce", "Housing and communities manager", Role.ADMIN),
    _one("ccdc.editor", "Liam", "Tregarthen", "Environmental health officer", Role.EDITOR),
    _one("icb.admin", "Femi", "Adeyemi", "Head of digital", Role.ADMIN),
    _one("icb.editor", "Rachel", "Doyle", "Associate director of place partnerships", Role.EDITOR),
    _one("icb.viewer", "Chris", "Bell", "Deputy chief finance officer", Role.VIEWER),
    _one("nhft.admin", "Anita", "Desai", "Director of strategy", Role.ADMIN),
    _one("nhft.editor", "Mark", "Fenton", "Patient flow lead", Role.EDITOR),
    _one("ncht.admin", "Joanne", "Whitfield", "Head of information governance", Role.ADMIN),
    _one("ncht.editor", "Sam", "Carter", "Head of intermediate care", Role.EDITOR),
    _one("ncmh.admin", "Olu", "Bankole", "Director of partnerships", Role.ADMIN),
    _one("ncmh.editor", "Kate", "Morrow", "Community mental health service manager", Role.EDITOR),
    _one("nva.admin", "Beth", "Hollis", "Chief executive", Role.ADMIN),
    _one("nva.viewer", "Imran", "Shah", "Social prescribing coordinator", Role.VIEWER),
    _one("police.admin", "Dave", "Pengelly", "Community safety inspector", Role.ADMIN),
    _one("vch.admin", "Lucy", "Amis", "Tenancy sustainment manager", Role.ADMIN),
    _one("clt.admin", "Owen", "Treloar", "Leisure trust operations manager", Role.ADMIN),
    PersonPlan(
        "joint.commissioner",
        "Nadia",
        "Hussain",
        "Joint commissioning manager (council and ICB)",
        (("ncc", Role.EDITOR), ("icb", Role.EDITOR)),
    ),
)


def create_setup_user():
    """The installation administrator who sets the place up; nobody can sign in as them."""
    user = actions.create_user(
        by=None,
        username=SETUP_USERNAME,
        email="setup@northshire.example",
        password=None,
        first_name="Northshire",
        last_name="demo set-up",
        is_superuser=True,
    )
    return user


@dataclass
class People:
    users: dict[str, object]  # by username
    acting: dict[str, object]  # organisation key -> the user who records things for it


def create_people(*, by, organisations: dict[str, Organisation]) -> People:
    """Every person, added to their organisations: the set-up account adds each organisation's
    admin, and that admin then adds the organisation's other people, as in real use."""
    users = {
        p.username: actions.create_user(
            by=by,
            username=p.username,
            email=p.email,
            password=DEMO_PASSWORD,
            first_name=p.first_name,
            last_name=p.last_name,
        )
        for p in PEOPLE
    }
    admins = {}
    for person in PEOPLE:
        for key, role in person.memberships:
            if role == Role.ADMIN and key not in admins:
                admins[key] = users[person.username]
                actions.add_member(
                    by=by, organisation=organisations[key], user=admins[key], role=role
                )
    acting = {}
    for person in PEOPLE:
        user = users[person.username]
        for key, role in person.memberships:
            if user is not admins[key]:
                actions.add_member(
                    by=admins[key], organisation=organisations[key], user=user, role=role
                )
            if role == Role.EDITOR and len(person.memberships) == 1:
                acting.setdefault(key, user)
    for key, admin in admins.items():
        acting.setdefault(key, admin)
    return People(users=users, acting=acting)
