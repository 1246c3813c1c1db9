"""Value this contract (SROI): a hand-computed valuation of verified hires, bad assumptions
refused with the input kept, who may see it, downloads, and the impact map the CLI values again."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_web_socialvalue_builders import award, make_bid, make_contract, make_return

from greatjobs.cli.main import cli
from greatjobs.cli.socialvalue import socialvalue
from greatjobs.web.socialvalue.models import DeliveryReturn

if "socialvalue" not in cli.commands:
    cli.add_command(socialvalue)

# The builders' contract has three measures: GJ-EMP-01 (local jobs, valued at ASHE pay; none
# delivered here), GJ-EMP-02 (long-term unemployed hires, a WELLBY proxy) and GJ-SKL-02 (training
# hours, no open proxy).
VALUED = ("GJ-EMP-01", "GJ-EMP-02")


@pytest.fixture()
def verified(commissioner, supplier, other_supplier):
    """An awarded contract whose winner reported 2 long-term unemployed hires, both verified."""
    contract = make_contract(commissioner)
    mine = make_bid(contract, supplier, 900_000, 2)
    make_bid(contract, other_supplier, 950_000, 1)
    award(contract, mine)
    delivery_return, line = make_return(contract, supplier)
    line.verified_quantity = 2
    line.save()
    delivery_return.status = DeliveryReturn.Status.VERIFIED
    delivery_return.save()
    return contract


def assumptions(**overrides: str) -> dict[str, str]:
    """A complete form: no deadweight, displacement, attribution or drop-off, one year."""
    data = {"basis": "verified", "investment": "10000", "discount_rate": "0.035"}
    for measure in VALUED:
        data |= {
            f"deadweight_{measure}": "0",
            f"displacement_{measure}": "0",
            f"attribution_{measure}": "0",
            f"drop_off_{measure}": "0",
            f"duration_{measure}": "1",
        }
    return data | overrides


HAND_COMPUTED = assumptions(
    **{
        "deadweight_GJ-EMP-02": "0.2",
        "attribution_GJ-EMP-02": "0.1",
        "drop_off_GJ-EMP-02": "0.5",
        "duration_GJ-EMP-02": "2",
    }
)


def url(contract) -> str:
    return f"/socialvalue/contracts/{contract.pk}/sroi/"


def test_verified_hires_valued_by_hand(client_for, commissioner, verified):
    # Proxy: 0.5 WELLBY x £13,000 (2019 prices) x 122.0 / 100.0 (GDP deflator to 2024) = £7,930.
    # Year-1 impact: 2 verified hires x £7,930 x (1 - 0.2 deadweight) x (1 - 0.1 attribution)
    #   = £11,419.20; year 2 after 50% drop-off: £5,709.60.
    # PV at 3.5% from year 1: 11,419.20 / 1.035 + 5,709.60 / 1.035^2
    #   = 11,033.04 + 5,329.97 = £16,363.02 (GJ-EMP-01: none verified, so £0).
    # Investment £10,000: NPV £6,363.02; SROI ratio 1.64 : 1.
    response = client_for(commissioner).get(url(verified), HAND_COMPUTED)
    assert response.status_code == 200
    done = response.context["done"]
    assert done.spec.outcomes[1].proxy == pytest.approx(7930.0)
    assert done.result.present_value == pytest.approx(16363.02, abs=0.01)
    assert done.result.net_present_value == pytest.approx(6363.02, abs=0.01)
    assert done.result.ratio == pytest.approx(1.6363, abs=1e-4)
    html = response.content.decode()
    assert "£16,363.02" in html and "£6,363.02" in html and "1.64 : 1" in html
    assert "£11,419.20" in html  # the year-1 impact in the table per outcome
    assert "Verified by the commissioner" in html
    assert "HM Treasury Green Book" in html and "2024 prices" in html


def test_the_page_starts_from_verified_quantities_and_lists_what_is_not_valued(
    client_for, analyst, verified
):
    response = client_for(analyst).get(url(verified))
    assert response.status_code == 200
    assert "done" not in response.context  # nothing valued until the user sets the assumptions
    form = response.context["form"]
    assert form["basis"].value() == "verified"
    assert float(form["investment"].value()) == 1_000_000  # the contract value
    assert float(form["discount_rate"].value()) == 0.035
    html = response.content.decode()
    not_valued = html.split('data-testid="sroi-not-valued"')[1].split("</ul>")[0]
    assert "GJ-SKL-02" in not_valued and "No open financial proxy" in not_valued
    assert 'name="deadweight_GJ-SKL-02"' not in html


def test_committed_basis_values_the_winning_bids_commitments(client_for, commissioner, verified):
    response = client_for(commissioner).get(url(verified), {**HAND_COMPUTED, "basis": "committed"})
    # The winning bid committed 2 hires in each of two years: 4, so twice the verified PV.
    assert response.context["done"].result.present_value == pytest.approx(2 * 16363.016, abs=0.01)
    assert "Committed (the winning bid)" in response.content.decode()


def test_bad_assumptions_are_refused_with_field_errors_and_the_input_kept(
    client_for, commissioner, verified
):
    bad = {
        **HAND_COMPUTED,
        "deadweight_GJ-EMP-02": "1.5",
        "duration_GJ-EMP-02": "-2",
        "low_attribution_GJ-EMP-02": "0.2",
        "high_attribution_GJ-EMP-02": "0.4",  # does not contain the central 0.1
    }
    response = client_for(commissioner).get(url(verified), bad)
    assert response.status_code == 200
    assert "done" not in response.context
    errors = response.context["form"].errors
    assert errors["deadweight_GJ-EMP-02"] == [
        "The deadweight for Long-term unemployed people hired must be a share from 0 to 1 "
        "(0.2 means 20%)."
    ]
    assert "at least 1 year" in errors["duration_GJ-EMP-02"][0]
    assert "contain its central value, 0.1" in errors["low_attribution_GJ-EMP-02"][0]
    html = response.content.decode()
    assert "govuk-error-summary" in html and "<title>Error:" in html
    assert 'value="1.5"' in html and 'value="-2"' in html and 'value="0.4"' in html


def test_only_staff_and_the_winning_supplier_may_see_the_valuation(
    client_for, analyst, supplier, other_supplier, verified
):
    assert client_for(other_supplier).get(url(verified)).status_code == 404
    assert client_for(other_supplier).get(url(verified), HAND_COMPUTED).status_code == 404
    assert client_for(analyst).get(url(verified), HAND_COMPUTED).status_code == 200
    winner = client_for(supplier)
    assert winner.get(url(verified), HAND_COMPUTED).status_code == 200
    page = winner.get(f"/socialvalue/contracts/{verified.pk}/").content.decode()
    assert url(verified) in page


def test_supplier_cannot_value_an_open_contract_it_can_see(client_for, commissioner, supplier):
    contract = make_contract(commissioner, title="Open one")
    assert client_for(supplier).get(url(contract)).status_code == 404


def test_contract_and_reports_pages_link_to_the_valuation(client_for, commissioner, verified):
    client = client_for(commissioner)
    contract_page = client.get(f"/socialvalue/contracts/{verified.pk}/").content.decode()
    assert "Value this contract (SROI)" in contract_page and url(verified) in contract_page
    reports = client.get("/socialvalue/reports/").content.decode()
    assert url(verified) in reports and "not here" not in reports


def test_ranges_give_intervals_a_sensitivity_table_and_an_accessible_chart(
    client_for, commissioner, verified
):
    ranged = {
        **HAND_COMPUTED,
        "low_deadweight_GJ-EMP-02": "0.1",
        "high_deadweight_GJ-EMP-02": "0.5",
        "low_proxy_GJ-EMP-02": "4000",
        "high_proxy_GJ-EMP-02": "12000",
    }
    response = client_for(commissioner).get(url(verified), ranged)
    done = response.context["done"]
    ratio = done.intervals.ratio
    assert ratio.low < done.result.ratio < ratio.high
    assert done.intervals.percentiles == (2.5, 50.0, 97.5)
    assert list(done.sensitivity["assumption"]) == [
        "GJ-EMP-02 Long-term unemployed people hired: proxy",
        "GJ-EMP-02 Long-term unemployed people hired: deadweight",
    ]
    html = response.content.decode()
    chart = html.split('data-testid="sroi-chart"')[1].split("</figure>")[0]
    assert 'role="img"' in chart and "<title " in chart and "<desc " in chart
    assert 'data-testid="sroi-sensitivity"' in html
    assert "95% interval (2.5th to 97.5th percentile)" in html


def test_tables_download_as_csv_and_excel_with_the_methods(client_for, commissioner, verified):
    client = client_for(commissioner)
    csv = client.get(url(verified), {**HAND_COMPUTED, "table": "outcomes", "export": "csv"})
    assert csv["Content-Disposition"].endswith('outcomes.csv"')
    text = csv.content.decode()
    assert text.splitlines()[0].startswith("outcome,quantity,proxy,deadweight")
    assert "11419.2" in text and "# Impact = quantity x financial proxy" in text
    xlsx = client.get(url(verified), {**HAND_COMPUTED, "table": "summary", "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_impact_map_download_gives_the_same_figures_in_the_cli(
    client_for, commissioner, verified, tmp_path
):
    ranged = {
        **HAND_COMPUTED,
        "low_deadweight_GJ-EMP-02": "0.1",
        "high_deadweight_GJ-EMP-02": "0.3",
    }
    client = client_for(commissioner)
    page = client.get(url(verified), ranged).context["done"]
    download = client.get(url(verified), {**ranged, "export": "toml"})
    assert download["Content-Disposition"].endswith('impact-map.toml"')
    path = tmp_path / "impact-map.toml"
    path.write_bytes(download.content)
    result = CliRunner().invoke(
        cli, ["socialvalue", "sroi", str(path), "--draws", "50", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    figures = {f["figure"]: f["central"] for f in json.loads(result.stdout)["figures"]}
    assert figures["present value (£)"] == pytest.approx(page.result.present_value, abs=1e-6)
    assert figures["net present value (£)"] == pytest.approx(
        page.result.net_present_value, abs=1e-6
    )
    assert figures["SROI ratio (£ per £1)"] == pytest.approx(page.result.ratio, abs=1e-9)
