"""URL routes: one module of views per page group."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("joinedup.web.urls")),
    path("admin/", admin.site.urls),
]
