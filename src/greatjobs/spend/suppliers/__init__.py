"""Supplier resolution: normalise names, cluster aliases, link to registers, classify.

Importing this package is cheap (no Splink): the spend pipeline imports the name normaliser.
"""

from greatjobs.spend.suppliers.normalise import (
    ParsedSupplierName,
    normalise_supplier_name,
    parse_supplier_name,
)

__all__ = ["ParsedSupplierName", "normalise_supplier_name", "parse_supplier_name"]
