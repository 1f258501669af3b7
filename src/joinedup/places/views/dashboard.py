from django.shortcuts import redirect, render

from joinedup.accounts.permissions import Permission, has_permission
from joinedup.places import dashboard as figures
from joinedup.places.models import Place
from joinedup.places.scoping import place_for


def home(request):
    places = list(Place.objects.visible_to(request.user))
    if len(places) == 1:
        return redirect("place_dashboard", place=places[0].slug)
    return render(request, "places/home.html", {"places": places})


def dashboard(request, place):
    place = place_for(request, place)
    return render(
        request,
        "places/dashboard.html",
        {
            "place": place,
            "figures": figures.summary(place, request.user),
            "can_create": has_permission(request.user, Permission.CREATE_PARTNERSHIP, place=place),
        },
    )
