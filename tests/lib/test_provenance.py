"""The provenance that travels with results: datasets in order and once, merging, and one
plain-text rendering read from the warehouse's records (meta.dataset), never written in code."""

from __future__ import annotations

import dataclasses

import pytest

from greatjobs.errors import DataError
from greatjobs.provenance import Provenance
from greatjobs.sources.catalogue import Dataset

IMD = "iod2025_england_lsoa21"
LOOKUP = "ons_ltla23_cauth23_lookup_england"


def _dataset(dataset_id: str, **fields: str) -> Dataset:
    base = Dataset(dataset_id, f"{dataset_id}.csv", "csv", "A publisher", f"Title {dataset_id}",
                   "2024", "A licence", "https://licence", "", f"https://page/{dataset_id}", "",
                   "")  # fmt: skip
    return dataclasses.replace(base, **fields)


def test_datasets_keep_their_order_and_appear_once(warehouse):
    p = Provenance.of(warehouse, [LOOKUP, IMD, LOOKUP], notes=["a", "b", "a"])
    assert p.dataset_ids == (LOOKUP, IMD)
    assert p.notes == ("a", "b")


def test_merge_keeps_order_without_duplicates_and_joins_methods():
    a, b, c = _dataset("a"), _dataset("b"), _dataset("c")
    one = Provenance((a, b), "Method one.", ("estimate",))
    two = Provenance((b, c), "Method two.", ("estimate", "stand-in"))
    merged = one + two
    assert merged == one.merge(two)
    assert merged.dataset_ids == ("a", "b", "c")
    assert merged.method == "Method one. Method two."
    assert merged.notes == ("estimate", "stand-in")
    assert (one + Provenance((a,), "Method one.")).method == "Method one."


def test_lines_give_vintage_and_licence_from_meta_dataset(warehouse):
    vintage, licence, title, publisher, url = warehouse.execute(
        "SELECT vintage, licence, title, publisher, url FROM meta.dataset WHERE id = ?", [IMD]
    ).fetchone()
    lines = Provenance.of(warehouse, [IMD], method="docs/methods/deprivation.md").lines()
    assert lines[0] == f"Source: {publisher}, {title} ({vintage}). Licence: {licence}. {url}"
    assert lines[1] == "Method: docs/methods/deprivation.md"


def test_lines_render_the_record_they_are_given_not_a_fixed_licence():
    d = _dataset("x", licence="Some Other Licence 2.0", vintage="1999 edition")
    p = Provenance((d,), "", ("Imputed for one district.",))
    assert p.lines() == [
        "Source: A publisher, Title x (1999 edition). Licence: Some Other Licence 2.0. "
        "https://page/x",
        "Imputed for one district.",
    ]
    assert p.lines(notes=False) == p.lines()[:1]
    assert "Open Government Licence" not in p.text()


def test_as_dict_is_json_ready():
    p = Provenance((_dataset("x"),), "m", ("n",))
    data = p.as_dict()
    assert data["datasets"][0]["id"] == "x" and data["datasets"][0]["vintage"] == "2024"
    assert data["datasets"][0]["licence_url"] == "https://licence"
    assert (data["method"], data["notes"]) == ("m", ["n"])


def test_a_dataset_not_in_the_warehouse_is_an_error_unless_only_held_ones_are_asked(warehouse):
    with pytest.raises(DataError):
        Provenance.of(warehouse, ["no_such_dataset"])
    assert Provenance.of_held(warehouse, ["no_such_dataset", IMD]).dataset_ids == (IMD,)
    assert not Provenance()
