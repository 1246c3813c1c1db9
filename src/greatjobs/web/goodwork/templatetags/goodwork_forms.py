"""GOV.UK radios, checkboxes and textarea for the charter forms."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from govuk_frontend_django.components.checkboxes import GovUKCheckboxes
from govuk_frontend_django.components.radios import GovUKRadios
from govuk_frontend_django.components.textarea import GovUKTextarea

register = template.Library()


def _error(field: BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in field.errors)} if field.errors else None


def _hint(field: BoundField) -> dict[str, str] | None:
    return {"text": str(field.help_text)} if field.help_text else None


@register.simple_tag
def gw_radios(field: BoundField, **kwargs: Any) -> GovUKRadios:
    """Inline radios whose first item has the field's id (the error summary links to it)."""
    current = "" if field.value() is None else str(field.value())
    items = [
        {"value": str(value), "text": str(text), "checked": str(value) == current}
        for value, text in field.field.choices  # type: ignore[attr-defined]
    ]
    return GovUKRadios(
        idPrefix=field.id_for_label,
        name=field.html_name,
        items=items,  # type: ignore[arg-type]
        fieldset={"legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}},  # type: ignore[arg-type]
        hint=_hint(field),  # type: ignore[arg-type]
        errorMessage=_error(field),  # type: ignore[arg-type]
        classes="govuk-radios--inline govuk-radios--small",
        **kwargs,
    )


@register.simple_tag
def gw_checkbox(field: BoundField, **kwargs: Any) -> GovUKCheckboxes:
    """One small checkbox for a boolean field."""
    return GovUKCheckboxes(
        idPrefix=field.id_for_label,
        name=field.html_name,
        items=[{"value": "on", "text": str(field.label), "checked": bool(field.value())}],  # type: ignore[list-item]
        hint=_hint(field),  # type: ignore[arg-type]
        errorMessage=_error(field),  # type: ignore[arg-type]
        classes="govuk-checkboxes--small",
        **kwargs,
    )


@register.simple_tag
def gw_textarea(field: BoundField, **kwargs: Any) -> GovUKTextarea:
    value = field.value()
    return GovUKTextarea(
        id=field.id_for_label,
        name=field.html_name,
        label={"text": str(field.label), "classes": "govuk-label--s"},  # type: ignore[arg-type]
        hint=_hint(field),  # type: ignore[arg-type]
        errorMessage=_error(field),  # type: ignore[arg-type]
        value=None if value is None else str(value),
        rows=2,
        **kwargs,
    )
