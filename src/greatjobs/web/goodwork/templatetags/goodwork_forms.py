"""GOV.UK radios, checkboxes and textarea for the charter forms."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import escape, format_html
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
def gw_checkbox_group(legend: str, hint: str, *fields: BoundField) -> GovUKCheckboxes:
    """Boolean fields as one group of checkboxes under a legend (each keeps its own name)."""
    first = fields[0]
    return GovUKCheckboxes(
        idPrefix=first.id_for_label,
        name=first.html_name,
        fieldset={"legend": {"text": legend, "classes": "govuk-fieldset__legend--s"}},  # type: ignore[arg-type]
        hint={"text": hint} if hint else None,  # type: ignore[arg-type]
        items=[
            {
                "id": f.id_for_label,
                "name": f.html_name,
                "value": "on",
                "text": str(f.label),
                "checked": bool(f.value()),
            }
            for f in fields
        ],  # type: ignore[misc]
        classes="govuk-checkboxes--small",
    )


@register.simple_tag
def gw_textarea(field: BoundField, about: str = "", **kwargs: Any) -> GovUKTextarea:
    """A textarea; ``about`` is read to screen readers after the label (say which question)."""
    value = field.value()
    label = (
        format_html('{}<span class="govuk-visually-hidden">: {}</span>', field.label, about)
        if about
        else escape(field.label)
    )
    return GovUKTextarea(
        id=field.id_for_label,
        name=field.html_name,
        label={"html": str(label), "classes": "govuk-label--s"},  # type: ignore[arg-type]
        hint=_hint(field),  # type: ignore[arg-type]
        errorMessage=_error(field),  # type: ignore[arg-type]
        value=None if value is None else str(value),
        rows=2,
        **kwargs,
    )
