"""Spend metrics on a small ledger whose answers are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from greatjobs.errors import DataError
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.ledger import years as ledger_years
from greatjobs.spend.lm3 import StaffPay, parse_pounds, staff_pay_problems
from greatjobs.spend.report import PlaceScope, spend_report
from greatjobs.store.backend import DuckDBBackend

PLACE = PlaceScope("Test place", {"E08000011": "Knowsley", "E08000012": "Liverpool"})
# supplier, key, lad, imd decile, type, sme, sic, amount, excluded_by
SUPPLIERS = [
    ("Local Builders Ltd", "k1", "E08000011", 1, "company", True, "43210", "100.00", None),
    ("Care Charity", "k2", "E08000012", 3, "charity", None, "88100", "50.00", None),
    ("Far Away Builders plc", "k3", "E09000001", 8, "company", False, "43990", "200.00", None),
    ("Unknown Trader", None, None, None, None, None, None, "50.00", None),
    ("HMRC", None, None, None, None, None, None, "1000.00", "hmrc"),
    ("Grocers Co-op", "k6", "E08000011", 2, "cooperative", True, "47110", "100.00", None),
]


def make_ledger(path, with_registers: bool = True):
    con = open_ledger(path)
    for i, (name, _key, *_rest, amount, excluded) in enumerate(SUPPLIERS, start=1):
        con.execute(
            "INSERT INTO spend.payment "
            "VALUES (?, 'Anchor', 1, ?, ?, ?, ?, NULL, ?, 'Works', NULL, ?)",
            [i, i + 1, date(2023, 5, i), name, name.lower(), Decimal(amount), excluded],
        )
    con.execute(
        "INSERT INTO spend.payment VALUES (7, 'Anchor', 1, 9, DATE '2022-01-01', "
        "'Local Builders Ltd', 'local builders ltd', NULL, 40.00, 'Works', NULL, NULL)"
    )
    con.execute(
        "INSERT INTO spend.source_file VALUES (1, 'Anchor', 'a.csv', 'x', 'm', 'utf-8', "
        "7, 7, 0, 1540, 1540, 0, current_timestamp)"
    )
    if with_registers:
        for name, key, lad, decile, org, sme, sic, *_ in SUPPLIERS:
            if key:
                con.execute(
                    "INSERT INTO spend.supplier_alias VALUES (?, ?, 1.0)", [name.lower(), key]
                )
                con.execute(
                    "INSERT INTO spend.supplier_profile (supplier_key, display_name, register, "
                    "register_id, lad_code, imd_decile, org_type, is_sme, sme_basis, sic_codes, "
                    "resolved) VALUES (?, ?, 'companies-house', ?, ?, ?, ?, ?, 'accounts', [?], "
                    "true)",
                    [key, name, key, lad, decile, org, sme, sic],
                )
    return con


@pytest.fixture()
def ledger(tmp_path):
    con = make_ledger(tmp_path / "spend.duckdb")
    yield con
    con.close()


def headline(report) -> dict[str, tuple]:
    return {r.metric: (r.spend_gbp, r.share, r.coverage) for r in report.headline.itertuples()}


def test_metrics_for_one_year_match_the_hand_calculation(ledger):
    report = spend_report(ledger, DuckDBBackend(), ["Anchor"], 2023, PLACE)
    h = headline(report)
    # In scope 100 + 50 + 200 + 50 + 100 = 500 (HMRC's 1000 excluded); resolved 450.
    assert h["In scope (procurement) spend"][0] == Decimal("500.00")
    assert h["Resolved to a supplier record"][1:] == (pytest.approx(0.9), pytest.approx(0.9))
    # In the place: Local Builders 100 + Care Charity 50 + Co-op 100 = 250 of 450 resolved.
    assert h["With suppliers in the place"] == (
        Decimal("250.00"),
        pytest.approx(250 / 450),
        pytest.approx(0.9),
    )
    assert h["In the 10% most deprived LSOAs"][:2] == (Decimal("100.00"), pytest.approx(100 / 450))
    assert h["In the 20% most deprived LSOAs"][:2] == (Decimal("200.00"), pytest.approx(200 / 450))
    # Size known for 100 + 200 + 100 = 400 (the charity's is not): SMEs 200 of 400; coverage 0.8.
    assert h["With SMEs"] == (Decimal("200.00"), pytest.approx(0.5), pytest.approx(0.8))
    assert h["With VCSEs (charity, CIC, co-operative)"][:2] == (
        Decimal("150.00"),
        pytest.approx(150 / 450),
    )
    assert h["With co-operatives"][:2] == (Decimal("100.00"), pytest.approx(100 / 450))
    public = h["With public bodies (councils, NHS trusts, other public employers)"]
    assert public == (Decimal("0.00"), pytest.approx(0.0), pytest.approx(0.9))
    assert report.exclusions.to_dict("records") == [
        {"rule": "hmrc", "payments": 1, "spend_gbp": Decimal("1000.00")}
    ]
    districts = dict(zip(report.districts.lad_name, report.districts.spend_gbp, strict=True))
    assert districts == {"Knowsley": Decimal("200.00"), "Liverpool": Decimal("50.00")}
    assert report.top_suppliers.supplier.tolist()[:2] == [
        "Far Away Builders plc",
        "Local Builders Ltd",
    ]
    # Leakage: construction (SIC 43) bought outside for 200 while a local builder exists.
    assert report.leakage.to_dict("records") == [
        {
            "sic_division": "43",
            "spend_outside_gbp": Decimal("200.00"),
            "suppliers_outside": 1,
            "suppliers_in_place": 1,
        }
    ]
    # LM3: R1 450, R2 250, R3 = 250 x 0.76 + 200 x 0.36 = 262; (450 + 250 + 262) / 450.
    assert report.lm3["r3_gbp"] == Decimal("262.00")
    assert report.lm3["lm3"] == pytest.approx(962 / 450)


def test_trend_across_years(ledger):
    report = spend_report(ledger, DuckDBBackend(), None, None, PLACE)
    trend = report.trend.set_index("year")
    assert trend.loc[2022, "spend_gbp"] == Decimal("40.00")
    assert trend.loc[2023, "spend_gbp"] == Decimal("500.00")
    assert trend.loc[2022, "share_in_place"] == pytest.approx(1.0)


def test_survey_coefficients_replace_the_defaults(ledger, tmp_path):
    survey = tmp_path / "survey.csv"
    survey.write_text("supplier_name,local_respend_share\nFar Away Builders plc,0.5\n")
    report = spend_report(ledger, DuckDBBackend(), ["Anchor"], 2023, PLACE, survey=survey)
    # R3 = 250 x 0.76 + 200 x 0.5 = 290.
    assert report.lm3["r3_gbp"] == Decimal("290.00")
    assert report.lm3["surveyed_share"] == pytest.approx(200 / 450)


def test_without_registers_the_report_says_so_rather_than_guessing(tmp_path):
    con = make_ledger(tmp_path / "bare.duckdb", with_registers=False)
    report = spend_report(con, DuckDBBackend(), ["Anchor"], 2023, PLACE)
    assert report.coverage == 0.0
    assert report.notes[0].startswith("No supplier register loaded: 100% of spend unresolved")
    assert headline(report)["With suppliers in the place"][1] is None


def test_lm3_with_staff_matches_the_hand_calculation(ledger):
    staff = StaffPay(Decimal("1000.00"), Decimal("600.00"), 0.5)
    report = spend_report(ledger, DuckDBBackend(), ["Anchor"], 2023, PLACE, staff=staff)
    lm3 = report.lm3
    # Suppliers only, as before: R1 450, R2 250, R3 262; LM3 = 962 / 450 = 2.14.
    assert (lm3["r1_gbp"], lm3["r2_gbp"], lm3["r3_gbp"]) == (
        Decimal("450.00"),
        Decimal("250.00"),
        Decimal("262.00"),
    )
    assert lm3["lm3"] == pytest.approx(962 / 450)
    # With staff: R1 = 450 + 1,000 staff pay = 1,450; R2 = 250 + 600 paid to staff living in the
    # place = 850; R3 = 262 + 600 x 0.5 they spend there = 562; LM3 = (1,450 + 850 + 562) / 1,450
    # = 2,862 / 1,450 = 1.97.
    both = lm3["with_staff"]
    assert (both["r1_gbp"], both["r2_gbp"], both["r3_gbp"]) == (
        Decimal("1450.00"),
        Decimal("850.00"),
        Decimal("562.00"),
    )
    assert both["lm3"] == pytest.approx(2862 / 1450)
    assert lm3["staff"]["local_spend_gbp"] == Decimal("300.00")
    assert any(n.startswith("LM3, suppliers only: R1 £450.00") for n in report.notes)
    assert (
        "LM3 with staff: R1 £1,450.00 = £450.00 + staff pay £1,000.00; R2 £850.00 = £250.00 + pay "
        "to staff living in the place £600.00; R3 £562.00 = £262.00 + their spending in the place "
        "£600.00 x 0.5 (staff survey) = £300.00; LM3 = 1.97." in " ".join(report.notes)
    )


def test_without_staff_lm3_says_staff_are_not_counted(ledger):
    report = spend_report(ledger, DuckDBBackend(), ["Anchor"], 2023, PLACE)
    assert report.lm3["with_staff"] is None and report.lm3["staff"] is None
    assert "The anchor's own staff are not counted" in report.notes[-1]


def test_staff_pay_is_refused_unless_complete_and_consistent():
    assert staff_pay_problems(None, None, None) == {}
    # Staff pay without the share local staff spend in the place: no default is invented.
    missing = staff_pay_problems(Decimal("1000"), Decimal("600"), None)
    assert list(missing) == ["share"] and "survey of your staff" in missing["share"]
    assert set(staff_pay_problems(None, None, 0.5)) == {"total", "local"}
    too_much = staff_pay_problems(Decimal("100"), Decimal("200"), 0.5)
    assert too_much == {
        "local": "Pay to staff living in the place (£200.00) cannot be more than the total staff "
        "pay (£100.00)."
    }
    assert set(staff_pay_problems(Decimal("-1"), Decimal("-1"), 1.5)) == {"total", "local", "share"}
    assert staff_pay_problems(Decimal("100"), Decimal("100"), 1.0) == {}
    with pytest.raises(DataError, match="cannot be more than the total staff pay"):
        StaffPay(Decimal("100"), Decimal("200"), 0.5)


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("12500000", "12500000.00"),
        ("£12,500,000.50", "12500000.50"),
        ("£12.5m", "12500000.00"),
        ("750k", "750000.00"),
        ("-5", "-5.00"),
    ],
)
def test_pounds_are_read_as_people_write_them(text, pounds):
    assert parse_pounds(text) == Decimal(pounds)


@pytest.mark.parametrize("text", ["lots", "", "12.345", "£", "1e6"])
def test_what_is_not_pounds_is_refused(text):
    with pytest.raises(ValueError):
        parse_pounds(text)


def test_years_in_the_ledger_latest_first(ledger):
    assert ledger_years(ledger) == [2023, 2022]
    assert ledger_years(ledger, ["Anchor"]) == [2023, 2022]
    assert ledger_years(ledger, ["Nobody"]) == []


@pytest.mark.parametrize(
    ("bodies", "expected"),
    [
        (["Hyndburn Borough Council"], "Hyndburn"),
        (["Lambeth Council"], "Lambeth"),
        (["Liverpool City Council", "Wirral Council"], "Liverpool City Region"),
        (["Hyndburn Borough Council", "Lambeth Council"], "England"),
        (["Greater Manchester Police"], "Greater Manchester"),
        (["Bristol City Council"], "Bristol, City of"),
        # No place is named Merseyside: anchors.toml says the police serve the city region.
        (["Merseyside Police"], "Liverpool City Region"),
        (["Merseyside Police", "Halton Borough Council"], "Liverpool City Region"),
        (["Northern Powergrid"], None),
        ([], None),
    ],
)
def test_an_anchors_own_area_is_read_from_the_anchors_list_or_its_name(warehouse, bodies, expected):
    from greatjobs.spend.report import home_place

    found = home_place(warehouse, bodies)
    assert (found.name if found else None) == expected


# Two anchors. A pays S1 100, S2 50, S3 30; B pays S1 60, S4 20, S2 10. S1 (a company) is
# resolved and in the place, S3 (a public body) resolved outside it, S2 and S4 unresolved.
TWO_ANCHORS = [
    ("A", "S1", "100.00", "Works"),
    ("A", "S2", "50.00", "Works"),
    ("A", "S3", "30.00", "Works"),
    ("B", "S1", "60.00", "Building repairs"),
    ("B", "S4", "20.00", "Care"),
    ("B", "S2", "10.00", "Care"),
]


def make_two_anchors(path):
    con = open_ledger(path)
    for i, (body, name, amount, category) in enumerate(TWO_ANCHORS, start=1):
        con.execute(
            "INSERT INTO spend.payment VALUES (?, ?, 1, ?, DATE '2023-05-01', ?, ?, NULL, ?, ?, "
            "NULL, NULL)",
            [i, body, i, name, name.lower(), Decimal(amount), category],
        )
    for body in ("A", "B"):
        con.execute(
            "INSERT INTO spend.source_file VALUES (?, ?, 'a.csv', ?, 'm', 'utf-8', 3, 3, 0, 0, "
            "0, 0, current_timestamp)",
            [1 if body == "A" else 2, body, body],
        )
    for key, name, lad, kind in (
        ("k1", "S1", "E08000011", "company"),
        ("k3", "S3", "E09000001", "public-body"),
    ):
        con.execute("INSERT INTO spend.supplier_alias VALUES (?, ?, 1.0)", [name.lower(), key])
        con.execute(
            "INSERT INTO spend.supplier_profile (supplier_key, display_name, register, "
            "register_id, lad_code, org_type, resolved) VALUES (?, ?, 'companies-house', ?, ?, "
            "?, true)",
            [key, name, key, lad, kind],
        )
    return con


def test_the_anchors_compared_and_together_as_one_buyer(tmp_path):
    con = make_two_anchors(tmp_path / "spend.duckdb")
    report = spend_report(con, DuckDBBackend(con), None, None, PLACE)
    rows = {r["body"]: r for r in report.anchors.to_dict("records")}
    a, b, both = rows["A"], rows["B"], rows["All anchors together"]
    # A: 180 in scope, 3 suppliers, resolved 130 (S1 + S3), in the place 100 (S1).
    assert (a["in_scope_gbp"], a["suppliers"]) == (Decimal("180.00"), 3)
    assert a["coverage"] == pytest.approx(130 / 180)
    assert a["share_in_place"] == pytest.approx(100 / 130)
    # B: 90 in scope, resolved 60 (S1), all of it in the place.
    assert (b["in_scope_gbp"], b["coverage"], b["share_in_place"]) == (
        Decimal("90.00"),
        pytest.approx(60 / 90),
        pytest.approx(1.0),
    )
    # Together: S1 and S2 count once each: 4 suppliers, 270 in scope, resolved 190, local 160.
    assert (both["in_scope_gbp"], both["suppliers"]) == (Decimal("270.00"), 4)
    assert both["coverage"] == pytest.approx(190 / 270)
    assert both["share_in_place"] == pytest.approx(160 / 190)
    assert both["top10_share"] == pytest.approx(1.0)
    assert both["threshold"] == "mixed" and a["threshold"] == "not known"
    # S3 (30) is a public body, of the 190 whose type is known (S1 160 + S3 30).
    public = headline(report)["With public bodies (councils, NHS trusts, other public employers)"]
    assert public == (Decimal("30.00"), pytest.approx(30 / 190), pytest.approx(190 / 270))
    shared = report.shared.to_dict("records")
    assert [(s["supplier"], s["anchors"], s["spend_gbp"]) for s in shared] == [
        ("S1", 2, Decimal("160.00")),
        ("S2", 2, Decimal("60.00")),
    ]
    assert shared[0]["bought"] == "A: Works (£100.00); B: Building repairs (£60.00)"
    # S1 is in the place; S2 is not resolved, so where it is is not known.
    opportunities = report.opportunities.to_dict("records")
    assert [(o["anchors"], o["spend_gbp"], o["location"]) for o in opportunities] == [
        (2, Decimal("60.00"), "not resolved: location unknown")
    ]
    con.close()
