"""The map's projection and colours, and how figures' periods and values are written."""

from __future__ import annotations

import math

import pytest

from greatjobs.charts import (
    DECILE_COLOURS,
    Projection,
    decile_legend,
    format_number,
    lsoa_choropleth,
)
from greatjobs.web.places.figures import format_period

SQUARE = {"type": "Polygon", "coordinates": [[[-3, 53], [-2, 53], [-2, 54], [-3, 54], [-3, 53]]]}


def test_projection_scales_longitude_by_cos_mean_latitude():
    project = Projection([SQUARE], width=120, margin=10)
    x0, y0 = project(-3, 54)
    x1, y1 = project(-2, 53)
    assert (x0, y0) == pytest.approx((10, 10))
    assert x1 == pytest.approx(110)
    # One degree of latitude is 1 / cos(53.5°) times longer than one of longitude.
    assert (y1 - y0) / (x1 - x0) == pytest.approx(1 / math.cos(math.radians(53.5)))


def test_map_draws_polygons_and_multipolygons_with_title_and_description():
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]] * 2}
    svg = lsoa_choropleth(
        [
            {"code": "E01", "name": "A", "lad_code": "X", "decile": 1, "geometry": SQUARE},
            {"code": "E02", "name": "B", "lad_code": "X", "decile": 10, "geometry": multi},
            {"code": "E03", "name": "C", "lad_code": "X", "decile": None, "geometry": SQUARE},
        ],
        chart_id="deprivation-map",
        key=False,
        title="T & co",
        description="D",
        district_names={"X": "Xtown"},
    )
    assert 'role="img"' in svg and '<title id="deprivation-map-title">T &amp; co</title>' in svg
    assert 'fill="url(#deprivation-map-hatch)"' in svg
    assert f'fill="{DECILE_COLOURS[9]}"' in svg
    assert svg.count("M") >= 4 and ">Xtown</text>" in svg


def test_legend_counts_each_decile_and_labels_the_ends():
    items = decile_legend([1, 1, 2, 10, None])
    assert [i.count for i in items] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert items[0].label == "1 (most deprived)" and items[-1].label == "10 (least deprived)"


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_colour_scale_is_ordered_by_lightness_so_it_reads_without_hue():
    lum = [_luminance(c) for c in DECILE_COLOURS]
    assert lum == sorted(lum), "decile 1 darkest through decile 10 lightest"


def test_lsoa_outline_and_legend_border_meet_non_text_contrast_on_white():
    outline = _luminance("#505a5f")
    assert (1.05) / (outline + 0.05) >= 3


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2023-01-01/P1Y", "January to December 2023"),
        ("2024-04-01/P1Y", "April 2024 to March 2025"),
        ("2025-04-30", "30 April 2025"),
        ("2024-01-01/P3M", "January to March 2024"),
        ("2024-06-01/P1M", "June 2024"),
        ("not a date", "not a date"),
    ],
)
def test_periods_are_written_in_words(period, words):
    assert format_period(period) == words


def test_values_are_formatted_by_unit():
    assert format_number(72.04, "%") == "72.0%"
    assert format_number(610.8, "£") == "£610.80"
    assert format_number(1234.5, "") == "1,234.5"
