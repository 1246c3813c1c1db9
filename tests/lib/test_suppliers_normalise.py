"""Supplier names as finance systems write them normalise to one matching form."""

from __future__ import annotations

import pytest

from greatjobs.spend.suppliers import normalise_supplier_name, parse_supplier_name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ACME BUILDING SERVICES LIMITED", "acme building services ltd"),
        ("Acme Building Services Ltd.", "acme building services ltd"),
        ("acme building services ltd", "acme building services ltd"),
        ("Acme Building Services PLC", "acme building services plc"),
        ("Acme Building Services Public Limited Company", "acme building services plc"),
        ("Acme Building Services P.L.C.", "acme building services plc"),
        ("Smith & Jones", "smith and jones"),
        ("Smith and Jones", "smith and jones"),
        ("Smith + Jones", "smith and jones"),
        ("The Mersey Forest", "mersey forest"),
        ("Mersey Forest, The", "mersey forest"),
        ("  Mersey   Forest  ", "mersey forest"),
        ("O'Brien's Catering", "obriens catering"),
        ("Liverpool Co-operative Society", "liverpool cooperative society"),
        ("Wirral Green Spaces Community Interest Company", "wirral green spaces cic"),
        ("Smith Brothers (Liverpool) Limited", "smith brothers liverpool ltd"),
        ("Bloggs & Co.", "bloggs and co"),
        ("Bloggs and Company Limited", "bloggs and co ltd"),
        ("Café Rouge Ltd", "cafe rouge ltd"),
        ("Mersey Logistics LLP", "mersey logistics llp"),
        ("Menter Cymru Cyfyngedig", "menter cymru ltd"),
        ("", ""),
    ],
)
def test_names_normalise(written: str, expected: str) -> None:
    assert normalise_supplier_name(written) == expected


@pytest.mark.parametrize(
    ("written", "legal", "trading"),
    [
        ("J Bloggs T/A Bloggs Plumbing", "j bloggs", "bloggs plumbing"),
        ("J Bloggs t/as Bloggs Plumbing", "j bloggs", "bloggs plumbing"),
        ("J Bloggs trading as Bloggs Plumbing", "j bloggs", "bloggs plumbing"),
        ("ABC LIMITED (T/A XYZ CARS)", "abc ltd", "xyz cars"),
        ("T/A Joe's Cafe", "joes cafe", None),
        ("Tata Steel UK", "tata steel uk", None),
        ("Stagecoach Merseyside", "stagecoach merseyside", None),
    ],
)
def test_a_trading_name_is_kept_apart_from_the_legal_name(
    written: str, legal: str, trading: str | None
) -> None:
    parsed = parse_supplier_name(written)
    assert parsed.normalised == legal
    assert parsed.trading_name == trading


def test_aliases_of_one_supplier_normalise_alike() -> None:
    aliases = [
        "THE MERSEY BRIDGE BUILDERS LIMITED",
        "Mersey Bridge Builders Ltd",
        "Mersey Bridge Builders Ltd.",
        "mersey bridge builders limited",
    ]
    assert len({normalise_supplier_name(a) for a in aliases}) == 1
