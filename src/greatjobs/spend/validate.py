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
        FROM (SELECT DISTINCT trim(paid_on) AS v FROM spend_stage WHERE paid_on IS NOT NULL)
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


# Parameters: $formats, strptime formats; $period, 'YYYY-MM-01' when the file has no date column;
# $fused_ok, date, amount and category are adjacent columns; $n_fields, fields in the header.
# Names and dates repeat a lot, so they are cleaned and parsed once per distinct value.
CHECK_SQL = (
    r"""CREATE OR REPLACE TEMP TABLE spend_names AS
    SELECT supplier_name AS raw_name,
           nullif(trim(regexp_replace(supplier_name, '[\s\x{2020}\x{a0}]+', ' ', 'g')), '')
               AS name_c
    FROM (SELECT DISTINCT supplier_name FROM spend_stage)""",
    r"""CREATE OR REPLACE TEMP TABLE spend_cleaned AS
    WITH staged AS (
        SELECT *,
            nullif(trim(replace(replace(paid_on, chr(8224), ' '), chr(160), ' ')), '') AS date_t,
            -- A known defect of some published files: a comma missing between date and amount
            -- ("25/06/2012930"), so the row is one field short and the next column slid left.
            CASE WHEN $fused_ok THEN coalesce(n_fields = $n_fields - 1
                AND regexp_full_match(trim(paid_on),
                    '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}[0-9]+(\.[0-9]{1,2})?')
                AND NOT regexp_full_match(trim(coalesce(amount, '')), '[-(£0-9.,) ]+'), false)
                ELSE false END AS fused
        FROM spend_stage
    )
    SELECT *,
        CASE WHEN fused THEN regexp_extract(date_t, '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}(.*)$', 1)
             ELSE nullif(replace(replace(replace(replace(replace(replace(amount, ',', ''),
                  '£', ''), ' ', ''), chr(160), ''), chr(65533), ''), chr(9), ''), '')
        END AS amt_c,
        CASE WHEN fused THEN regexp_extract(date_t, '^([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})', 1)
             ELSE date_t END AS date_c,
        CASE WHEN fused THEN nullif(trim(amount), '') ELSE nullif(trim(category), '') END
            AS category_c,
        nullif(trim(replace(replace(service, chr(8224), ' '), chr(160), ' ')), '') AS service_c,
        nullif(trim(supplier_id), '') AS supplier_id_c
    FROM staged""",
    "DROP TABLE spend_stage",
    # A date written as Excel's serial day number (44256 for 1 March 2021), as a workbook
    # saved to CSV without a date format gives: days since 30 December 1899.
    r"""CREATE OR REPLACE TEMP TABLE spend_dates AS
    SELECT date_c, coalesce(CAST(try_strptime(date_c, $formats) AS DATE),
        CASE WHEN regexp_full_match(date_c, '[0-9]{5}(\.0+)?')
             THEN DATE '1899-12-30' + CAST(CAST(date_c AS DOUBLE) AS INTEGER) END) AS parsed,
        regexp_full_match(date_c, '[0-9]{5}(\.0+)?') AS serial
    FROM (SELECT DISTINCT date_c FROM spend_cleaned WHERE date_c IS NOT NULL)""",
    r"""CREATE OR REPLACE TEMP TABLE spend_checked AS
    WITH signed AS (
        SELECT c.*, n.name_c, d.parsed,
            (amt_c LIKE '(%)' OR amt_c LIKE '%-') AS negated,
            CASE WHEN amt_c LIKE '(%)' THEN substr(amt_c, 2, length(amt_c) - 2)
                 WHEN amt_c LIKE '%-' AND length(amt_c) > 1 THEN substr(amt_c, 1, length(amt_c) - 1)
                 ELSE amt_c END AS amt_u
        FROM spend_cleaned c
        LEFT JOIN spend_names n ON n.raw_name IS NOT DISTINCT FROM c.supplier_name
        LEFT JOIN spend_dates d ON d.date_c = c.date_c
    ), parsed AS (
        SELECT *,
            CASE WHEN $pence THEN
                     CASE WHEN regexp_full_match(amt_u, '-?[0-9]{1,16}')
                          AND NOT (negated AND amt_u LIKE '-%')
                          THEN CAST(CAST(amt_u AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2))
                               * CASE WHEN negated THEN -1 ELSE 1 END END
                 WHEN regexp_full_match(amt_u, '-?([0-9]+(\.[0-9]{1,2})?|\.[0-9]{1,2})')
                 AND NOT (negated AND amt_u LIKE '-%')
                 AND length(ltrim(split_part(ltrim(amt_u, '-'), '.', 1), '0')) <= 12
                 THEN CAST(amt_u AS DECIMAL(18,2)) * CASE WHEN negated THEN -1 ELSE 1 END
            END AS amt,
            regexp_full_match(amt_u, '-?[0-9]+(\.[0-9]{1,2})?')
                AND length(ltrim(split_part(ltrim(amt_u, '-'), '.', 1), '0')) > 12 AS amt_huge,
            CASE WHEN $period IS NOT NULL AND date_c IS NULL THEN CAST($period AS DATE)
                 ELSE parsed END AS paid,
            (name_c IS NULL AND amt_c IS NULL AND date_c IS NULL AND category_c IS NULL
             AND service_c IS NULL AND nullif(trim(first_cell), '') IS NULL) AS blank,
            (lower(coalesce(name_c, '')) IN ('total', 'grand total')
             OR lower(trim(coalesce(first_cell, ''))) IN ('total', 'grand total')) AS total_row,
            list_contains($headers, lower(trim(coalesce(supplier_name, ''))) || '|'
                || lower(trim(coalesce(amount, '')))) AS header_again
        FROM signed
    )
    SELECT row_number, first_cell, supplier_name, amount, paid_on, amt, paid, fused,
        name_c AS supplier_name_clean, category_c AS category, service_c AS service,
        supplier_id_c AS supplier_id,
        CASE
            WHEN blank OR header_again THEN NULL
            WHEN total_row OR name_c IS NULL THEN 'supplier_name'
            WHEN amt IS NULL THEN 'amount'
            WHEN paid IS NULL OR year(paid) NOT BETWEEN 1990 AND 2100 THEN 'paid_on'
        END AS column_name,
        CASE
            WHEN blank THEN 'blank row: no supplier, amount or date'
            WHEN header_again THEN 'repeated header row: the column names again (parts of a '
                 || 'file joined together), not a payment'
            WHEN total_row THEN 'total row: the file''s own sum of the rows above, not a payment'
            WHEN name_c IS NULL THEN 'supplier name missing: expected the name of the payee'
            WHEN amt_c IS NULL THEN 'amount missing: expected a sum such as 1,234.50'
            WHEN amt_huge THEN 'amount too large: ' || amount
                 || ' (a payment of at most £999,999,999,999.99 is expected)'
            WHEN amt IS NULL THEN 'amount not a sum of money: ' || amount
                 || ' (expected e.g. 1,234.50, (120.00) or -120, at most 2 decimal places)'
            WHEN paid IS NULL AND (date_c IS NULL OR NOT regexp_matches(date_c, '[0-9]'))
                THEN 'undated line: £' || format('{:,.2f}', amt) || ' with no payment date'
                 || coalesce(' (' || date_c || ')', '') || ', so a sum over a period (e.g. '
                 || 'a supplier''s total), not a dated payment'
            WHEN paid IS NULL THEN 'payment date not recognised: ' || paid_on
                 || ' (expected e.g. 31/01/2024, 31 Jan 2024 or 2024-01-31)'
            WHEN year(paid) NOT BETWEEN 1990 AND 2100
                THEN 'payment date out of range: ' || paid_on
        END AS reason
    FROM parsed""",
    "DROP TABLE spend_cleaned",
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
