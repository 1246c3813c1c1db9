from __future__ import annotations

from typing import Any

from django import forms

MAX_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Provider file (CSV)",
        help_text="One row per course. Up to 5 MB.",
        error_messages={"required": "Choose a CSV file to import"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller.")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (.csv).")
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be UTF-8 text.") from exc
        return upload
