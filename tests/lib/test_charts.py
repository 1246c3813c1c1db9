"""The chart builders the web pages use: ticks cover the data, every text is escaped, each chart
has one title and one description with its own ids, and empty input still gives a chart."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from greatjobs.charts import (
    curve_chart,
    interval_chart,
    lq_bar_chart,
    nice_ticks,
    spend_trend_chart,
    tornado_chart,
    value_bar_chart,
)
from greatjobs.charts.svg import svg_open

PLACE = "Halton <&> Widnes"
ESCAPED = "Halton &lt;&amp;&gt; Widnes"


def _labelled_once(svg: str, chart_id: str) -> None:
    """One accessible image labelled by its own title and description."""
    assert svg.startswith("<svg") and svg.endswith("</svg>") and svg.count("<svg") == 1
    opening = svg[: svg.index(">") + 1]
    assert 'role="img"' in opening
    assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in opening
    assert svg.count(f'id="{chart_id}-title"') == 1 and svg.count(f'id="{chart_id}-desc"') == 1
    assert svg.count("<desc") == 1
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert len(ids) == len(set(ids))


def _no_raw_text(svg: str) -> None:
    assert PLACE not in svg and "<&>" not in svg


def _axis(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle"[^>]*>([^<]+)</text>', svg)


@pytest.mark.parametrize(
    ("low", "high"),
    [(0.0, 1.0), (0.0, 7.3), (-3.2, 18.6), (12.0, 12.0), (0.001, 0.0042), (150.0, 987_654.0)],
)
def test_ticks_cover_the_range_in_round_steps(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5, 10))


def test_ticks_from_zero_include_zero_and_an_all_zero_range_is_zero_to_one():
    ticks = nice_ticks(4.0, 9.0, from_zero=True)
    assert ticks[0] == 0.0 and ticks[-1] >= 9.0
    assert nice_ticks(-5.0, -1.0, from_zero=True)[-1] == 0.0
    assert nice_ticks(0.0, 0.0, from_zero=True) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(float("nan"), 1.0) == [0.0, 1.0]


def test_svg_open_adds_a_test_id_and_class_only_when_asked():
    plain = svg_open(100, 50, "a b", "T", "D")
    assert 'data-chart="a-b"' in plain and "data-testid" not in plain and "class=" not in plain
    marked = svg_open(100, 50, "a b", "T", "D", test_id="x", css_class="greatjobs-chart")
    assert 'data-testid="x"' in marked and 'class="greatjobs-chart"' in marked


def test_interval_chart_says_its_level_and_escapes_labels():
    rows = [(PLACE, 120.0, 100.0, 140.0), ("Net", 55.5, 20.1, 80.2)]
    svg = interval_chart(
        rows, level=80, chart_id="jobs-chart", title=f"Jobs in {PLACE}", decimals=0
    )
    _labelled_once(svg, "jobs-chart")
    _no_raw_text(svg)
    assert 'data-testid="jobs-chart"' in svg and 'class="greatjobs-chart"' in svg
    said = f"line across its 80% interval: {ESCAPED} 120 (100 to 140); Net 56 (20 to 80).</desc>"
    assert said in svg
    assert "80% interval" in svg and "90%" not in svg
    assert f"{ESCAPED}: 120 (100 to 140)" in svg and "55.5 (20.1 to 80.2)" in svg
    assert svg.count("<circle") == 2
    assert _axis(svg)[0] == "0" and float(_axis(svg)[-1].replace(",", "")) >= 140


def test_interval_chart_with_no_rows_and_a_bad_level():
    svg = interval_chart([], level=90, chart_id="empty", title="Nothing")
    _labelled_once(svg, "empty")
    assert ">No estimates.</desc>" in svg and "<circle" not in svg
    with pytest.raises(ValueError, match="between 0 and 100"):
        interval_chart([], level=100, chart_id="x", title="x")


def test_curve_chart_marks_the_budget_in_text_and_escapes_labels():
    svg = curve_chart(
        [1e6, 2.5e6],
        [10.0, 25.5],
        2e6,
        title=f"Curve for {PLACE}",
        description=f"Rising in {PLACE}.",
        y_label=f"Cumulative jobs in {PLACE}",
    )
    _labelled_once(svg, "curve-chart")
    _no_raw_text(svg)
    assert svg.count(ESCAPED) == 3
    assert "Budget £2m" in svg and 'stroke-dasharray="6 4"' in svg
    assert svg.count("<circle") == 2 and 'points="70.0,320.0 ' in svg
    x_ticks = _axis(svg)[:-2]  # then the axes' titles
    assert x_ticks[0] == "0" and float(x_ticks[-1]) >= 2.5


def test_curve_chart_with_no_projects_and_no_budget():
    svg = curve_chart([], [], None, title="T", description="No projects.", y_label="Jobs")
    _labelled_once(svg, "curve-chart")
    assert "<circle" not in svg and "Budget" not in svg


def test_lq_bars_are_labelled_with_their_values_largest_first():
    items = [("C", 0.5), (PLACE, 1.35), ("nan", float("nan")), ("L" * 60, 2.0)]
    svg = lq_bar_chart(items, title=f"LQs in {PLACE}", description="Bars.")
    _labelled_once(svg, "lq-chart")
    _no_raw_text(svg)
    assert 'data-testid="lq-chart"' in svg
    assert re.findall(r'data-lq="([^"]+)"', svg) == ["2.00", "1.35", "0.50"]
    assert f"{ESCAPED}: location quotient 1.35" in svg and "L" * 47 + "…" in svg
    assert svg.count("<rect") == 3 and 'stroke-dasharray="4 3"' in svg
    ticks = [float(t) for t in _axis(svg)]
    assert ticks[0] == 0 and 1 in ticks and ticks[-1] >= 2


def test_lq_chart_with_nothing_to_show():
    svg = lq_bar_chart([], title="T", description="No location quotients.")
    _labelled_once(svg, "lq-chart")
    assert "<rect" not in svg and "data-lq" not in svg


def test_value_bars_escape_labels_and_cover_the_largest_value():
    rows = [{"label": PLACE, "committed": 1200.0, "delivered": 800.0, "verified": 450.0}]
    svg = value_bar_chart(rows, chart_id="sv-contracts", title=f"Value in {PLACE}")
    _labelled_once(svg, "sv-contracts")
    _no_raw_text(svg)
    assert f"{ESCAPED}: committed £1,200, delivered £800, verified £450" in svg
    assert svg.count("<rect") == 3 + 3  # the key's three swatches and one group of three bars
    assert float(_axis(svg)[-1].lstrip("£").replace(",", "")) >= 1200


def test_value_bars_with_no_contracts():
    svg = value_bar_chart([], chart_id="none", title="T")
    _labelled_once(svg, "none")
    assert ">No contracts</desc>" in svg and svg.count("<rect") == 3


def test_tornado_escapes_labels_and_covers_every_end_and_the_central_ratio():
    rows = [
        {"label": PLACE, "at_low": 1.8, "at_high": 4.2},
        {"label": "B", "at_low": 3, "at_high": 2},
    ]
    svg = tornado_chart(rows, 2.9, chart_id="sroi-sensitivity", title=f"Ranges in {PLACE}")
    _labelled_once(svg, "sroi-sensitivity")
    _no_raw_text(svg)
    assert f"{ESCAPED}: 1.80 at its low value, 4.20 at its high value" in svg
    ticks = [float(t) for t in _axis(svg)]
    assert ticks[0] <= 0 and ticks[-1] >= 4.2
    assert svg.count("<rect") == 2 and "Line: central ratio." in svg


def test_tornado_with_no_ranges():
    svg = tornado_chart([], 2.5, chart_id="t", title="T")
    _labelled_once(svg, "t")
    assert ">No ranges given</desc>" in svg and "<rect" not in svg


def test_spend_trend_has_a_value_axis_from_zero_or_is_empty():
    svg = spend_trend_chart([(2022, 1_000.0), (2023, 2_500.0)])
    _labelled_once(svg, "spend-trend")
    assert ">£0<" in svg and "Spend (£)" in svg and "2023: £2,500" in svg
    assert spend_trend_chart([]) == ""


def test_numbers_are_written_in_their_unit() -> None:
    from greatjobs.charts import format_number

    assert format_number(18.61, "%") == "18.6%"
    assert format_number(610.8, "£") == "£610.80"
    assert format_number(1228.0, "per 100,000") == "1,228 per 100,000"
    assert format_number(10196.0, "£ per year") == "£10,196 per year"
    assert format_number(34.01, "£ per hour") == "£34.01 per hour"
    assert format_number(None, "%") == "–"


def test_ticks_carry_the_decimals_they_need():
    from greatjobs.charts import Point, Series, line_chart
    from greatjobs.charts.svg import tick_decimals

    assert tick_decimals([30.0, 32.5, 35.0]) == 1 and tick_decimals([30.0, 32.5], "£") == 2
    assert tick_decimals([0.0, 0.25, 0.5]) == 2 and tick_decimals([0.0, 5.0, 10.0]) == 0
    assert tick_decimals([30.0, 35.0], "£ per hour") == 0
    pay = Series("Place", tuple(Point(p, v) for p, v in (("2021", 30.0), ("2022", 40.0))))
    svg = line_chart([pay], chart_id="gva", title="GVA per hour", unit="£ per hour")
    ticks = re.findall(r'text-anchor="end" fill="[^"]+">([^<]+)</text>', svg)
    assert "£32.50 per hour" in ticks, ticks
    assert "£32 per hour" not in ticks and "£33 per hour" not in ticks
    assert len(set(ticks)) == len(ticks)


def test_interval_chart_writes_its_level_where_it_can_be_seen():
    svg = interval_chart([("Total", 10.0, 8.0, 12.0)], level=95, chart_id="c", title="T")
    assert ">Central (95% interval)</text>" in svg
