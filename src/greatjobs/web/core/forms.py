"""Typed access to a form's fields, for the forms that set a field's choices or queryset when
they are made (the organisations a user belongs to, the places there are data for)."""

from __future__ import annotations

from typing import TypeVar

from django import forms

_F = TypeVar("_F", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """``form.fields[name]``, which must be a ``kind`` (a ``ChoiceField``, a
    ``ModelChoiceField``...)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"Field {name!r} is a {type(field).__name__}, not a {kind.__name__}.")
    return field
