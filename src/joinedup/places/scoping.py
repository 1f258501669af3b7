"""The doors through which views reach records: always through the signed-in user's scope.

A record the user may not see is a 404, the same as one that does not exist, so that a URL
reveals nothing about another organisation's private work.
"""

from django.http import Http404

from .models import Place


def place_for(request, slug: str) -> Place:
    try:
        return Place.objects.visible_to(request.user).get(slug=slug)
    except Place.DoesNotExist:
        raise Http404("No such place, or it is not one of yours.") from None


def get_or_404(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No such {queryset.model._meta.verbose_name}.") from None
