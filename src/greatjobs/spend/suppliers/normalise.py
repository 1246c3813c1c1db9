"""Normalising supplier names as written in spend ledgers and registers, for matching.

``normalise_supplier_name`` is the one function both the spend pipeline (the ledger's
``supplier_name_normalised`` column) and supplier resolution use, so a name normalises the same way
everywhere. Steps, in order:

1. Unicode compatibility form, accents dropped; lower case.
2. Split off a trading name: ``"J Smith T/A Smith's Plumbing"`` keeps ``"j smith"`` (the legal
   entity, which registers hold) and the trading name separately (:func:`parse_supplier_name`).
3. ``&`` and ``+`` become ``and``; dotted initialisms close up (``P.L.C.`` -> ``plc``); apostrophes
   vanish (``Smith's`` -> ``smiths``); ``co-operative`` -> ``cooperative``; other punctuation is a
   space.
4. Legal forms become one canonical token: ``limited``/``ltd`` -> ``ltd``, ``public limited
   company`` -> ``plc``, ``limited liability partnership`` -> ``llp``, ``community interest
   company`` -> ``cic``, ``company`` -> ``co``, Welsh ``cyfyngedig``/``cyf`` -> ``ltd``.
5. A leading ``the`` (or a trailing one, from ``"Foo Trust, The"``) is dropped; single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# "T/A", "t/as", "T.A.", "trading as" (maybe in brackets): splits legal from trading name.
_TRADING_AS = re.compile(
    r"[\(\[]?\s*\b(?:t\s*/\s*as?|t\.\s*a\.|trading\s+as)(?=\s|$|[^a-z])\s*",
    re.IGNORECASE,
)
_INITIALISM = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_APOSTROPHE = re.compile(r"['\u2019\u2018`]")
_COOP = re.compile(r"\bco\s*-\s*op")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Multi-word forms first (alternation order), so "public limited company" is not "public ltd co".
_LEGAL_FORM_TOKENS: dict[str, str] = {
    "public limited company": "plc",
    "limited liability partnership": "llp",
    "community interest company": "cic",
    "community interest co": "cic",
    "cwmni buddiant cymunedol": "cic",
    "limited": "ltd",
    "cyfyngedig": "ltd",
    "cyf": "ltd",
    "company": "co",
}
_LEGAL_FORMS = re.compile(r"\b(?:" + "|".join(_LEGAL_FORM_TOKENS) + r")\b")


@dataclass(frozen=True)
class ParsedSupplierName:
    """A supplier name split into its normalised legal name and, if given, its trading name."""

    normalised: str
    trading_name: str | None


def _clean(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = text.replace("&", " and ").replace("+", " and ")
    text = _INITIALISM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _APOSTROPHE.sub("", text)
    text = _COOP.sub("coop", text)
    text = _NON_ALNUM.sub(" ", text)
    text = _LEGAL_FORMS.sub(lambda m: _LEGAL_FORM_TOKENS[m.group(0)], text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] == "the":
        words = words[:-1]
    return " ".join(words)


def parse_supplier_name(name: str) -> ParsedSupplierName:
    """The normalised legal name and the normalised trading name (``None`` if there is none).

    A name that is only a trading name (``"T/A Joe's Cafe"``) normalises to that trading name.
    """
    parts = _TRADING_AS.split(name or "", maxsplit=1)
    legal = _clean(parts[0])
    trading = _clean(parts[1]) if len(parts) > 1 else ""
    if not legal:
        return ParsedSupplierName(normalised=trading, trading_name=None)
    return ParsedSupplierName(normalised=legal, trading_name=trading or None)


def normalise_supplier_name(name: str) -> str:
    """The matching form of a supplier name: see the module docstring for the steps.

    >>> normalise_supplier_name("The Smith & Jones Co. Limited")
    'smith and jones co ltd'
    >>> normalise_supplier_name("J. Bloggs t/a Bloggs's Plumbing")
    'j bloggs'
    """
    return parse_supplier_name(name).normalised
