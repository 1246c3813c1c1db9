"""Every page of the web app, one include per area of work."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("greatjobs.web.core.urls")),
    path("accounts/", include("greatjobs.web.accounts.urls")),
    path("audit/", include("greatjobs.web.audit.urls")),
    path("places/", include("greatjobs.web.places.urls")),
    path("uploads/", include("greatjobs.web.uploads.urls")),
    path("django-admin/", admin.site.urls),
]
