"""GOV.UK radios and textarea for Django form fields (the shared tags cover inputs and selects)."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from govuk_frontend_django.components.radios import GovUKRadios
from govuk_frontend_django.components.textarea import GovUKTextarea

register = template.Library()


def _error(field: BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in field.errors)} if field.errors else None


@register.simple_tag
def govuk_radios(field: BoundField, inline: bool = False, **kwargs: Any) -> GovUKRadios:
    """Radios whose first item has the field's id, so the error summary's link lands on it."""
    current = "" if field.value() is None else str(field.value())
    items = [
        {"value": str(value), "text": str(text), "checked": str(value) == current}
        for value, text in field.field.choices  # type: ignore[attr-defined]
    ]
    fieldset = {"legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}}
    return GovUKRadios(
        idPrefix=field.id_for_label,
        name=field.html_name,
        items=items,  # type: ignore[arg-type]
        fieldset=fieldset,  # type: ignore[arg-type]
        hint={"text": str(field.help_text)} if field.help_text else None,  # type: ignore[arg-type]
        errorMessage=_error(field),  # type: ignore[arg-type]
        classes="govuk-radios--inline" if inline else None,
        **kwargs,
    )


@register.simple_tag
def govuk_textarea(field: BoundField, **kwargs: Any) -> GovUKTextarea:
    value = field.value()
    return GovUKTextarea(
        id=field.id_for_label,
        name=field.html_name,
        label={"text": str(field.label), "classes": "govuk-label--s"},  # type: ignore[arg-type]
        hint={"text": str(field.help_text)} if field.help_text else None,  # type: ignore[arg-type]
        errorMessage=_error(field),  # type: ignore[arg-type]
        value=None if value is None else str(value),
        **kwargs,
    )
