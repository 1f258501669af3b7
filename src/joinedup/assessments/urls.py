"""Routes of the assessments app, included under the site's root by joinedup.web.urls."""

from django.urls import path

from . import views

ROUND = "places/<slug:place>/assessments/<int:pk>/"

urlpatterns = [
    path("places/<slug:place>/assessments/", views.round_list, name="assessment_list"),
    path("places/<slug:place>/assessments/new/", views.round_create, name="assessment_create"),
    path(ROUND, views.round_detail, name="assessment_round"),
    path(ROUND + "close/", views.round_close, name="assessment_close"),
    path(ROUND + "links/", views.invitations_create, name="assessment_links"),
    path(ROUND + "results/", views.results_overview, name="assessment_results"),
    path(ROUND + "results/groups/", views.results_groups, name="assessment_results_groups"),
    path(
        ROUND + "results/statements/",
        views.results_statements,
        name="assessment_results_statements",
    ),
    path(
        ROUND + "results/for-analysts/",
        views.results_analysts,
        name="assessment_results_analysts",
    ),
    path(ROUND + "results.csv", views.results_csv, name="assessment_results_csv"),
    path(ROUND + "results.xlsx", views.results_xlsx, name="assessment_results_xlsx"),
    path(ROUND + "report.pdf", views.results_pdf, name="assessment_results_pdf"),
    path("respond/<str:token>/", views.respond, name="assessment_respond"),
]
