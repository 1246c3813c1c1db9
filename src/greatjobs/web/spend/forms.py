from __future__ import annotations

from typing import Any

from django import forms

MAX_BYTES = 200 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(f, initial) for f in files]


class ImportForm(forms.Form):
    body = forms.CharField(
        label="Body",
        max_length=200,
        help_text="The council, hospital or university whose spend this is.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
    )
    files = MultipleFileField(
        label="Spend files (CSV)", help_text="One or several; up to 200 MB each."
    )
    mapping = forms.FileField(
        label="Column mapping file (optional)",
        required=False,
        help_text="A TOML file naming the columns, for a layout greatjobs cannot read by itself.",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}),
    )

    def clean_files(self) -> Any:
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than 200 MB.")
        return files
