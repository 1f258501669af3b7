"""Pages for assessments: rounds and links (managers), answering (respondents), results and
downloads (anyone who can see the partnership)."""

from .downloads import results_csv, results_pdf, results_xlsx
from .respond import respond
from .results import results_analysts, results_groups, results_overview, results_statements
from .rounds import (
    invitations_create,
    round_close,
    round_create,
    round_detail,
    round_list,
)

__all__ = [
    "invitations_create",
    "respond",
    "results_analysts",
    "results_csv",
    "results_groups",
    "results_overview",
    "results_pdf",
    "results_statements",
    "results_xlsx",
    "round_close",
    "round_create",
    "round_detail",
    "round_list",
]
