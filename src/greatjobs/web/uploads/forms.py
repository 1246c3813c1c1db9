from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.core.uploads import EVIDENCE
from greatjobs.web.uploads.models import Upload


class UploadForm(forms.ModelForm):
    class Meta:
        model = Upload
        fields = ("organisation", "title", "file")
        help_texts: ClassVar = {"file": EVIDENCE.hint}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # You can only upload on behalf of an organisation you belong to.
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user)
        self.fields["organisation"].empty_label = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload:
            EVIDENCE.check(upload)
        return upload
