"""Who may see and do what with submissions.

Everyone who belongs to the place sees that a submission was made, its status and its
aggregate results (counts per rule, quality per dimension). Record-level data (the file itself,
each problem with the value found, the reports that quote values) is for members of the
submitting organisation, and for the place's analysts.
"""

from joinedup.accounts.permissions import (
    Permission,
    has_permission,
    organisations_where,
    roles_by_organisation,
)


def may_see_records(user, submission) -> bool:
    if submission.organisation_id in roles_by_organisation(user):
        return True
    return has_permission(user, Permission.SEE_RECORD_LEVEL_DATA, place=submission.place)


def may_submit_for(user, organisation) -> bool:
    return has_permission(user, Permission.SUBMIT_DATA, organisation=organisation)


def submitting_organisations(user, place):
    """The place's organisations the user may send data for."""
    return place.organisations.filter(pk__in=organisations_where(user, Permission.SUBMIT_DATA))
