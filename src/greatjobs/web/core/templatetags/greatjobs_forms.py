"""GOV.UK Frontend form components for Django form fields (the package's field tag is a stub)."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField, Form
from govuk_frontend_django.components.error_summary import GovUKErrorSummary
from govuk_frontend_django.components.file_upload import GovUKFileUpload
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.password_input import GovUKPasswordInput
from govuk_frontend_django.components.select import GovUKSelect

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
def govuk_input(field: BoundField, **kwargs: Any) -> GovUKInput:
    value = field.value()
    return GovUKInput(**_common(field), value=None if value is None else str(value), **kwargs)


@register.simple_tag
def govuk_password_input(field: BoundField, **kwargs: Any) -> GovUKPasswordInput:
    return GovUKPasswordInput(**_common(field), **kwargs)


@register.simple_tag
def govuk_select(field: BoundField, **kwargs: Any) -> GovUKSelect:
    current = "" if field.value() is None else str(field.value())
    items = [
        {"value": str(value), "text": str(text), "selected": str(value) == current}
        for value, text in field.field.choices  # type: ignore[attr-defined]
    ]
    return GovUKSelect(**_common(field), items=items, **kwargs)  # type: ignore[arg-type]


@register.simple_tag
def govuk_file_upload(field: BoundField, **kwargs: Any) -> GovUKFileUpload:
    return GovUKFileUpload(**_common(field), **kwargs)


@register.simple_tag
def govuk_error_summary(form: Form) -> GovUKErrorSummary | str:
    """An error summary linking to each field in error (and listing non-field errors)."""
    if not form.errors:
        return ""
    errors = [{"text": str(e)} for e in form.non_field_errors()]
    for field in form:
        errors += [{"text": str(e), "href": f"#{field.id_for_label}"} for e in field.errors]
    return GovUKErrorSummary(titleText="There is a problem", errorList=errors)
