"""One shared Jinja environment for GOV.UK Frontend components.

govuk-frontend-django builds a new Jinja environment for every component it renders, so each
component's macro file is loaded and compiled again every time. Installing one shared environment,
configured exactly as the library configures its own, lets Jinja cache the compiled macros.
"""

from __future__ import annotations

import functools
from typing import Any

from govuk_frontend_django.components import base
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape


@functools.cache
def shared_environment() -> Environment:
    loader = ChoiceLoader(
        [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    return Environment(loader=loader, autoescape=select_autoescape())


def _environment(*args: Any, **kwargs: Any) -> Environment:
    return shared_environment()


def install() -> None:
    """Make the components' ``Environment(...)`` call return the shared environment."""
    base.Environment = _environment  # type: ignore[attr-defined,misc]
