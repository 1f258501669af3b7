"""Pages of the register of a place, one module per page group."""

from .areas import area_detail, area_list
from .dashboard import dashboard, home
from .organisations import (
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
)
from .services import service_archive, service_create, service_detail, service_edit, service_list

__all__ = [
    "area_detail",
    "area_list",
    "dashboard",
    "home",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
    "service_archive",
    "service_create",
    "service_detail",
    "service_edit",
    "service_list",
]
