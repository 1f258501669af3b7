"""Routes of the submissions app, included under the site's root by joinedup.web.urls."""

from django.urls import path

from . import views

ONE = "places/<slug:place>/submissions/<uuid:pk>/"

urlpatterns = [
    path("places/<slug:place>/submissions/", views.submission_list, name="submission_list"),
    path("places/<slug:place>/submissions/new/", views.submission_create, name="submission_create"),
    path("places/<slug:place>/data/specifications/", views.spec_list, name="spec_list"),
    path(
        "places/<slug:place>/data/specifications/<slug:spec>/",
        views.spec_detail,
        name="spec_detail",
    ),
    path(
        "places/<slug:place>/data/specifications/<slug:spec>.<str:kind>",
        views.spec_download,
        name="spec_download",
    ),
    path("places/<slug:place>/data/items/", views.data_items, name="data_items"),
    path(ONE, views.submission_detail, name="submission_detail"),
    path(ONE + "progress/", views.submission_progress, name="submission_progress"),
    path(ONE + "problems/", views.submission_problems, name="submission_problems"),
    path(ONE + "check-again/", views.submission_check_again, name="submission_check_again"),
    path(ONE + "files/<str:file>", views.submission_download, name="submission_download"),
]
