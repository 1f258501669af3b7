"""Pages for partnerships: list, detail, create, edit and archive."""

from .pages import (
    partnership_archive,
    partnership_create,
    partnership_detail,
    partnership_edit,
    partnership_list,
)

__all__ = [
    "partnership_archive",
    "partnership_create",
    "partnership_detail",
    "partnership_edit",
    "partnership_list",
]
