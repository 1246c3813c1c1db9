from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.views.generic import CreateView, DetailView, ListView

from greatjobs.web.accounts.scoping import OrganisationScopedMixin
from greatjobs.web.core.uploads import download_response
from greatjobs.web.uploads.forms import UploadForm
from greatjobs.web.uploads.models import Upload


class UploadListView(OrganisationScopedMixin, ListView):
    model = Upload
    template_name = "uploads/list.html"
    context_object_name = "uploads"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("organisation", "uploaded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_upload"] = self.request.user.memberships.exists()
        return context


class UploadDetailView(OrganisationScopedMixin, DetailView):
    """Another organisation's upload is 'not found', so its existence is not revealed."""

    model = Upload
    template_name = "uploads/detail.html"
    context_object_name = "upload"


class UploadDownloadView(OrganisationScopedMixin, DetailView):
    """Always a download, never shown in the browser."""

    model = Upload

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = self.get_object()
        return download_response(upload.file.open("rb"), PurePath(upload.file.name).name)


class UploadCreateView(CreateView):
    form_class = UploadForm
    template_name = "uploads/create.html"
    success_url = reverse_lazy("uploads:list")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: UploadForm) -> HttpResponse:
        form.instance.uploaded_by = self.request.user
        response = super().form_valid(form)
        messages.success(self.request, f"Uploaded {form.instance.title}.")
        return response
