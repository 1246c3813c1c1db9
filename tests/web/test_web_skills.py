"""Provider imports with a per-row error report, the scorecard, its flags and exports."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from greatjobs.web.accounts.roles import EMPLOYER
from greatjobs.web.skills.models import ProviderImport


def upload(client, path):
    return client.post(
        "/skills/import/",
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")},
    )


def test_import_lists_every_rejected_row_and_keeps_the_rest(client_for, commissioner, fixtures_dir):
    client = client_for(commissioner)
    response = upload(client, fixtures_dir / "skills" / "providers_with_errors.csv")
    assert response.status_code == 302
    stored = ProviderImport.objects.get()
    assert (stored.read, stored.loaded, stored.rejected) == (10, 1, 9)
    page = client.get(response["Location"]).content.decode()
    assert "Read 10 rows: loaded 1, rejected 9." in page
    assert 'data-testid="row-errors"' in page
    assert "25 is more than completions (18)" in page
    errors = pd.read_csv(
        io.StringIO(client.get(f"/skills/imports/{stored.pk}/errors.csv").content.decode()),
        comment="#",
    )
    assert len(errors) == 9 and set(errors.columns) == {"row", "column", "value", "reason"}
    assert LogEntry.objects.get_for_object(stored).exists()


def test_a_file_that_is_not_a_provider_file_is_refused_clearly(client_for, analyst, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    response = upload(client_for(analyst), bad)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "missing columns provider" in page
    assert not ProviderImport.objects.exists()
    assert "govuk-error-summary" in client_for(analyst).post("/skills/import/", {}).content.decode()


def test_demo_scorecard_flags_and_exports(client_for, analyst):
    client = client_for(analyst)
    assert client.post("/skills/import/demo/").status_code == 302
    page = client.get("/skills/").content.decode()
    assert 'data-testid="illustrative"' in page
    assert 'data-testid="flags"' in page and 'data-testid="alignment"' in page
    assert "cost per achievement £7,500 is above £6,000" in page
    assert "Visitor economy" in page
    csv = client.get("/skills/scorecard.csv").content.decode()
    card = pd.read_csv(io.StringIO(csv), comment="#")
    assert len(card) == 11 and card["flag_count"].sum() == 6
    assert "# ILLUSTRATIVE" in csv and "productivity_spillover: 0.35" in csv
    xlsx = client.get("/skills/scorecard.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_no_import_yet(client_for, analyst):
    client = client_for(analyst)
    assert "No provider file has been imported yet" in client.get("/skills/").content.decode()
    assert client.get("/skills/scorecard.csv").status_code == 404


@pytest.mark.parametrize("persona", ["supplier", "employer"])
def test_suppliers_and_employers_cannot_use_provider_scorecards(
    request, client_for, make_user, persona
):
    user = (
        make_user("eve", EMPLOYER, "Halton Care Co-operative")
        if persona == "employer"
        else request.getfixturevalue(persona)
    )
    client = client_for(user)
    for path in ("/skills/", "/skills/import/", "/skills/scorecard.csv"):
        assert client.get(path).status_code == 403
    assert client.post("/skills/import/demo/").status_code == 403
    assert not ProviderImport.objects.exists()


def test_the_wide_scorecard_scrolls_in_its_own_region_with_figures_to_the_right(
    client_for, analyst
):
    client = client_for(analyst)
    client.post("/skills/import/demo/")
    page = client.get("/skills/").content.decode()
    opening = page.split('data-testid="scorecard"')[0].rsplit("<div ", 1)[1]
    assert opening.startswith(
        'class="greatjobs-table-scroll" tabindex="0" role="region" aria-label="Scorecard by course"'
    )
    scorecard = page.split('data-testid="scorecard"')[1].split("</table>")[0]
    assert re.search(r'govuk-table__cell--numeric">\s*£7,500\s*<', scorecard)
    assert re.search(r'govuk-table__cell--numeric">\s*\d+% \(\d+% to \d+%\)\s*<', scorecard)


NASTY_FILES = {
    "empty.csv": b"",
    "binary.csv": bytes(range(256)) * 10,
    "latin-1.csv": "provider,é\n1,ü\n".encode("latin-1"),
    "nul.csv": b"provider,course\x00\n1,2\n",
    "direction.csv": "\u202e,%,_\n1,2,3\n".encode(),
    "long-line.csv": b"a" * 100_000 + b"\n",
    "many-columns.csv": (",".join(f"c{i}" for i in range(5000)) + "\n").encode(),
    "unterminated.csv": b'"provider,course\n1,2\n',
    "not-csv.txt": b"provider\n",
}


@pytest.mark.parametrize("name", NASTY_FILES)
def test_no_file_breaks_the_import(client_for, analyst, name):
    upload = SimpleUploadedFile(name, NASTY_FILES[name], content_type="text/csv")
    response = client_for(analyst).post("/skills/import/", {"file": upload})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not ProviderImport.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/skills/imports/99999/",
        "/skills/imports/9999999999999999999999/",
        "/skills/imports/99999/errors.csv",
        "/skills/imports/1/errors.%25",
        "/skills/scorecard.%F0%9F%98%80",
        "/skills/imports/-1/",
        "/skills/imports/%E2%80%AE/",
    ],
)
def test_no_address_breaks_a_skills_page(client_for, analyst, path):
    assert client_for(analyst).get(path).status_code == 404
