"""Splink jobs: link suppliers to register records, and cluster the aliases of one supplier.

Both take pandas frames and a :class:`~.engine.LinkageEngine`, and return pandas frames; the same
code runs on DuckDB and on Spark.
"""

from __future__ import annotations

import logging
import uuid

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker

from greatjobs.spend.suppliers.engine import LinkageEngine
from greatjobs.spend.suppliers.model import (
    BLOCKING_KEYS,
    EXACT_KEYS,
    BlockingKey,
    LinkageSpec,
    LinkType,
    as_records,
    candidate_filter_sql,
    linkage_table,
    name_frequencies,
    settings,
)

NAME_LEVELS = {
    6: "name exact",
    5: "name exact but legal form",
    4: "name Jaro-Winkler ≥ 0.96",
    3: "name within 2 edits",
    2: "name Jaro-Winkler ≥ 0.90",
    1: "name Jaro-Winkler ≥ 0.80",
    0: "names differ",
    -1: "no name",
}
POSTCODE_LEVELS = {
    3: "postcode exact",
    2: "same postcode sector",
    1: "same postcode district",
    0: "postcodes differ",
    -1: "postcode unknown",
}
COMPANY_LEVELS = {1: "company number exact", 0: "company numbers differ", -1: ""}
REGISTER_INPUT = ("register", "register_id", "name_normalised", "postcode", "company_number")
CANDIDATE_COLUMNS = [
    "supplier_key",
    "register",
    "register_id",
    "match_weight",
    "match_probability",
    "levels",
]


def describe_levels(gamma_name: int, gamma_postcode: int, gamma_company: int) -> str:
    """The comparison levels of one pair in words, e.g. 'name exact; postcode unknown'."""
    parts = [
        NAME_LEVELS.get(int(gamma_name), "?"),
        POSTCODE_LEVELS.get(int(gamma_postcode), "?"),
        COMPANY_LEVELS.get(int(gamma_company), ""),
    ]
    return "; ".join(p for p in parts if p)


def supplier_records(suppliers: pd.DataFrame) -> pa.Table:
    """One record per name a supplier goes by.

    ``suppliers`` has ``supplier_key``, ``name_normalised`` and optionally ``postcode`` and
    ``company_number`` (one row per name: aliases and trading names).
    """
    frame = suppliers.reset_index(drop=True)
    return linkage_table(
        as_records(
            unique_id=pd.Series([f"s{i}" for i in range(len(frame))]),
            source_id=frame["supplier_key"],
            name_normalised=frame["name_normalised"],
            postcode=frame.get("postcode"),
            company_number=frame.get("company_number"),
        )
    )


def register_records(register: pd.DataFrame | pa.Table) -> pa.Table:
    """``register`` has ``register, register_id, name_normalised, postcode, company_number``."""
    table = (
        register
        if isinstance(register, pa.Table)
        else pa.Table.from_pandas(
            register.reindex(columns=list(REGISTER_INPUT)).astype(object),
            preserve_index=False,
        )
    )
    con = duckdb.connect()
    try:
        con.register("register", table)
        records = con.sql(
            "SELECT 'r' || CAST(row_number() OVER () AS VARCHAR) AS unique_id, "
            "register || '|' || register_id AS source_id, name_normalised, "
            "CAST(postcode AS VARCHAR) AS postcode, "
            "CAST(company_number AS VARCHAR) AS company_number FROM register"
        ).to_arrow_table()
    finally:
        con.close()
    return linkage_table(records)


def _blockable(left: pa.Table, right: pa.Table, keys: tuple[BlockingKey, ...]) -> pa.Table:
    """The register records sharing a blocking key with some supplier record."""
    con = duckdb.connect()
    try:
        con.register("left_records", left)
        con.register("right_records", right)
        return con.sql(candidate_filter_sql("left_records", "right_records", keys)).to_arrow_table()
    finally:
        con.close()


def _linker(
    engine: LinkageEngine,
    frames: list[pa.Table],
    link_type: LinkType,
    spec: LinkageSpec,
    tf_source: pa.Table,
    keys: tuple[BlockingKey, ...] = BLOCKING_KEYS,
) -> Linker:
    api = engine.new_api()
    names = ["suppliers", "register"][: len(frames)]
    run = uuid.uuid4().hex[:10]  # Spark's temporary views are shared by the whole session
    sdfs = [
        api.register(engine.input(f), dataset_display_name=n, table_name=f"gj_{n}_{run}")
        for f, n in zip(frames, names, strict=True)
    ]
    model = settings(link_type, spec, keys)
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], model, log_level=None)
    tf = api.register(
        engine.input(name_frequencies(tf_source)), table_name=f"gj_tf_name_core_{run}"
    )
    linker.table_management.register_term_frequency_lookup(tf, "name_core")
    return linker


def _predict(
    engine: LinkageEngine,
    left: pa.Table,
    everyone: pa.Table,
    spec: LinkageSpec,
    keys: tuple[BlockingKey, ...],
) -> pd.DataFrame:
    right = _blockable(left, everyone, keys)
    if left.num_rows == 0 or right.num_rows == 0:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    linker = _linker(engine, [left, right], "link_only", spec, everyone, keys)
    predictions = linker.inference.predict(
        threshold_match_weight=spec.review_weight, warning_mode="never"
    ).as_pandas_dataframe()
    if predictions.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    left_is_supplier = predictions["unique_id_l"].astype(str).str.startswith("s")
    supplier_id = predictions["source_id_l"].where(left_is_supplier, predictions["source_id_r"])
    register_id = predictions["source_id_r"].where(left_is_supplier, predictions["source_id_l"])
    split = register_id.astype(str).str.split("|", n=1)
    return pd.DataFrame(
        {
            "supplier_key": supplier_id.astype(str),
            "register": split.str[0],
            "register_id": split.str[1],
            "match_weight": predictions["match_weight"].astype(float),
            "match_probability": predictions["match_probability"].astype(float),
            "levels": [
                describe_levels(a, b, c)
                for a, b, c in zip(
                    predictions["gamma_name"],
                    predictions["gamma_postcode"],
                    predictions["gamma_company_number"],
                    strict=True,
                )
            ],
        }
    )


def link_suppliers(
    engine: LinkageEngine,
    suppliers: pd.DataFrame,
    register: pd.DataFrame | pa.Table,
    spec: LinkageSpec | None = None,
) -> pd.DataFrame:
    """Candidate links at or above the review threshold: one row per (supplier, register record),
    its best match weight over the supplier's names, and the comparison levels in words.

    Blocking is a cascade: every supplier is first compared with the records sharing its
    company number or core name (:data:`~.model.EXACT_KEYS`); only suppliers with no candidate
    at the auto-accept weight from that pass are compared under every blocking key. Both passes
    score with the same model."""
    spec = spec or LinkageSpec()
    left, everyone = supplier_records(suppliers), register_records(register)
    if left.num_rows == 0 or everyone.num_rows == 0:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    logging.getLogger("splink").setLevel(logging.WARNING)
    first = _predict(engine, left, everyone, spec, EXACT_KEYS)
    settled = first.loc[first["match_weight"] >= spec.auto_accept_weight, "supplier_key"]
    rest = pc.invert(pc.is_in(left.column("source_id"), pa.array(settled.unique(), pa.string())))
    second = _predict(engine, left.filter(rest), everyone, spec, BLOCKING_KEYS)
    found = [p for p in (first, second) if len(p)]
    if not found:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    pairs = pd.concat(found, ignore_index=True)
    best = pairs.sort_values("match_weight", ascending=False, kind="stable")
    best = best.drop_duplicates(["supplier_key", "register", "register_id"])
    return best.reset_index(drop=True)[CANDIDATE_COLUMNS]


def cluster_aliases(
    engine: LinkageEngine, names: pd.DataFrame, spec: LinkageSpec | None = None
) -> pd.DataFrame:
    """``name_normalised, cluster`` for every name: names scoring at or above
    ``spec.alias_weight`` against each other (transitively) share a cluster.

    ``names`` has ``name_normalised`` and optionally ``postcode`` and ``company_number``.
    """
    spec = spec or LinkageSpec()
    frame = names.drop_duplicates("name_normalised").reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=["name_normalised", "cluster", "cluster_match_probability"])
    table = linkage_table(
        as_records(
            unique_id=pd.Series([f"n{i}" for i in range(len(frame))]),
            source_id=frame["name_normalised"],
            name_normalised=frame["name_normalised"],
            postcode=frame.get("postcode"),
            company_number=frame.get("company_number"),
        )
    )
    records = table.to_pandas()
    clusters = {uid: uid for uid in records["unique_id"]}
    best_probability: dict[str, float] = {}
    if len(records) > 1:
        logging.getLogger("splink").setLevel(logging.WARNING)
        linker = _linker(engine, [table], "dedupe_only", spec, table)
        edges = linker.inference.predict(
            threshold_match_weight=spec.alias_weight, warning_mode="never"
        )
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            edges, threshold_match_weight=spec.alias_weight
        ).as_pandas_dataframe()
        clusters.update(dict(zip(clustered["unique_id"], clustered["cluster_id"], strict=True)))
        pairs = edges.as_pandas_dataframe()
        for side in ("l", "r"):
            for uid, p in zip(pairs[f"unique_id_{side}"], pairs["match_probability"], strict=True):
                best_probability[uid] = max(best_probability.get(uid, 0.0), float(p))
    by_uid = dict(zip(records["unique_id"], records["source_id"], strict=True))
    return pd.DataFrame(
        {
            "name_normalised": [by_uid[u] for u in records["unique_id"]],
            "cluster": [by_uid.get(clusters[u], clusters[u]) for u in records["unique_id"]],
            "cluster_match_probability": [best_probability.get(u) for u in records["unique_id"]],
        }
    )
