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


def test_a_link_cell_escapes_its_text_and_address() -> None:
    from greatjobs.web.core.components import link, table

    html = str(table(["Contract"], [[link("<b>Roads</b> & co", '/c/1/?a="x"', "<i>row</i>")]]))
    assert "<b>" not in html and "&lt;b&gt;Roads&lt;/b&gt; &amp; co" in html
    assert 'href="/c/1/?a=&quot;x&quot;"' in html
    assert '<span class="govuk-visually-hidden"> &lt;i&gt;row&lt;/i&gt;</span>' in html


def test_table_cells_are_text_unless_built_as_html() -> None:
    from django.utils.html import format_html

    from greatjobs.web.core.components import table

    button = format_html("<button>Retire<span> {}</span></button>", "<script>")
    html = str(table(["Name", "Action"], [["<script>alert(1)</script>", button]]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<button>Retire<span> &lt;script&gt;</span></button>" in html


def test_figures_are_written_as_the_templates_write_them() -> None:
    from decimal import Decimal

    from greatjobs.web.core.components import MISSING, figure

    assert figure(Decimal("1250.5"), "2g", "£") == "£1,250.50"
    assert figure(1234567.4, "0g", "£") == "£1,234,567"
    assert figure(2.5, "-2") == "2.50" and figure(3.0, "-2") == "3"
    assert figure(None) == MISSING and figure(float("nan"), missing="none") == "none"


def test_a_hidden_caption_header_cells_per_row_and_numeric_columns() -> None:
    import pandas as pd

    from greatjobs.web.core.components import Column, frame_table

    frame = pd.DataFrame({"year": [2023, 2024], "share": [0.25, None]})
    html = str(
        frame_table(
            frame,
            {
                "year": Column("Year", str),
                "share": Column("Share", "{:.0%}", numeric=True, missing="not known"),
            },
            caption="Shares by year",
            caption_size="hidden",
            first_cell_is_header=True,
        )
    )
    assert '<caption class="govuk-table__caption govuk-visually-hidden">' in html
    assert '<th scope="row" class="govuk-table__header">2023</th>' in html
    assert "govuk-table__header--numeric" in html and ">25%<" in html and ">not known<" in html
