"""Synthetic registers and ledger supplier names, with the true links known.

For measuring linkage (precision and recall in the tests, speed in ``benchmarks/bench_linkage.py``).
Register names look like Companies House names ("MERSEY SMITH & JONES ROOFING SERVICES LIMITED");
ledger names are written the ways finance systems write them: other case, "Ltd" for "Limited",
no legal form, "and" for "&", a typo, "The" in front, a trading name after "T/A".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLACES = _split(
    "Mersey Wirral Liverpool Knowsley Sefton Halton Northern Atlantic Pennine Riverside Phoenix "
    "Albion Crown Royal Victoria Harbour Anfield Bootle Crosby Formby Southport Widnes Runcorn "
    "Prescot Huyton Kirkby Birkenhead Wallasey Hoylake Speke Garston Aintree Everton Toxteth "
    "Allerton Woolton Childwall Walton Litherland Maghull Ormskirk Lancashire Cheshire Pier Dock"
)
SURNAMES = _split(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Roberts Johnson Lewis Walker "
    "Robinson Wood Thompson White Watson Jackson Wright Green Harris Cooper King Lee Martin Clarke "
    "James Morgan Hughes Edwards Hill Moore Clark Harrison Scott Young Morris Hall Ward Turner "
    "Carter Phillips Mitchell Patel Adams Campbell Anderson Allen Cook Bailey Parker Miller Kelly "
    "Murphy Doyle Byrne Ryan Walsh Quinn Kaur Singh Khan Ahmed Ali Hussain Begum Okafor Mensah "
    "Nowak Kowalski Rossi Silva Chen Wong Nguyen Kim Murray Stewart Graham Fraser Reid Ross Duffy"
)
TRADES = _split(
    "Building Construction Cleaning Catering Plumbing Electrical Roofing Joinery Landscaping "
    "Security Consulting Engineering Logistics Transport Haulage Printing Software Data Training "
    "Care Recruitment Facilities Maintenance Scaffolding Glazing Decorating Surveying Legal "
    "Accountancy Media Heating Flooring Fencing Demolition Waste Recycling Catering Digital Health"
)
ENDINGS = _split(
    "Services Solutions Group Contractors Supplies Systems Partners Associates Holdings "
    "Enterprises Consultants Agency Company Works Direct"
)
SYLLABLES = _split(
    "ar bel cor dan el fen gar hal in jon kel lum mar nor ol pen quin ros sal tor ul ven wyn "
    "xa yor zen bri cal del fra gle ash bro cla dru ev fin gro hin iv jas kal lor mon nev ox "
    "pra ren sta tri vol wil zan"
)
FORMS = np.array(["LIMITED"] * 14 + ["PLC", "LLP", "CIC", "COMMUNITY INTEREST COMPANY"])


def _pick(rng: np.random.Generator, words: tuple[str, ...] | list[str], n: int) -> np.ndarray:
    return np.array(words, dtype=object)[rng.integers(0, len(words), n)]


def _words(rng: np.random.Generator, words: tuple[str, ...] | list[str], n: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(
        pa.array(rng.integers(0, len(words), n), pa.int32()), pa.array(list(words))
    ).cast(pa.string())


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, " ")


def _candidate_names(rng: np.random.Generator, m: int) -> pa.Array:
    coined = pc.utf8_capitalize(
        pc.binary_join_element_wise(
            _words(rng, SYLLABLES, m),
            _words(rng, SYLLABLES, m),
            _words(rng, ["", "ex", "ia", "o", "tech", "ford", "ley", "ton", "wick", "us"], m),
            "",
        )
    )
    place, trade, ending = _words(rng, PLACES, m), _words(rng, TRADES, m), _words(rng, ENDINGS, m)
    s1, s2 = _words(rng, SURNAMES, m), _words(rng, SURNAMES, m)
    number = pc.cast(pa.array(rng.integers(1, 999, m)), pa.string())
    patterns = [
        _join(place, trade, ending),
        _join(s1, "&", s2, trade, ending),
        _join(place, s1, trade),
        _join(s1, trade, number),
        _join(coined, trade, ending),
    ]
    which = pa.array(np.minimum(rng.integers(0, 8, m), 4), pa.int8())
    forms = _words(rng, list(FORMS), m)
    return pc.utf8_upper(_join(pc.choose(which, *patterns), forms))


def synthetic_register(n: int, seed: int = 1) -> pd.DataFrame:
    """``register, register_id, name, postcode``: ``n`` distinct company names, upper case."""
    rng = np.random.default_rng(seed)
    names = pa.array([], pa.string())
    while len(names) < n:
        more = _candidate_names(rng, int((n - len(names)) * 1.2) + 16)
        names = pc.unique(pa.concat_arrays([names, more]))
    names = names[:n]
    letters = list("ABDEFGHJLNPQRSTUWXYZ")
    postcode = pc.binary_join_element_wise(
        "L",
        pc.cast(pa.array(rng.integers(1, 38, n)), pa.string()),
        " ",
        pc.cast(pa.array(rng.integers(0, 10, n)), pa.string()),
        _words(rng, letters, n),
        _words(rng, letters, n),
        "",
    )
    return pd.DataFrame(
        {
            "register": "companies-house",
            "register_id": pc.utf8_lpad(
                pc.cast(pa.array(np.arange(1, n + 1)), pa.string()), 8, "0"
            ).to_pandas(),
            "name": pd.Series(names.to_pandas(), dtype=object),
            "postcode": postcode.to_pandas(),
        }
    )


def _typo(name: str, rng: np.random.Generator) -> str:
    words = name.split()
    forms = {"Limited", "Ltd", "Plc", "Llp", "Cic", "Company", "Interest", "Community"}
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w not in forms]
    if not long:
        return name
    i = long[int(rng.integers(0, len(long)))]
    w = words[i]
    j = int(rng.integers(1, len(w) - 1))
    kind = int(rng.integers(0, 3))
    if kind == 0:
        w = w[:j] + w[j + 1 :]
    elif kind == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    else:
        w = w[:j] + "aeiou"[int(rng.integers(0, 5))] + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def messy_variant(name: str, rng: np.random.Generator) -> str:
    """One way a finance system might write a register name."""
    kind = int(rng.integers(0, 8))
    title = name.title().replace("Limited", "Limited")
    if kind == 0:
        return name
    if kind == 1:
        return title.replace("Limited", "Ltd")
    if kind == 2:
        for form in (" LIMITED", " PLC", " LLP", " CIC"):
            name = name.removesuffix(form)
        return name.title()
    if kind == 3:
        return title.replace("&", "and").replace("Limited", "Ltd.")
    if kind == 4:
        return _typo(title, rng)
    if kind == 5:
        return "The " + title
    if kind == 6:
        return f"{title} T/A {_pick(rng, PLACES, 1)[0]} {_pick(rng, TRADES, 1)[0]}"
    return title.upper().replace("LIMITED", "LTD")


def synthetic_ledger(
    register: pd.DataFrame, matching: int, unmatched: int, seed: int = 2
) -> pd.DataFrame:
    """``supplier_name, true_register_id``: ``matching`` names written from register records
    (the truth kept) and ``unmatched`` names of organisations not in the register."""
    rng = np.random.default_rng(seed)
    chosen = register.sample(n=matching, random_state=seed)
    written = [messy_variant(n, rng) for n in chosen["name"]]
    others = synthetic_register(unmatched * 3 + 16, seed=seed + 100)
    outside = others[~others["name"].isin(set(register["name"]))].head(unmatched)
    frame = pd.DataFrame(
        {
            "supplier_name": written + [n.title() for n in outside["name"]],
            "true_register_id": list(chosen["register_id"]) + [None] * len(outside),
        }
    )
    return frame.drop_duplicates("supplier_name").reset_index(drop=True)
