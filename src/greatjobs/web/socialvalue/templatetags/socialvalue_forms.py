"""One tag for any form field: the GOV.UK component that suits its widget, so the dynamic forms
(a field per measure and year) render with one loop and keep what the user typed."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import BoundField
from govuk_frontend_django.components.checkboxes import GovUKCheckboxes
from govuk_frontend_django.components.file_upload import GovUKFileUpload
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.select import GovUKSelect
from govuk_frontend_django.components.textarea import GovUKTextarea

register = template.Library()


def _common(field: BoundField) -> dict[str, Any]:
    common: dict[str, Any] = {
        "id": field.id_for_label,
        "name": field.html_name,
        "label": {"text": str(field.label), "classes": "govuk-label--s"},
    }
    if field.help_text:
        common["hint"] = {"text": str(field.help_text)}
    if field.errors:
        common["errorMessage"] = {"text": " ".join(str(e) for e in field.errors)}
    return common


@register.simple_tag
def sv_field(field: BoundField) -> Any:
    widget = field.field.widget
    value = field.value()
    text = "" if value is None else str(value)
    if isinstance(widget, forms.Textarea):
        return GovUKTextarea(**_common(field), value=text or None, rows=4)
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return GovUKFileUpload(**_common(field))
    if isinstance(widget, forms.CheckboxInput):
        common = _common(field)
        return GovUKCheckboxes(
            idPrefix=field.id_for_label,
            name=field.html_name,
            items=[  # type: ignore[arg-type]
                {
                    "value": "on",
                    "text": str(field.label),
                    "checked": bool(value),
                    "id": field.id_for_label,
                }
            ],
            hint=common.get("hint"),
            errorMessage=common.get("errorMessage"),
        )
    if isinstance(widget, forms.Select):
        items = [
            {"value": str(v), "text": str(t), "selected": str(v) == text}
            for v, t in field.field.choices  # type: ignore[attr-defined]
        ]
        return GovUKSelect(**_common(field), items=items)  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    if isinstance(widget, forms.DateInput):
        kwargs["type"] = "date"
    elif isinstance(widget, forms.NumberInput):
        kwargs.update(inputmode="decimal", classes="govuk-input--width-10", spellcheck=False)
    return GovUKInput(**_common(field), value=text or None, **kwargs)
