"""The only way assessment pages reach rounds: through the partnerships the user may see."""

from joinedup.assessments.models import AssessmentRound
from joinedup.places.scoping import get_or_404, place_for


def rounds_in(request, place):
    return (
        AssessmentRound.objects.visible_to(request.user)
        .filter(partnership__place=place)
        .select_related("partnership")
    )


def round_for(request, place_slug: str, pk: int):
    """(place, round) or a 404 when either is not one the user may see."""
    place = place_for(request, place_slug)
    return place, get_or_404(rounds_in(request, place), pk=pk)
