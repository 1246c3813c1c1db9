from __future__ import annotations

from typing import Any

from django import forms

from greatjobs.web.core.uploads import PROVIDER_FILE


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Provider file (CSV)",
        help_text=f"One row per course: {PROVIDER_FILE.hint}",
        error_messages={"required": "Choose a CSV file to import"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        PROVIDER_FILE.check(upload)
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be UTF-8 text.") from exc
        return upload
