"""Every page's route."""

from django.urls import include, path

from joinedup.accounts import views as account_views
from joinedup.partnerships import views as partnership_views
from joinedup.places import views as place_views
from joinedup.web import views as web_views

urlpatterns = [
    path("", place_views.home, name="home"),
    path("accessibility/", web_views.accessibility, name="accessibility"),
    path("sign-in/", account_views.SignInView.as_view(), name="login"),
    path("sign-out/", account_views.sign_out, name="logout"),
    path("places/<slug:place>/", place_views.dashboard, name="place_dashboard"),
    path("places/<slug:place>/areas/", place_views.area_list, name="area_list"),
    path("places/<slug:place>/areas/<str:code>/", place_views.area_detail, name="area_detail"),
    path(
        "places/<slug:place>/organisations/",
        place_views.organisation_list,
        name="organisation_list",
    ),
    path(
        "places/<slug:place>/organisations/new/",
        place_views.organisation_create,
        name="organisation_create",
    ),
    path(
        "places/<slug:place>/organisations/<int:pk>/",
        place_views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "places/<slug:place>/organisations/<int:pk>/edit/",
        place_views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "places/<slug:place>/organisations/<int:pk>/people/",
        account_views.member_list,
        name="member_list",
    ),
    path(
        "places/<slug:place>/organisations/<int:pk>/people/add/",
        account_views.member_add,
        name="member_add",
    ),
    path(
        "places/<slug:place>/organisations/<int:pk>/people/<int:membership>/",
        account_views.member_edit,
        name="member_edit",
    ),
    path("places/<slug:place>/services/", place_views.service_list, name="service_list"),
    path("places/<slug:place>/services/new/", place_views.service_create, name="service_create"),
    path(
        "places/<slug:place>/services/<int:pk>/", place_views.service_detail, name="service_detail"
    ),
    path(
        "places/<slug:place>/services/<int:pk>/edit/",
        place_views.service_edit,
        name="service_edit",
    ),
    path(
        "places/<slug:place>/services/<int:pk>/archive/",
        place_views.service_archive,
        name="service_archive",
    ),
    path(
        "places/<slug:place>/partnerships/",
        partnership_views.partnership_list,
        name="partnership_list",
    ),
    path(
        "places/<slug:place>/partnerships/new/",
        partnership_views.partnership_create,
        name="partnership_create",
    ),
    path(
        "places/<slug:place>/partnerships/<int:pk>/",
        partnership_views.partnership_detail,
        name="partnership_detail",
    ),
    path(
        "places/<slug:place>/partnerships/<int:pk>/edit/",
        partnership_views.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "places/<slug:place>/partnerships/<int:pk>/archive/",
        partnership_views.partnership_archive,
        name="partnership_archive",
    ),
    path("", include("joinedup.assessments.urls")),
    path("", include("joinedup.submissions.urls")),
    path("", include("joinedup.needs.urls")),
]
