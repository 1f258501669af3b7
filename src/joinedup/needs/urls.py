"""Routes of the needs app, included under the site's root by joinedup.web.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("places/<slug:place>/indicators/", views.indicators, name="indicators"),
    path("places/<slug:place>/indicators.csv", views.indicators_csv, name="indicators_csv"),
]
