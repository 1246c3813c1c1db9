"""The row checks of an import, in SQL over the staged file (``spend_stage`` -> ``spend_checked``).

Each row gets its amount (DECIMAL(18,2)) and date where they parse, and otherwise the first
reason it cannot be loaded, naming the column and what was expected. Amounts accept "£1,234.50",
"(120.00)", "-120" and "123.45-"; dates the usual UK forms (31/01/2024, 31/01/24, 31 Jan 2024,
31 January 2024, 31-Jan-24, 2024-01-31) unless a mapping file gives its own formats. The order of
day and month in numeric dates is decided for the file's date column as a whole
(:data:`DATE_ORDER_SQL`): month first (4/30/2020) only when some date can only be read that way
and none only the other way; a column with both is refused.
"""

from __future__ import annotations

DEFAULT_DATE_FORMATS = (
    "%d/%m/%y",
    "%d/%m/%Y",
    "%d %b %y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%Y-%m-%d",
    "%d.%m.%y",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


MONTH_FIRST = {"%d/%m/": "%m/%d/", "%d.%m.": "%m.%d.", "%d-%m-": "%m-%d-"}
"""The numeric day-first patterns and their month-first (US) forms."""

# Names and dates repeat a lot, so they are cleaned (and dates parsed) once per distinct value
# of the file, keyed by the text as staged ('' for a missing cell).
PREPARE_SQL = (
    r"""CREATE OR REPLACE TEMP TABLE spend_names AS
    SELECT raw_name,
           nullif(trim(regexp_replace(raw_name, '[\s\x{2020}\x{a0}]+', ' ', 'g')), '') AS name_c,
           lower(trim(raw_name)) IN ('total', 'grand total') AS is_total,
           list_contains($header_names, lower(trim(raw_name))) AS header_name
    FROM (SELECT DISTINCT coalesce(supplier_name, '') AS raw_name FROM spend_stage)""",
    r"""CREATE OR REPLACE TEMP TABLE spend_date_text AS
    SELECT raw_date,
           nullif(trim(replace(replace(raw_date, chr(8224), ' '), chr(160), ' ')), '') AS date_t
    FROM (SELECT DISTINCT coalesce(paid_on, '') AS raw_date FROM spend_stage)""",
)

DATE_ORDER_SQL = r"""
    SELECT count(*) FILTER (WHERE a > 12 AND b <= 12), count(*) FILTER (WHERE b > 12 AND a <= 12),
           any_value(v) FILTER (WHERE a > 12 AND b <= 12),
           any_value(v) FILTER (WHERE b > 12 AND a <= 12),
           count(*) FILTER (WHERE a IS NOT NULL)
    FROM (
        SELECT v, TRY_CAST(regexp_extract(v, '^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}', 1)
                           AS INTEGER) AS a,
                  TRY_CAST(regexp_extract(v, '^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}', 2)
                           AS INTEGER) AS b
        FROM (SELECT DISTINCT date_t AS v FROM spend_date_text WHERE date_t IS NOT NULL)
    )
"""
"""Over the distinct dates of the staged file: how many can only be day/month (a first number
over 12), how many only month/day (a second number over 12), an example of each, and how many
are numeric dates at all."""


def date_formats(user_formats: tuple[str, ...], month_first: bool = False) -> list[str]:
    """The formats to try: the mapping file's own, else the UK forms (day first), or the same
    with the month first when the file's dates show it."""
    if user_formats:
        return list(user_formats)
    if not month_first:
        return list(DEFAULT_DATE_FORMATS)
    out = []
    for pattern in DEFAULT_DATE_FORMATS:
        for day_first, us in MONTH_FIRST.items():
            pattern = pattern.replace(day_first, us)
        out.append(pattern)
    return out


def _parse_date(text: str) -> str:
    """SQL for a date from ``text``: by the formats ($formats), or as Excel's serial day number
    (44256 for 1 March 2021, what a workbook saved to CSV without a date format gives: days
    since 30 December 1899)."""
    return f"""coalesce(CAST(try_strptime({text}, $formats) AS DATE),
        CASE WHEN regexp_full_match({text}, '[0-9]{{5}}(\\.0+)?')
             THEN DATE '1899-12-30' + CAST(CAST({text} AS DOUBLE) AS INTEGER) END)"""


_FUSED_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"

# Parameters: $formats, strptime formats; $period, 'YYYY-MM-01' when the file has no date column;
# $fused_ok, date, amount and category are adjacent columns; $n_fields, fields in the header;
# $pence, amounts are in pence; $headers, 'supplier|amount' header cells (lower case), to know a
# repeated header row. One pass over the staged rows: the raw text is kept only for the rows
# quarantined (to show them), the cleaned fields only as the ledger needs them.
CHECK_SQL = (
    # A known defect of some published files: a comma missing between date and amount
    # ("25/06/2012930"), so the row is one field short and the next column slid left. A date
    # that could be one is split here, once per distinct value; whether a row is so is decided
    # below from its field count and amount.
    rf"""CREATE OR REPLACE TEMP TABLE spend_dates AS
    WITH split AS (
        SELECT raw_date, date_t,
            coalesce($fused_ok
                AND regexp_full_match(date_t, '{_FUSED_DATE}[0-9]+(\.[0-9]{{1,2}})?'), false)
                AS fusable
        FROM spend_date_text
    ), parts AS (
        SELECT *,
            CASE WHEN fusable THEN regexp_extract(date_t, '^({_FUSED_DATE})', 1) END AS fused_date,
            CASE WHEN fusable THEN regexp_extract(date_t, '^{_FUSED_DATE}(.*)$', 1) END
                AS fused_amount
        FROM split
    )
    SELECT *, {_parse_date("date_t")} AS parsed, {_parse_date("fused_date")} AS fused_parsed
    FROM parts""",  # noqa: S608 (fixed SQL fragments only)
    r"""CREATE OR REPLACE TEMP TABLE spend_checked AS
    WITH joined AS (
        SELECT s.*, n.name_c, n.is_total, n.header_name, n.normalised, n.supplier_mask,
            d.date_t, d.parsed, d.fused_date, d.fused_parsed, d.fused_amount,
            CASE WHEN d.fusable AND s.n_fields = $n_fields - 1
                THEN NOT regexp_full_match(trim(coalesce(s.amount, '')), '[-(£0-9.,) ]+')
                ELSE false END AS fused
        FROM spend_stage s
        LEFT JOIN spend_names n ON n.raw_name = coalesce(s.supplier_name, '')
        LEFT JOIN spend_dates d ON d.raw_date = coalesce(s.paid_on, '')
    ), cleaned AS (
        SELECT *,
            CASE WHEN fused THEN fused_amount
                 ELSE nullif(replace(replace(replace(replace(replace(replace(amount, ',', ''),
                      '£', ''), ' ', ''), chr(160), ''), chr(65533), ''), chr(9), ''), '')
            END AS amt_c,
            CASE WHEN fused THEN fused_date ELSE date_t END AS date_c,
            CASE WHEN fused THEN fused_parsed ELSE parsed END AS date_parsed,
            CASE WHEN fused THEN nullif(trim(amount), '') ELSE nullif(trim(category), '') END
                AS category_c,
            nullif(trim(CASE WHEN contains(service, chr(8224)) OR contains(service, chr(160))
                THEN replace(replace(service, chr(8224), ' '), chr(160), ' ')
                ELSE service END), '') AS service_c
        FROM joined
    ), signed AS (
        SELECT *,
            (amt_c LIKE '(%)' OR amt_c LIKE '%-') AS negated,
            CASE WHEN amt_c LIKE '(%)' THEN substr(amt_c, 2, length(amt_c) - 2)
                 WHEN amt_c LIKE '%-' AND length(amt_c) > 1 THEN substr(amt_c, 1, length(amt_c) - 1)
                 ELSE amt_c END AS amt_u
        FROM cleaned
    ), parsed AS (
        -- Digits, one point and a minus only (no exponent, '+' or '_', which a cast would
        -- take), at most two decimal places (a cast would round 12.345), at most 12 digits
        -- of pounds; the cast then rejects '1-2' or '1.2.3'.
        SELECT *,
            NOT regexp_matches(amt_u, '[^0-9.-]')
                AND (strpos(amt_u, '.') = 0 OR length(amt_u) - strpos(amt_u, '.') IN (1, 2))
                AND NOT (negated AND amt_u LIKE '-%') AS amt_shape,
            CASE WHEN $period IS NOT NULL AND date_c IS NULL THEN CAST($period AS DATE)
                 ELSE date_parsed END AS paid
        FROM signed
    ), amounts AS (
        SELECT *, CASE WHEN amt_shape THEN TRY_CAST(amt_u AS DECIMAL(18,2)) END AS amt_cast
        FROM parsed
    ), valued AS (
        SELECT *,
            CASE WHEN $pence THEN
                     CASE WHEN amt_shape AND strpos(amt_u, '.') = 0 AND length(amt_u) <= 16
                          THEN CAST(TRY_CAST(amt_u AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2))
                               * CASE WHEN negated THEN -1 ELSE 1 END END
                 WHEN abs(amt_cast) < 1000000000000
                 THEN amt_cast * CASE WHEN negated THEN -1 ELSE 1 END
            END AS amt,
            (name_c IS NULL AND amt_c IS NULL AND date_c IS NULL AND category_c IS NULL
             AND service_c IS NULL AND nullif(trim(first_cell), '') IS NULL)
                AS blank,
            -- Per supplier name (spend_names) where it can be; the rest only where needed.
            is_total OR CASE WHEN length(first_cell) BETWEEN 5 AND 20
                THEN lower(trim(first_cell)) IN ('total', 'grand total') ELSE false END
                AS total_row,
            CASE WHEN header_name THEN list_contains($headers, lower(trim(supplier_name)) || '|'
                || lower(trim(coalesce(amount, '')))) ELSE false END AS header_again
        FROM amounts
    ), reasoned AS (
        SELECT *,
            CASE
                WHEN blank THEN 'blank row: no supplier, amount or date'
                WHEN header_again THEN 'repeated header row: the column names again (parts '
                     || 'of a file joined together), not a payment'
                WHEN total_row
                    THEN 'total row: the file''s own sum of the rows above, not a payment'
                WHEN name_c IS NULL THEN 'supplier name missing: expected the name of the payee'
                WHEN amt_c IS NULL THEN 'amount missing: expected a sum such as 1,234.50'
                WHEN amt IS NULL AND amt_shape AND NOT $pence
                     AND length(ltrim(split_part(ltrim(amt_u, '-'), '.', 1), '0')) > 12
                    THEN 'amount too large: ' || amount
                     || ' (a payment of at most £999,999,999,999.99 is expected)'
                WHEN amt IS NULL THEN 'amount not a sum of money: ' || amount
                     || CASE WHEN $pence THEN ' (expected a whole number of pence)'
                        ELSE ' (expected e.g. 1,234.50, (120.00) or -120, at most 2 decimal '
                             || 'places)' END
                WHEN paid IS NULL AND (date_c IS NULL OR NOT regexp_matches(date_c, '[0-9]'))
                    THEN 'undated line: £' || format('{:,.2f}', amt) || ' with no payment date'
                     || coalesce(' (' || date_c || ')', '') || ', so a sum over a period (e.g. '
                     || 'a supplier''s total), not a dated payment'
                WHEN paid IS NULL THEN 'payment date not recognised: ' || paid_on
                     || ' (expected e.g. 31/01/2024, 31 Jan 2024 or 2024-01-31)'
                WHEN year(paid) NOT BETWEEN 1990 AND 2100
                    THEN 'payment date out of range: ' || paid_on
            END AS reason
        FROM valued
    )
    SELECT row_number, amt, paid, fused, reason,
        name_c AS supplier_name_clean, normalised, supplier_mask,
        category_c AS category, service_c AS service,
        nullif(trim(supplier_id), '') AS supplier_id,
        CASE WHEN reason IS NOT NULL THEN first_cell END AS first_cell,
        CASE WHEN reason IS NOT NULL THEN supplier_name END AS supplier_name,
        CASE WHEN reason IS NOT NULL THEN amount END AS amount,
        CASE WHEN reason IS NOT NULL THEN paid_on END AS paid_on,
        CASE
            WHEN reason IS NULL OR blank OR header_again THEN NULL
            WHEN total_row OR name_c IS NULL THEN 'supplier_name'
            WHEN amt IS NULL THEN 'amount'
            ELSE 'paid_on'
        END AS column_name
    FROM reasoned""",
)


UNLABELLED_TOTAL_CANDIDATES_SQL = """
    SELECT row_number, amt FROM spend_checked
    WHERE supplier_name_clean IS NULL AND nullif(trim(paid_on), '') IS NULL AND amt IS NOT NULL
      AND reason NOT LIKE 'total row%'
    ORDER BY row_number DESC LIMIT 20"""
"""Rows that may be a file's own total without the word 'Total': no supplier, no date, an
amount (the last 20 such rows; a file has one or two)."""

UNLABELLED_TOTAL_REASON = (
    "total row: no supplier or date, and its amount is the sum of the rows above (the file's "
    "own total), not a payment"
)
