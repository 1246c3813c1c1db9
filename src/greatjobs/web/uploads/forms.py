from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.core.forms import field_of
from greatjobs.web.core.uploads import EVIDENCE
from greatjobs.web.uploads.models import Upload

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class UploadForm(forms.ModelForm):
    class Meta:
        model = Upload
        fields = ("organisation", "title", "file")
        help_texts: ClassVar = {"file": EVIDENCE.hint}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # You can only upload on behalf of an organisation you belong to.
        organisation = field_of(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(memberships__user=user)
        organisation.empty_label = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload:
            EVIDENCE.check(upload)
        return upload
