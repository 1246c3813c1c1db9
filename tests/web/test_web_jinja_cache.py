"""GOV.UK components render through one shared Jinja environment, with the same HTML."""

from __future__ import annotations

from govuk_frontend_django.components import base
from govuk_frontend_django.components.button import GovUKButton
from jinja2 import Environment

from greatjobs.web.core.jinja_cache import shared_environment


def test_components_share_one_environment_and_render_the_same_html(monkeypatch) -> None:
    patched = str(GovUKButton(text="Continue", classes="govuk-button--secondary"))
    assert base.Environment(loader=None) is shared_environment()
    monkeypatch.setattr(base, "Environment", Environment)  # the library's own behaviour
    original = str(GovUKButton(text="Continue", classes="govuk-button--secondary"))
    assert patched == original
    assert 'class="govuk-button govuk-button--secondary"' in patched
