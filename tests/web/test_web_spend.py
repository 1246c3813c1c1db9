"""The spend area: who may see and import, the per-row error report, dashboards and exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greatjobs.spend.ledger import open_ledger
from greatjobs.web.spend import views

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"


@pytest.fixture(autouse=True)
def _own_ledger(monkeypatch, tmp_path):
    """Each test its own ledger (the session's home is shared)."""
    monkeypatch.setattr(views, "open_ledger", lambda home: open_ledger(tmp_path / "spend.duckdb"))


def _upload(client, with_mapping=True):
    data = {
        "body": "Example Council",
        "files": [
            SimpleUploadedFile("unseen_format.csv", (SPEND / "unseen_format.csv").read_bytes())
        ],
    }
    if with_mapping:
        data["mapping"] = SimpleUploadedFile("m.toml", (SPEND / "unseen_mapping.toml").read_bytes())
    return client.post("/spend/import/", data)


def test_suppliers_have_no_access(client_for, supplier):
    client = client_for(supplier)
    assert client.get("/spend/").status_code == 403
    assert client.get("/spend/import/").status_code == 403
    assert client.get("/spend/dashboard/").status_code == 403


def test_commissioners_see_dashboards_but_do_not_import(client_for, commissioner):
    client = client_for(commissioner)
    assert client.get("/spend/").status_code == 200
    assert client.get("/spend/import/").status_code == 403


def test_upload_with_bad_rows_shows_the_error_report(client_for, analyst):
    client = client_for(analyst)
    page = _upload(client).content.decode()
    assert "13 read = 7 loaded + 6 quarantined" in page
    assert "£7,124.05 read = £3,405.55 loaded + £3,718.50 quarantined" in page
    assert "amount not a sum of money: 12.345" in page
    assert "payment date not recognised: 31/02/2024" in page
    again = _upload(client).content.decode()
    assert "Already imported" in again


def test_upload_without_mapping_says_what_is_missing(client_for, analyst):
    page = _upload(client_for(analyst), with_mapping=False).content.decode()
    assert "Not imported" in page and "How much" in page and "mapping file" in page


def test_dashboard_and_csv_export(client_for, analyst):
    client = client_for(analyst)
    _upload(client)
    page = client.get("/spend/dashboard/", {"body": "Example Council"}).content.decode()
    assert "In scope (procurement) spend" in page
    assert "£2,225.55" in page  # 3,405.55 loaded, less 1,300 redacted, less the -120 to HMRC
    assert "No supplier register loaded" in page
    assert "<svg" in page
    response = client.get("/spend/dashboard/top_suppliers.csv", {"body": "Example Council"})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.splitlines()[0].startswith("supplier,supplier_key,spend_gbp")
    assert "Acme Widgets Ltd" in text
