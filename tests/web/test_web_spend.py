"""The spend area: who may see and import, the per-row error report, dashboards and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from decimal import Decimal
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greatjobs.home import Home
from greatjobs.spend.ledger import write_ledger
from greatjobs.spend.suppliers.normalise import normalise_supplier_name

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"
HOSPITAL = {"body": "Example Hospital"}
MANCHESTER = "E47000001"  # Greater Manchester: none of the fixture's suppliers is there


@pytest.fixture(autouse=True)
def home(settings, own_home: Home) -> Home:
    """Each test its own ledger (the session's home is shared)."""
    settings.GREATJOBS_HOME = own_home
    return own_home


def _upload(client, with_mapping=True, body="Example Council"):
    data = {
        "body": body,
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


def test_upload_of_a_workbook_shows_each_reason_with_its_money(client_for, analyst, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Supplier Name", "Amount", "Pay Date"])
    sheet.append(["Acme Ltd", 1234.5, dt.datetime(2024, 4, 5)])
    sheet.append(["Matrix Ltd", 2915.79, "Various"])
    book.save(tmp_path / "spend.xlsx")
    data = {
        "body": "Example Council",
        "files": [SimpleUploadedFile("spend.xlsx", (tmp_path / "spend.xlsx").read_bytes())],
    }
    page = client_for(analyst).post("/spend/import/", data).content.decode()
    assert "2 read = 1 loaded + 1 quarantined" in page
    reasons = re.search(r'data-testid="reasons">(.*?)</ul>', page, re.S)
    assert reasons and "1 undated line (£2,915.79)" in reasons.group(1)


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


def _two_anchors(client, home):
    """Example Council's 2024 file and Example Hospital's 2022-23 file, with Mersey Builders
    resolved to Liverpool and Far Away Consulting to the City of London (Acme unresolved)."""
    _upload(client)
    client.post(
        "/spend/import/",
        {
            "body": "Example Hospital",
            "files": [SimpleUploadedFile("two.csv", (SPEND / "two_years.csv").read_bytes())],
        },
    )
    with write_ledger(home) as con:
        for key, name, lad in (
            ("k1", "Mersey Builders Ltd", "E08000012"),
            ("k2", "Far Away Consulting plc", "E09000001"),
        ):
            con.execute(
                "INSERT INTO spend.supplier_alias VALUES (?, ?, 1.0)",
                [normalise_supplier_name(name), key],
            )
            con.execute(
                "INSERT INTO spend.supplier_profile (supplier_key, display_name, lad_code, "
                "org_type, resolved) VALUES (?, ?, ?, 'company', true)",
                [key, name, lad],
            )


def _fixture_totals() -> dict[str, Decimal]:
    """Example Hospital's spend per year, straight from the fixture file (none of it excluded)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    with (SPEND / "two_years.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            totals[row["Payment Date"][-4:]] += Decimal(row["Amount"])
    return totals


def _headline(response) -> dict[str, str]:
    """The headline CSV export as {measure: spend}, and its notes under the key "#"."""
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    table = {r[0]: r[1] for r in rows[1:] if not r[0].startswith("#")}
    table["#"] = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    return table


def _text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_choosing_a_year_shows_that_years_totals(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    by_year = _fixture_totals()  # 2022: 1,000.00 + 250.50; 2023: 400.00 + 99.99 + 300.00
    assert by_year == {"2022": Decimal("1250.50"), "2023": Decimal("799.99")}
    for year, total in by_year.items():
        response = client.get("/spend/dashboard/", {**HOSPITAL, "year": year})
        assert response.status_code == 200
        page = _text(response)
        assert f"Spend: Example Hospital, {year}" in page
        assert f"£{total:,.2f}" in page
        assert not any(f"£{v:,.2f}" in page for y, v in by_year.items() if y != year)
        assert "Suppliers in Liverpool City Region count as local" in page
    page = client.get("/spend/dashboard/", HOSPITAL).content.decode()
    assert f"£{sum(by_year.values()):,.2f}" in page  # all years: 2,050.49
    # The year list holds the chosen anchor's years only; across anchors, every year.
    assert re.findall(
        r'<option value="(\d*)"', page.split('id="id_year"')[1].split("</select>")[0]
    ) == [
        "",
        "2023",
        "2022",
    ]
    across = client.get("/spend/dashboard/", {"year": "2024"})
    assert "Spend: all anchors, 2024" in _text(across)
    assert "£2,225.55" in across.content.decode()  # Example Council's 2024 in-scope spend


def test_the_anchors_compared_with_their_shared_suppliers(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    page = client.get("/spend/dashboard/").content.decode()
    anchors = _text_of(page, "anchors")
    # Council £2,225.55 + Hospital £2,050.49 = £4,276.04 together; Acme Widgets is paid by both,
    # so 4 suppliers together (Council: Acme, Bolt & Nut; Hospital: Acme, Mersey, Far Away).
    assert "Example Council" in anchors and "Example Hospital" in anchors
    assert "All anchors together" in anchors and "£4,276" in anchors
    assert "anchors-chart" in page and "In-scope spend by anchor" in page
    shared = _text_of(page, "shared")
    # Acme: Council 2 x £1,234.50 + Hospital £1,000 + £400 = £3,869.
    assert "Acme Widgets Ltd" in shared and "£3,869" in shared
    assert "Example Council: Stationery (£2,469.00); Example Hospital: Stationery" in shared
    opportunities = _text_of(page, "opportunities")
    assert "Acme Widgets Ltd" in opportunities and "location unknown" in opportunities
    response = client.get("/spend/dashboard/anchors.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode().split("\n\n")[0])))
    assert {r["body"] for r in rows} >= {"Example Council", "All anchors together"}


def _text_of(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}".*?</table>', page, re.S)
    assert found, testid
    return unescape(re.sub(r"<[^>]+>", " ", found.group(0)))


def test_the_place_decides_which_suppliers_are_local(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    query = {**HOSPITAL, "year": "2023"}
    local = _headline(client.get("/spend/dashboard/headline.csv", query))
    # Resolved in 2023: Mersey Builders 99.99 (Liverpool) + Far Away Consulting 300.00.
    assert local["Resolved to a supplier record"] == "399.99"
    assert local["With suppliers in the place"] == "99.99"
    elsewhere = _headline(
        client.get("/spend/dashboard/headline.csv", {**query, "place": MANCHESTER})
    )
    assert elsewhere["With suppliers in the place"] == "0.00"
    page = _text(client.get("/spend/dashboard/", {**query, "place": MANCHESTER}))
    assert "Suppliers in Greater Manchester count as local" in page


def test_unknown_year_or_place_says_so(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    response = client.get("/spend/dashboard/", {**HOSPITAL, "year": "2024"})
    assert response.status_code == 400
    page = _text(response)
    assert "There is a problem" in page
    assert "There is no spend in 2024 for these anchors: choose a year from the list" in page
    response = client.get("/spend/dashboard/", {"place": "E99999999"})
    assert response.status_code == 400
    assert "There is no place E99999999: choose a place from the list" in _text(response)
    response = client.get("/spend/dashboard/", {"year": "<script>alert(1)</script>"})
    assert response.status_code == 400 and "<script>alert" not in response.content.decode()
    export = client.get("/spend/dashboard/headline.csv", {"year": "1850"})
    assert export.status_code == 400
    assert "There is no spend in 1850" in _text(export)


def test_exports_carry_the_place_and_year(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    query = {**HOSPITAL, "year": "2022", "place": MANCHESTER}
    response = client.get("/spend/dashboard/headline.csv", query)
    assert "Example-Hospital-2022-Greater-Manchester.csv" in response["Content-Disposition"]
    table = _headline(response)
    assert table["In scope (procurement) spend"] == "1250.50"
    assert (
        "# Spend: Example Hospital, 2022; suppliers in Greater Manchester count as local "
        "(E47000001)." in table["#"]
    )
    page = client.get("/spend/dashboard/", query).content.decode()
    assert "headline.csv?body=Example+Hospital&amp;year=2022&amp;place=E47000001" in page
    xlsx = client.get("/spend/dashboard/top_suppliers.xlsx", query)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    notes = [row[0] for row in book["Notes"].iter_rows(values_only=True)]
    assert "Spend: Example Hospital, 2022; suppliers in Greater Manchester" in notes[1]


def test_staff_pay_adds_the_staff_to_lm3(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    staff = {"staff_pay": "£1,000", "staff_pay_local": "600", "staff_local_spend_share": "0.5"}
    response = client.get("/spend/dashboard/", {**HOSPITAL, "year": "2023", **staff})
    assert response.status_code == 200
    page = _text(response)
    # Suppliers only (2023): R1 = resolved 399.99; R2 = local 99.99;
    # R3 = 99.99 x 0.76 + 300.00 x 0.36 = 75.9924 + 108 = 183.99.
    # With staff: R1 = 399.99 + 1,000 = 1,399.99; R2 = 99.99 + 600 = 699.99;
    # R3 = 183.99 + 600 x 0.5 = 483.99; LM3 = (1,399.99 + 699.99 + 483.99) / 1,399.99 = 1.85.
    assert "With staff" in page
    assert "LM3 with staff: R1 £1,399.99 = £399.99 + staff pay £1,000.00" in page
    assert "R3 £483.99 = £183.99 + their spending in the place £600.00 x 0.5" in page
    assert "LM3 = 1.85." in page
    assert "LM3 = (R1 + R2 + R3) / R1 = 1.71." in page  # (399.99 + 99.99 + 183.99) / 399.99


def test_staff_form_keeps_the_input_and_says_what_is_wrong(client_for, analyst, home):
    client = client_for(analyst)
    _two_anchors(client, home)
    response = client.get(
        "/spend/dashboard/", {**HOSPITAL, "staff_pay": "1,000", "staff_pay_local": "2000"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    page = _text(response)
    assert "cannot be more than the total staff pay (£1,000.00)" in page
    assert "from a survey of your staff: greatjobs has no sourced default" in page
    assert 'href="#id_staff_pay_local"' in html and 'href="#id_staff_local_spend_share"' in html
    assert 'value="1,000"' in html and 'value="2000"' in html
    assert '<details class="govuk-details" open>' in html
    response = client.get(
        "/spend/dashboard/", {"staff_pay": "lots", "staff_local_spend_share": "2"}
    )
    page = _text(response)
    assert "Enter an amount in pounds, like 12,500,000 or £12.5m" in page
    assert "must be from 0 to 1 (0.4 for 40%)" in page
    assert "Give the pay to staff living in the place (£) too" in page
    assert 'value="lots"' in response.content.decode()


def test_the_dashboard_counts_an_anchors_own_area_as_local_by_default(client_for, analyst):
    """Regression: the demo's anchors are in Hyndburn and Lambeth, yet the default view counted
    Liverpool City Region as local and showed £0 and 0% local."""
    client = client_for(analyst)
    _upload(client, body="Hyndburn Borough Council")
    page = client.get("/spend/dashboard/", {"body": "Hyndburn Borough Council"}).content.decode()
    assert "Suppliers in Hyndburn count as local (the anchors’ own area)" in page
    chosen = client.get(
        "/spend/dashboard/", {"body": "Hyndburn Borough Council", "place": MANCHESTER}
    ).content.decode()
    assert "Suppliers in Greater Manchester count as local<" in chosen


def test_the_trend_chart_has_a_value_axis_and_its_figures_as_a_table(client_for, analyst):
    client = client_for(analyst)
    _upload(client)
    page = client.get("/spend/dashboard/", {"body": "Example Council"}).content.decode()
    chart = page[page.index('data-chart="spend-trend"') : page.index("</svg>")]
    assert ">£0<" in chart and "Spend (£)" in chart
    assert 'data-testid="trend"' in page


def test_a_twenty_digit_amount_is_quarantined_not_a_server_error(client_for, analyst, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(
        "Date,Supplier,Amount\n01/04/2024,Acme Ltd,100.00\n"
        "02/04/2024,Big Ltd,12345678901234567890\n"
    )
    response = client_for(analyst).post(
        "/spend/import/",
        {"body": "Example Council", "files": [SimpleUploadedFile("huge.csv", path.read_bytes())]},
    )
    assert response.status_code == 200
    assert "amount too large: 12345678901234567890" in response.content.decode()
