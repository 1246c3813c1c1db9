"""Provider imports with a per-row error report, the scorecard, its flags and exports; one store
of imports shared with the command line."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from greatjobs.cli.main import cli
from greatjobs.home import Home
from greatjobs.skills import illustrative_records_path, import_records
from greatjobs.skills.store import get_import, latest_import, list_imports
from greatjobs.web.accounts.roles import EMPLOYER


@pytest.fixture(autouse=True)
def home(settings, own_home: Home) -> Home:
    """Each test's imports go to a skills store of its own (on the session's warehouse)."""
    settings.GREATJOBS_HOME = own_home
    return own_home


def upload(client, path):
    return client.post(
        "/skills/import/",
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")},
    )


def test_import_lists_every_rejected_row_and_keeps_the_rest(
    client_for, commissioner, fixtures_dir, home
):
    client = client_for(commissioner)
    response = upload(client, fixtures_dir / "skills" / "providers_with_errors.csv")
    assert response.status_code == 302
    [stored] = list_imports(home)
    assert response["Location"] == f"/skills/imports/{stored.import_id}/"
    assert (stored.read, stored.loaded, stored.rejected) == (10, 1, 9)
    page = client.get(response["Location"]).content.decode()
    assert "Read 10 rows: loaded 1, rejected 9." in page
    assert 'data-testid="row-errors"' in page
    assert "25 is more than completions (18)" in page
    errors = pd.read_csv(
        io.StringIO(client.get(f"/skills/imports/{stored.import_id}/errors.csv").content.decode()),
        comment="#",
    )
    assert len(errors) == 9 and set(errors.columns) == {"row", "column", "value", "reason"}
    # Who imported it and when is kept with the import, and shown.
    assert stored.imported_by == "web:cora"
    assert "Imported by web:cora" in page
    index = client.get("/skills/").content.decode()
    imports = index.split('data-testid="imports"')[1].split("</table>")[0]
    assert "providers_with_errors.csv" in imports and "web:cora" in imports


def test_a_file_that_is_not_a_provider_file_is_refused_clearly(client_for, analyst, tmp_path, home):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    response = upload(client_for(analyst), bad)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "missing columns provider" in page
    assert list_imports(home) == []
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
    request, client_for, make_user, persona, home
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
    assert list_imports(home) == []


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
def test_no_file_breaks_the_import(client_for, analyst, name, home):
    upload = SimpleUploadedFile(name, NASTY_FILES[name], content_type="text/csv")
    response = client_for(analyst).post("/skills/import/", {"file": upload})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert list_imports(home) == []


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


def cli_skills(home: Home, *args: str):
    return CliRunner().invoke(cli, ["--home", str(home.root), "skills", *args])


def test_the_command_line_and_the_web_see_each_others_imports(
    client_for, analyst, fixtures_dir, home
):
    """One store: an import made with the CLI is on the web page; one made on the web is what
    `greatjobs skills scorecard` reads."""
    client = client_for(analyst)
    assert cli_skills(home, "import", "--demo").exit_code == 0
    [from_cli] = list_imports(home)
    assert from_cli.imported_by.startswith("cli:")
    page = client.get("/skills/").content.decode()
    assert "Showing <strong>illustrative_providers.csv</strong>" in page
    assert f"by {from_cli.imported_by}" in page
    assert 'data-testid="illustrative"' in page and "Wirral Visitor Economy Academy" in page
    detail = client.get(f"/skills/imports/{from_cli.import_id}/")
    assert "Read 11 rows: loaded 11, rejected 0." in detail.content.decode()

    response = upload(client, fixtures_dir / "skills" / "providers_with_errors.csv")
    from_web = latest_import(home)
    assert response["Location"] == f"/skills/imports/{from_web.import_id}/"
    assert (from_web.imported_by, from_web.loaded) == ("web:alan", 1)
    card = cli_skills(home, "scorecard", "--format", "json")
    assert card.exit_code == 0, card.output
    data = json.loads(card.stdout)
    assert data["source"] == {
        "source": "providers_with_errors.csv",
        "read": 10,
        "loaded": 1,
        "rejected": 9,
        "notes": [],
    }
    assert len(data["courses"]) == 1
    # Both imports stay listed, on the web, with their errors.
    assert [i.import_id for i in list_imports(home)] == [from_web.import_id, from_cli.import_id]
    imports = client.get("/skills/").content.decode().split('data-testid="imports"')[1]
    assert imports.index("providers_with_errors.csv") < imports.index("illustrative_providers.csv")
    assert len(get_import(home, from_web.import_id).errors) == 9


@pytest.mark.django_db(transaction=True)
def test_imports_made_on_the_web_before_the_store_are_moved_into_it(home):
    """The migration that drops the web's own table copies its imports into the store first."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "skills", "0001", verbosity=0)
    try:
        state = MigrationExecutor(connection).loader.project_state(("skills", "0001_initial"))
        provider_import = state.apps.get_model("skills", "ProviderImport")
        user = state.apps.get_model("auth", "User").objects.create(username="ada")
        path = illustrative_records_path()
        result = import_records(path)
        provider_import.objects.create(
            filename=path.name,
            read=result.read,
            loaded=result.loaded,
            rejected=result.rejected,
            notes=result.notes,
            records=json.loads(result.records.to_json(orient="records")),
            errors=[],
            imported_by=user,
        )
    finally:
        call_command("migrate", "skills", verbosity=0)
    moved = latest_import(home)
    assert moved is not None
    assert (moved.source, moved.imported_by, moved.read, moved.loaded) == (
        path.name,
        "web:ada",
        11,
        11,
    )
    pd.testing.assert_frame_equal(moved.records, result.records)
