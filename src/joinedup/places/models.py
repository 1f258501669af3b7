"""The register of a place: its areas, organisations and services."""

from django.db import models
from django.db.models import Q

from .areas import AGE_BANDS, AreaKind, validate_area_code
from .choices import CapacityUnit, ClientGroup, OrganisationKind, Sector, ServiceFunction


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Area(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True, validators=[validate_area_code])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AreaKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def ancestors(self) -> list["Area"]:
        chain, area = [], self.parent
        while area is not None:
            chain.append(area)
            area = area.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of every area beneath this one: one query per level, at most a handful."""
        found, frontier = set(), {self.pk}
        while frontier:
            frontier = set(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier -= found
            found |= frontier
        return found


class AreaPopulation(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="population")
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    age_band = models.CharField(max_length=5, choices=[(b, b) for b in AGE_BANDS])
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "sex", "age_band"], name="one_population_figure_per_cell"
            )
        ]

    def __str__(self):
        return f"{self.area.code} {self.year} {self.sex} {self.age_band}: {self.count}"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(
        "ODS or ONS code",
        max_length=12,
        blank=True,
        help_text="The NHS ODS code (for example RX1) or the ONS code of a council, if it has one.",
    )
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="organisation_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def sectors(self) -> list[str]:
        return sorted(s.sector for s in self.sector_links.all())

    def sector_labels(self) -> list[str]:
        return [Sector(s).label for s in self.sectors]


class OrganisationSector(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sector_links"
    )
    sector = models.CharField(max_length=32, choices=Sector.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sector"], name="one_row_per_sector")
        ]

    def __str__(self):
        return self.get_sector_display()


class PlaceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The places a user's organisations belong to: the start of every scoped query."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisations__memberships__user=user).distinct()


class Place(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="places", blank=True)
    areas = models.ManyToManyField(Area, related_name="places", blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def area_ids(self) -> set[int]:
        """Ids of the place's own areas and every area beneath them."""
        ids = set()
        for area in self.areas.all():
            ids |= {area.pk} | area.descendant_ids()
        return ids


class ServiceQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        return self.filter(place__in=Place.objects.visible_to(user))


class Service(models.Model):
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services_provided"
    )
    commissioners = models.ManyToManyField(
        Organisation, related_name="services_commissioned", blank=True
    )
    client_group = models.CharField(max_length=32, choices=ClientGroup.choices)
    function = models.CharField(max_length=32, choices=ServiceFunction.choices)
    areas = models.ManyToManyField(Area, related_name="services", blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    capacity_unit = models.CharField(max_length=32, choices=CapacityUnit.choices, blank=True)
    # Money is Decimal, never float: pounds and pence.
    annual_cost = models.DecimalField(
        "annual cost (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_cost__isnull=True) | Q(annual_cost__gte=0),
                name="service_cost_not_negative",
            )
        ]

    def __str__(self):
        return self.name
