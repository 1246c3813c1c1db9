from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.views.generic import CreateView, DetailView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from greatjobs.web.accounts.scoping import OrganisationScopedMixin
from greatjobs.web.core.auth import signed_in_user
from greatjobs.web.core.uploads import download_stored
from greatjobs.web.uploads.forms import UploadForm
from greatjobs.web.uploads.models import Upload


class UploadListView(OrganisationScopedMixin[Upload], ListView):
    model = Upload
    template_name = "uploads/list.html"
    context_object_name = "uploads"

    def get_queryset(self) -> QuerySet[Upload]:
        return super().get_queryset().select_related("organisation", "uploaded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_upload"] = signed_in_user(self.request).memberships.exists()
        return context


class UploadDetailView(OrganisationScopedMixin[Upload], DetailView):
    """Another organisation's upload is 'not found', so its existence is not revealed."""

    model = Upload
    template_name = "uploads/detail.html"
    context_object_name = "upload"


class UploadDownloadView(OrganisationScopedMixin[Upload], SingleObjectMixin, View):
    """Always a download, never shown in the browser."""

    model = Upload

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        return download_stored(self.get_object().file)


class UploadCreateView(CreateView):
    form_class = UploadForm
    template_name = "uploads/create.html"
    success_url = reverse_lazy("uploads:list")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": signed_in_user(self.request)}

    def form_valid(self, form: ModelForm[Upload]) -> HttpResponse:
        form.instance.uploaded_by = signed_in_user(self.request)
        response = super().form_valid(form)
        messages.success(self.request, f"Uploaded {form.instance.title}.")
        return response
