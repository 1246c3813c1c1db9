"""Tables download as CSV and Excel, keeping their provenance notes."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.http import Http404

from greatjobs.web.core.exports import export_response

FRAME = pd.DataFrame({"area": ["Halton", "Wirral"], "value": [1.5, 2.25]})


def test_csv_export_has_the_table_then_its_notes() -> None:
    response = export_response(FRAME, "league table", "csv", ["Source: ONS. OGL v3.0."])
    body = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="league-table.csv"'
    assert body.splitlines() == [
        "area,value",
        "Halton,1.5",
        "Wirral,2.25",
        "# Source: ONS. OGL v3.0.",
    ]


def test_excel_export_round_trips_with_a_notes_sheet() -> None:
    response = export_response(FRAME, "t", "xlsx", ["Method: counts."])
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    pd.testing.assert_frame_equal(sheets["Data"], FRAME)
    assert sheets["Notes"]["Notes"].tolist() == ["Method: counts."]


def test_unknown_export_format_is_not_found() -> None:
    with pytest.raises(Http404):
        export_response(FRAME, "t", "pdf")


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused() -> None:
    frame = pd.DataFrame(
        {"name": ["=HYPERLINK(1)", "@SUM(A1)", "Plain"], "value": [-1.0, 2.0, 3.0]}
    )
    body = export_response(frame, "t", "csv").content.decode()
    assert body.splitlines()[1:4] == ["'=HYPERLINK(1),-1.0", "'@SUM(A1),2.0", "Plain,3.0"]


def test_notes_that_a_spreadsheet_would_run_as_a_formula_are_defused() -> None:
    notes = ['=HYPERLINK("https://example.com") is a custom place', "Method: counts."]
    response = export_response(FRAME, "t", "xlsx", notes)
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert sheets["Notes"]["Notes"].tolist() == ["'" + notes[0], notes[1]]


def test_a_provenance_gives_the_notes_of_a_download():
    from greatjobs.provenance import Provenance
    from greatjobs.sources.catalogue import Dataset

    d = Dataset("x", "x.csv", "csv", "ONS", "A table", "2024", "OGL v3.0", "", "", "https://x",
                "", "")  # fmt: skip
    response = export_response(FRAME, "t", "csv", Provenance((d,), "counts.", ("An estimate.",)))
    text = response.content.decode()
    assert "# Source: ONS, A table (2024). Licence: OGL v3.0. https://x\n" in text
    assert "# Method: counts.\n# An estimate.\n" in text
