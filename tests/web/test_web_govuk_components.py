"""GOV.UK components render through one shared Jinja environment, with the same HTML."""

from __future__ import annotations

from govuk_frontend_django.components import base
from govuk_frontend_django.components.button import GovUKButton
from jinja2 import Environment

from greatjobs.web.core.govuk_components import shared_environment


def test_components_share_one_environment_and_render_the_same_html(monkeypatch) -> None:
    patched = str(GovUKButton(text="Continue", classes="govuk-button--secondary"))
    assert base.Environment(loader=None) is shared_environment()
    monkeypatch.setattr(base, "Environment", Environment)  # the library's own behaviour
    original = str(GovUKButton(text="Continue", classes="govuk-button--secondary"))
    assert patched == original
    assert 'class="govuk-button govuk-button--secondary"' in patched


def test_components_render_safely_from_many_threads_at_once() -> None:
    """Regression: under the production server's threads, the phase banner on every page failed
    now and then (the library keeps a render's state on the template node, shared by every
    thread): 'list.remove(x): x not in list', a 500."""
    from concurrent.futures import ThreadPoolExecutor

    from django.template import engines

    page = engines["django"].from_string(
        "{% load govuk_frontend_django %}"
        "{% gds_phase_banner %}{% gds_component 'tag' text=phase %}"
        "New service {{ n }}{% endgds_phase_banner %}"
    )

    def render(n: int) -> tuple[int, str]:
        return n, page.render({"phase": f"Alpha {n}", "n": n})

    with ThreadPoolExecutor(16) as pool:
        rendered = list(pool.map(render, range(3000)))
    for n, html in rendered:
        assert f"Alpha {n}" in html and f"New service {n}" in html
