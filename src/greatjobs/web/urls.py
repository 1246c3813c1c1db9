"""Every page of the web app: the core pages, accounts, then one include per area of work."""

from django.contrib import admin
from django.urls import include, path

from greatjobs.web.areas import discover

urlpatterns = [
    path("", include("greatjobs.web.core.urls")),
    path("accounts/", include("greatjobs.web.accounts.urls")),
    *(path(f"{area.slug}/", include(f"{module}.urls")) for module, area in discover()),
    path("django-admin/", admin.site.urls),
]
