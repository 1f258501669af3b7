"""Pages that belong to the whole site rather than to one part of the register."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

# When the statement was written, last reviewed and when the service was last tested. Update
# them whenever the statement or the testing changes (the regulations ask for these dates).
STATEMENT_PREPARED = dt.date(2026, 11, 26)
STATEMENT_REVIEWED = dt.date(2026, 11, 26)
LAST_TESTED = dt.date(2026, 11, 26)


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the form the UK model statement prescribes.

    Open to everyone, signed in or not. The organisation running this copy of joinedup puts
    its name and contact details in the settings ``JOINEDUP_OPERATOR_NAME``,
    ``JOINEDUP_ACCESSIBILITY_EMAIL`` and ``JOINEDUP_ACCESSIBILITY_PHONE``.
    """
    context = {
        "operator": getattr(settings, "JOINEDUP_OPERATOR_NAME", "") or "",
        "contact_email": getattr(settings, "JOINEDUP_ACCESSIBILITY_EMAIL", "") or "",
        "contact_phone": getattr(settings, "JOINEDUP_ACCESSIBILITY_PHONE", "") or "",
        "prepared": STATEMENT_PREPARED,
        "reviewed": STATEMENT_REVIEWED,
        "last_tested": LAST_TESTED,
    }
    return render(request, "web/accessibility.html", context)
