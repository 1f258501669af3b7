"""Partnerships: organisations joined for a purpose and client group through mechanisms."""

from django.db import models
from django.db.models import Q

from joinedup.places.choices import ClientGroup
from joinedup.places.models import Organisation, Place


class MechanismKind(models.TextChoices):
    INFORMATION_SHARING = "information_sharing", "Information sharing"
    JOINT_TEAM = "joint_team", "Joint team"
    CO_LOCATION = "co_location", "Co-location"
    JOINT_POST = "joint_post", "Joint post"
    SECONDMENT = "secondment", "Secondment"
    JOINT_COMMISSIONING_BOARD = "joint_commissioning_board", "Joint commissioning board"
    LEAD_COMMISSIONING = "lead_commissioning", "Lead commissioning"
    POOLED_BUDGET = "pooled_budget", "Pooled budget"
    INTEGRATED_PROVISION = "integrated_provision", "Integrated provision"
    CARE_TRUST = "care_trust", "Care trust"
    CHILDRENS_TRUST = "childrens_trust", "Children's trust"
    LOCAL_STRATEGIC_PARTNERSHIP = "local_strategic_partnership", "Local strategic partnership"


# The Health Act 1999 flexibilities, now section 75 of the NHS Act 2006.
SECTION_75_MECHANISMS = frozenset(
    {
        MechanismKind.POOLED_BUDGET,
        MechanismKind.LEAD_COMMISSIONING,
        MechanismKind.INTEGRATED_PROVISION,
    }
)


class PartnerRole(models.TextChoices):
    LEAD = "lead", "Lead"
    PARTNER = "partner", "Partner"
    HOST = "host", "Host"


class Visibility(models.TextChoices):
    PLACE = "place", "Everyone in the place"
    PARTNERS = "partners", "Partner organisations only"


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def visible_to(self, user):
        """Partnerships a user may see: open to their place, or private with their organisation.

        Every view reaches partnerships through this, so a forgotten check is a 404, not a leak.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(place__in=Place.objects.visible_to(user))
            & (Q(visibility=Visibility.PLACE) | Q(members__organisation__memberships__user=user))
        ).distinct()


class Partnership(models.Model):
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="partnerships")
    name = models.CharField(max_length=200)
    purpose = models.TextField()
    visibility = models.CharField(
        "who can see it", max_length=16, choices=Visibility.choices, default=Visibility.PLACE
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    governance_notes = models.TextField(blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partnership_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def client_group_values(self) -> list[str]:
        return sorted(link.client_group for link in self.client_groups.all())

    def client_group_labels(self) -> list[str]:
        return [ClientGroup(v).label for v in self.client_group_values()]

    def mechanism_values(self) -> list[str]:
        return sorted(m.kind for m in self.mechanisms.all())

    def mechanism_labels(self) -> list[str]:
        return [MechanismKind(v).label for v in self.mechanism_values()]


class PartnershipMember(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    role = models.CharField(max_length=16, choices=PartnerRole.choices, default=PartnerRole.PARTNER)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="organisation_once_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class PartnershipClientGroup(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="client_groups"
    )
    client_group = models.CharField(max_length=32, choices=ClientGroup.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "client_group"], name="client_group_once_per_partnership"
            )
        ]

    def __str__(self):
        return self.get_client_group_display()


class Mechanism(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="mechanisms"
    )
    kind = models.CharField(max_length=40, choices=MechanismKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="mechanism_once_each")
        ]

    def __str__(self):
        return self.get_kind_display()
