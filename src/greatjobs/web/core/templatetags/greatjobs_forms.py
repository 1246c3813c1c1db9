"""GOV.UK Frontend form components for Django form fields (the package's field tag is a stub):
one tag per component, and ``govuk_field`` choosing the component that suits a field's widget."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import BoundField, Form
from django.forms.widgets import ChoiceWidget
from django.utils.html import format_html
from govuk_frontend_django.components.base import FieldsetLegend
from govuk_frontend_django.components.checkboxes import CheckboxesItems, GovUKCheckboxes
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.error_summary import ErrorSummaryErrorlist, GovUKErrorSummary
from govuk_frontend_django.components.fieldset import GovUKFieldset
from govuk_frontend_django.components.file_upload import GovUKFileUpload
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.password_input import GovUKPasswordInput
from govuk_frontend_django.components.radios import GovUKRadios, RadiosItems
from govuk_frontend_django.components.select import GovUKSelect, SelectItems
from govuk_frontend_django.components.textarea import GovUKTextarea

register = template.Library()


def _hint(field: BoundField) -> GovUKHint | None:
    return GovUKHint(text=str(field.help_text)) if field.help_text else None


def _error(*fields: BoundField) -> GovUKErrorMessage | None:
    errors = [str(e) for field in fields for e in field.errors]
    if not errors:
        return None
    # The component's own default, stated: a component object passes its unset fields as None,
    # which would drop the hidden "Error:" prefix that screen readers announce.
    return GovUKErrorMessage(text=" ".join(errors), visuallyHiddenText="Error")


def _legend(text: str) -> GovUKFieldset:
    legend = FieldsetLegend(text=text, isPageHeading=False, classes="govuk-fieldset__legend--s")
    return GovUKFieldset(legend=legend)


def _choices(field: BoundField) -> list[tuple[str, str]]:
    """The field's choices as (value, text): a choice field keeps them on its widget too."""
    widget = field.field.widget
    if not isinstance(widget, ChoiceWidget):
        raise TypeError(f"The field {field.name} has no choices.")
    return [(str(value), str(text)) for value, text in widget.choices]


def _common(field: BoundField) -> dict[str, Any]:
    common: dict[str, Any] = {
        "id": field.id_for_label,
        "name": field.html_name,
        "label": {"text": str(field.label), "classes": "govuk-label--s"},
    }
    if hint := _hint(field):
        common["hint"] = hint
    if error := _error(field):
        common["errorMessage"] = error
    return common


def _text(field: BoundField) -> str | None:
    value = field.value()
    return None if value is None else str(value)


@register.simple_tag
def govuk_input(field: BoundField, **kwargs: Any) -> GovUKInput:
    kwargs.setdefault("value", _text(field))
    return GovUKInput(**_common(field), **kwargs)


@register.simple_tag
def govuk_password_input(field: BoundField, **kwargs: Any) -> GovUKPasswordInput:
    return GovUKPasswordInput(**_common(field), **kwargs)


@register.simple_tag
def govuk_select(field: BoundField, **kwargs: Any) -> GovUKSelect:
    current = _text(field) or ""
    items = [
        SelectItems(value=value, text=text, selected=value == current)
        for value, text in _choices(field)
    ]
    return GovUKSelect(**_common(field), items=items, **kwargs)


@register.simple_tag
def govuk_file_upload(field: BoundField, **kwargs: Any) -> GovUKFileUpload:
    return GovUKFileUpload(**_common(field), **kwargs)


@register.simple_tag
def govuk_textarea(field: BoundField, about: str = "", **kwargs: Any) -> GovUKTextarea:
    """A textarea; ``about`` is read to screen readers after the label (say which question)."""
    common = _common(field)
    if about:
        label = format_html('{}<span class="govuk-visually-hidden">: {}</span>', field.label, about)
        common["label"] = {"html": str(label), "classes": "govuk-label--s"}
    kwargs.setdefault("value", _text(field))
    return GovUKTextarea(**common, **kwargs)


@register.simple_tag
def govuk_radios(
    field: BoundField, inline: bool = False, small: bool = False, **kwargs: Any
) -> GovUKRadios:
    """Radios under the field's label as legend, whose first item has the field's id (the error
    summary links to it)."""
    current = _text(field) or ""
    items = [
        RadiosItems(value=value, text=text, checked=value == current)
        for value, text in _choices(field)
    ]
    classes = " ".join(
        c
        for c, wanted in (("govuk-radios--inline", inline), ("govuk-radios--small", small))
        if wanted
    )
    kwargs.setdefault("classes", classes or None)
    return GovUKRadios(
        idPrefix=field.id_for_label,
        name=field.html_name,
        items=items,
        fieldset=_legend(str(field.label)),
        hint=_hint(field),
        errorMessage=_error(field),
        **kwargs,
    )


@register.simple_tag
def govuk_checkboxes(
    *fields: BoundField, legend: str = "", hint: str = "", small: bool = False
) -> GovUKCheckboxes:
    """Boolean fields as checkboxes, each keeping its own name and id: a group under ``legend``
    (with ``hint``), or, with no legend, one field's checkbox with the field's own hint."""
    first = fields[0]
    if legend:
        hint_text = GovUKHint(text=hint) if hint else None
    else:
        hint_text = GovUKHint(text=hint) if hint else _hint(first)
    return GovUKCheckboxes(
        idPrefix=first.id_for_label,
        name=first.html_name,
        fieldset=_legend(legend) if legend else None,
        hint=hint_text,
        errorMessage=_error(*fields),
        items=[
            CheckboxesItems(
                id=f.id_for_label,
                name=f.html_name,
                value="on",
                text=str(f.label),
                checked=bool(f.value()),
            )
            for f in fields
        ],
        classes="govuk-checkboxes--small" if small else None,
    )


@register.simple_tag
def govuk_field(field: BoundField) -> Any:
    """The component that suits the field's widget, so a form built at run time (a field per
    measure and year) renders with one loop and keeps what the user typed."""
    widget = field.field.widget
    value = _text(field) or None
    if isinstance(widget, forms.Textarea):
        return govuk_textarea(field, value=value, rows=4)
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return govuk_file_upload(field)
    if isinstance(widget, forms.CheckboxInput):
        return govuk_checkboxes(field)
    if isinstance(widget, forms.Select):
        return govuk_select(field)
    kwargs: dict[str, Any] = {}
    if isinstance(widget, forms.DateInput):
        kwargs["type"] = "date"
    elif isinstance(widget, forms.NumberInput):
        kwargs.update(inputmode="decimal", classes="govuk-input--width-10", spellcheck=False)
    return govuk_input(field, value=value, **kwargs)


@register.simple_tag
def govuk_error_summary(form: Form) -> GovUKErrorSummary | str:
    """An error summary linking to each field in error (and listing non-field errors)."""
    if not form.errors:
        return ""
    errors = [ErrorSummaryErrorlist(text=str(e)) for e in form.non_field_errors()]
    for field in form:
        errors += [
            ErrorSummaryErrorlist(text=str(e), href=f"#{field.id_for_label}") for e in field.errors
        ]
    return GovUKErrorSummary(titleText="There is a problem", errorList=errors)
