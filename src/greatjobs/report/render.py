"""The evidence report as one self-contained HTML page: inline CSS and SVG, no scripts, no
external resources (links to publishers' pages are ordinary links)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from importlib import resources

import pandas as pd

from greatjobs.charts import format_number, ranked_dot_plot
from greatjobs.charts.svg import esc
from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.diagnose.deprivation_places import measures_table
from greatjobs.diagnose.deprivation_pockets import CHANGE_METHOD
from greatjobs.diagnose.index import indicators_used
from greatjobs.provenance import Provenance
from greatjobs.report.content import EvidenceReport
from greatjobs.report.good_jobs import ThemeProfile, theme_sources
from greatjobs.report.summary import RankedIndicator
from greatjobs.report.text import (
    compared,
    dot_rows,
    league_rows,
    ordinal,
    rank_cell,
    rank_interval,
    rank_sentence,
    value_with_ci,
)

LEAGUE_COLUMNS = ("Place", "Rank", "95% rank interval", "Value", "95% confidence interval",
                  "Reliability", "Gap to England", "Compared with England", "Change")  # fmt: skip
NUMERIC = {"Rank", "95% rank interval", "Value", "Gap to England", "Change", "LSOAs",
           "Share of population", "Score", "Median rank", "Rank interval", "In-scope spend",
           "Suppliers", "Top 10 share", "Top 300 share", "Resolved (coverage)",
           "In the place, of resolved", "Anchors paying it", "Spend, all anchors"}  # fmt: skip
AMONG_WORDS = {"combined-authorities": "combined authorities", "districts": "districts",
               "regions": "regions"}  # fmt: skip
INDEX_METHOD = (
    "Prosperity and inclusion dimensions in the spirit of the JRF Inclusive Growth Monitor, "
    "built following the OECD/JRC Handbook on Constructing Composite Indicators: z-score "
    "normalisation, equal weights by dimension, arithmetic aggregation for the reference rank; a "
    "Monte Carlo over normalisation, weighting, aggregation and the indicators' sampling error "
    "gives each place a rank interval."
)


def table(
    caption: str, head: Sequence[str], rows: Sequence[Sequence[object]],
    highlight: Sequence[bool] | None = None, testid: str = "",
) -> str:  # fmt: skip
    """An HTML table; the first column is each row's header, numeric columns right-aligned."""
    cls = [' class="num"' if h in NUMERIC else "" for h in head]
    attr = f' data-testid="{esc(testid)}"' if testid else ""
    out = [f"<table{attr}><caption>{esc(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col"{c}>{esc(h)}</th>' for h, c in zip(head, cls, strict=True)]
    out.append("</tr></thead><tbody>")
    for n, row in enumerate(rows):
        mark = ' class="highlight"' if highlight and highlight[n] else ""
        cells = [
            f'<th scope="row"{c}>{esc(v)}</th>' if i == 0 else f"<td{c}>{esc(v)}</td>"
            for i, (v, c) in enumerate(zip(row, cls, strict=True))
        ]
        out.append(f"<tr{mark}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def sources_block(provenance: Provenance) -> str:
    """A result's provenance under its table: each dataset (title linked to the publisher's page,
    vintage, licence linked), the method and the notes."""
    items = "".join(
        f'<li>{esc(d.publisher)}, <a href="{esc(d.url)}">{esc(d.title)}</a> '
        f'({esc(d.vintage)}). Licence: <a href="{esc(d.licence_url)}" rel="license">'
        f"{esc(d.licence)}</a>.</li>"
        for d in provenance.datasets
    )
    notes = "".join(f"<p>{esc(n)}</p>" for n in provenance.notes)
    method = f"<p>Method: {esc(provenance.method)}</p>" if provenance.method else ""
    plural = "s" if len(provenance.datasets) > 1 else ""
    return (
        f'<div class="source" data-testid="source"><p>Source{plural}:</p><ul>{items}</ul>'
        f"{notes}{method}</div>"
    )


def league_section(ranked: RankedIndicator, code: str, n: int) -> str:
    ind = ranked.indicator
    head = f'<h3 id="{esc(ind.id)}">{esc(ind.title)}</h3>'
    if ranked.table is None:
        return head + f'<p class="warning">No league table: {esc(ranked.error)}</p>'
    t = ranked.table
    polarity = "higher is better" if ind.higher_is_better else "lower is better"
    among = t.spec.among if isinstance(t.spec.among, str) else "chosen places"
    rows = league_rows(t)
    england = None if t.england is None else ("England", float(t.england.value or 0))
    plot = ranked_dot_plot(
        dot_rows(t, code), chart_id=f"dots-{ind.id}", unit=ind.unit, reference=england,
        title=f"{ind.title}, {t.period}: {t.size} {AMONG_WORDS.get(among, among)} ranked "
        f"({polarity}), with 95% confidence intervals",
    )  # fmt: skip
    change = f"; change since {t.spec.compare_period}" if t.spec.compare_period else ""
    parts = [
        head,
        f'<p class="key-finding" data-testid="rank">{esc(rank_sentence(t, code))}</p>',
        f"<p>Unit: {esc(ind.unit)}; {polarity}. Period {esc(t.period)}{esc(change)}.</p>",
        f"<figure>{plot}<figcaption>Figure {n}. Dots: values; bars: 95% confidence intervals; "
        "▶ and a black diamond mark the place this report is about; dashed line: England."
        "</figcaption></figure>",
        table(
            f"Table {n}. {ind.title}, {t.period}: {t.place_set}. Rank 1 is best; =3 is a tie; "
            "pp = percentage points",
            LEAGUE_COLUMNS,
            [[r[c] for c in LEAGUE_COLUMNS] for r in rows],
            [r["code"] == code for r in rows],
            testid=f"league-{ind.id}",
        ),
    ]
    if t.notes:
        notes = "".join(f"<li>{esc(x)}</li>" for x in t.notes)
        parts.append(f'<ul class="small">{notes}</ul>')
    parts.append(sources_block(t.provenance))
    return "".join(parts)


def deprivation_section(report: EvidenceReport) -> str:
    s, place = report.summary, report.place
    parts = ['<h2 id="deprivation">Deprivation</h2>']
    head, rows = measures_table(s.deprivation)
    parts.append(
        table(
            f"Indices of Deprivation summary measures, {place.name}", head, rows,
            testid="deprivation",
        )
    )  # fmt: skip
    if s.deprivation:
        parts.append(sources_block(s.deprivation_provenance))
    parts.append("<h3>Map of neighbourhoods by deprivation</h3>")
    if report.map_svg:
        parts.append(
            f"<figure>{report.map_svg}<figcaption>IMD 2025 decile of every LSOA. A table of "
            "LSOAs per decile follows.</figcaption></figure>"
        )
        parts.append(
            table(
                "LSOAs in each IMD 2025 decile",
                ["Decile", "LSOAs"],
                [[i.decile, i.count] for i in report.map_counts],
            )
        )
    else:
        parts.append(
            f"<p>No map: neighbourhood (LSOA) boundaries are bundled for Liverpool City Region "
            f"only, not all of {esc(place.name)}.</p>"
        )
    parts.append(f'<h3 id="pockets">Pockets of deprivation ({len(s.pockets)})</h3>')
    if s.pockets:
        total = sum(p.n_lsoas for p in s.pockets)
        parts.append(
            f"<p>{len(s.pockets)} clusters of neighbouring LSOAs in England's most deprived 10% "
            f"(IoD2025) hold {total:,} LSOAs. A pocket is a connected group of touching LSOA "
            "boundaries; it is named after the ward of its most populous LSOA.</p>"
        )
        parts.append(
            table(
                f"Pockets of deprivation in {place.name}, largest first",
                ["Pocket", "LSOAs", "Share of population", "Districts"],
                [
                    [p.name, p.n_lsoas, f"{p.population_share:.1%}", ", ".join(p.district_names)]
                    for p in s.pockets
                ],
                testid="pockets",
            )
        )
    else:
        parts.append("<p>No pockets to show: boundaries are bundled for Liverpool City Region "
                     "only.</p>")  # fmt: skip
    parts.append("<h3>Change 2019 to 2025 in the most deprived 10%</h3>")
    if not s.decile_change.empty:
        c = s.decile_change
        parts.append(
            table(
                "2021 LSOAs in England's most deprived 10%: IoD2019 (mapped) and IoD2025",
                ["Area", "LSOAs", "2019 (mapped)", "2025", "Moved in", "Moved out"],
                c[
                    [
                        "area_name",
                        "lsoas_2021",
                        "decile_1_2019_mapped",
                        "decile_1_2025",
                        "moved_in",
                        "moved_out",
                    ]
                ]
                .to_numpy()
                .tolist(),
                testid="change",
            )
        )
    parts.append(f'<p class="small">{esc(CHANGE_METHOD)}</p>')
    return "".join(parts)


def index_section(report: EvidenceReport) -> str:
    s = report.summary
    parts = ['<h2 id="index">Inclusive-growth index</h2>']
    if s.index is None:
        return parts[0] + "<p>The index could not be computed: see the notes.</p>"
    ix = s.index
    code = report.place.code
    mine = ix.places[ix.places["area_code"] == code]
    pct = f"{ix.spec.interval:.0%}"
    if not mine.empty:
        r = mine.iloc[0]
        parts.append(
            f'<p class="key-finding" data-testid="index-rank">{esc(report.place.name)} ranks '
            f"{ordinal(int(r['rank']))} of {len(ix.places)} on the reference index ({pct} rank "
            f"interval {int(r['rank_low'])} to {int(r['rank_high'])}; median rank "
            f"{r['median_rank']:g}).</p>"
        )
    dims = [d for d in ix.spec.dimensions if d in ix.places.columns]
    rows = [
        [p["area_name"], int(p["rank"]), f"{int(p['rank_low'])} to {int(p['rank_high'])}",
         f"{p['median_rank']:g}", f"{p['score']:.2f}", *(f"{p[d]:.2f}" for d in dims)]
        for p in ix.places.to_dict("records")
    ]  # fmt: skip
    parts.append(
        table(
            f"Inclusive-growth index: rank with {pct} interval over {ix.spec.draws:,} draws",
            [
                "Place",
                "Rank",
                f"{pct} rank interval",
                "Median rank",
                "Score",
                *(d.capitalize() for d in dims),
            ],
            rows,
            [p == code for p in ix.places["area_code"]],
            testid="index",
        )
    )
    sens = [
        [r["factor"], "–" if r["first_order_index"] != r["first_order_index"]
         else f"{r['first_order_index']:.2f}", f"{r['mean_abs_rank_shift']:.2f}"]
        for r in ix.sensitivity.to_dict("records")
    ]  # fmt: skip
    parts.append(
        table(
            "What moves the ranks: sensitivity to each choice",
            ["Choice varied", "First-order index", "Mean absolute rank shift"],
            sens,
        )
    )
    used = indicators_used(ix)
    parts.append(
        table(
            f"The index's {len(used)} indicators and the period of each",
            ["Indicator", "Period", "Places with a figure", "Dataset"],
            [
                [get_indicator(u["indicator_id"]).title, u["period"],
                 str(u["places"]), u["dataset_id"]]
                for u in used.to_dict("records")
            ],
            testid="index-indicators",
        )
    )  # fmt: skip
    parts.append('<ul class="small">' + "".join(f"<li>{esc(n)}</li>" for n in ix.notes)
                 + "</ul>")  # fmt: skip
    parts.append(f'<p class="small">Method: {esc(INDEX_METHOD)}</p>')
    return "".join(parts)


def sources_section(report: EvidenceReport) -> str:
    items = "".join(
        f'<li>{esc(d.publisher)}, <a href="{esc(d.url)}">{esc(d.title)}</a> '
        f"({esc(d.vintage)}; dataset <code>{esc(d.id)}</code>). Licence: "
        f'<a href="{esc(d.licence_url)}" rel="license">{esc(d.licence)}</a>. '
        f"{esc(d.attribution)}</li>"
        for d in report.provenance.datasets
    )
    return (
        '<h2 id="sources">Methods, sources and licences</h2>'
        "<p>Every figure comes from official open data bundled with greatjobs, each file checked "
        "against its SHA-256 when the warehouse was built. Methods: docs/methods/ in greatjobs "
        "(diagnose-indicators.md, deprivation.md, inclusive-growth-index.md, report.md).</p>"
        "<ul><li>Ranks: 1 = best for the indicator; equal figures share a rank, written =3. A "
        "figure greatjobs sums from rounded published figures is rounded to their precision "
        "before ranking. A custom place stands beside the league with the rank it would take, "
        "without moving the ranks of the places compared.</li>"
        "<li>Reliability: each estimate's coefficient of variation (standard error / estimate) "
        "in ONS's bands: under 5% precise, 5% to under 10% reasonably precise, 10% to 20% "
        "acceptable (use with caution), over 20% unreliable, which is not tested against "
        "England.</li>"
        "<li>95% rank intervals: 4,000 draws of every place's value from its 95% confidence "
        "interval; places without an interval are held exact.</li>"
        "<li>Compared with England: a z-test on the two standard errors at 95%.</li>"
        "<li>Rates for places greatjobs sums are sums of numerators over sums of denominators, "
        "never averages of percentages.</li></ul>"
        f'<ul class="small" data-testid="sources">{items}</ul>'
        "<p>Contains public sector information licensed under the Open Government Licence v3.0. "
        "Boundaries contain OS data © Crown copyright and database right.</p>"
    )


def render_html(report: EvidenceReport) -> str:
    """The whole report as one HTML document."""
    place = report.place
    css = resources.files("greatjobs.report").joinpath("report.css").read_text("utf-8")
    code = place.code
    leagues = [league_section(r, code, n) for n, r in enumerate(report.summary.ranks, start=1)]
    glance = []
    for r in report.summary.ranks:
        row = r.row(code)
        glance.append(
            [r.indicator.title, r.table.period if r.table else "–",
             format_number(row["value"], r.indicator.unit) if row else "–",
             rank_cell(row, r.table.size) if row and r.table else "–",
             rank_interval(row) if row else "–",
             compared(row["significance"]) if row else "–"]
        )  # fmt: skip
    among = AMONG_WORDS.get(report.summary.among, report.summary.among)
    notes = "".join(f"<li>{esc(n)}</li>" for n in report.summary.notes)
    body = [
        '<a class="skip" href="#main">Skip to main content</a>',
        '<header class="masthead"><div class="container">'
        '<p class="caption">greatjobs evidence report</p>'
        f"<h1>State of the city region: {esc(place.name)}</h1></div></header>",
        '<div class="container"><main id="main">',
        f'<p class="lede">Where {esc(place.name)} stands among England\'s {esc(among)}, how sure '
        "we can be, and whether it is getting better.</p>",
        f'<p class="muted">Generated {esc(report.generated_at)} by greatjobs {esc(report.version)}'
        + (
            f" from the warehouse built {esc(report.warehouse_built_at)}"
            if report.warehouse_built_at
            else ""
        )
        + ".</p>",
        '<nav class="contents" aria-label="Contents"><h2 id="contents">Contents</h2><ol>'
        '<li><a href="#glance">At a glance</a></li><li><a href="#leagues">League tables</a></li>'
        '<li><a href="#good-jobs">Good jobs</a></li>'
        '<li><a href="#digital-inclusion">Digital inclusion</a></li>'
        '<li><a href="#deprivation">Deprivation</a></li>'
        '<li><a href="#index">Inclusive-growth index</a></li>'
        '<li><a href="#anchor-spend">Anchor spend</a></li>'
        '<li><a href="#sources">Methods, sources and licences</a></li></ol></nav>',
        '<h2 id="glance">At a glance</h2>',
        table(
            f"{place.name} among {among}: rank 1 is best",
            ["Indicator", "Period", "Value", "Rank", "95% rank interval", "Compared with England"],
            glance,
            testid="glance",
        ),
        f'<ul class="small">{notes}</ul>' if notes else "",
        f'<h2 id="leagues">League tables among {esc(among)}</h2>',
        *leagues,
        good_jobs_section(report, "good-jobs"),
        good_jobs_section(report, "digital-inclusion"),
        deprivation_section(report),
        index_section(report),
        anchor_spend_section(report),
        sources_section(report),
        "</main></div>",
        '<footer><div class="container">greatjobs, open measurement for an inclusive industrial '
        "strategy. Figures are for exploration and may change.</div></footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>State of the city region: {esc(place.name)} – greatjobs</title>"
        f"<style>{css}</style></head><body>" + "".join(body) + "</body></html>\n"
    )


GOOD_JOBS_COLUMNS = ("Indicator", "Period", "Value", "Rank", "95% rank interval", "England",
                     "Compared with England")  # fmt: skip


def theme_block(profile: ThemeProfile, code: str) -> str:
    """One theme of the good-jobs profile: its note, a table of its indicators for the place
    (value with interval, rank among its peers with interval, England) and their sources."""
    theme = profile.theme
    parts = [f'<h3 id="theme-{esc(theme.id)}">{esc(theme.title)}</h3>']
    if theme.note:
        parts.append(f"<p>{esc(theme.note)}</p>")
    if not profile.ranks:
        return "".join(parts)
    rows = []
    for r in profile.ranks:
        row = r.row(code)
        unit = r.indicator.unit
        if r.table is None or row is None or pd.isna(row["value"]):
            reason = r.error or "no figure for this place"
            rows.append([r.indicator.title, "–", "–", "–", "–", "–", reason])
            continue
        england = r.table.england
        rows.append(
            [r.indicator.title, r.table.period, value_with_ci(row, unit),
             rank_cell(row, r.table.size), rank_interval(row),
             format_number(england.value, unit) if england and england.value is not None
             else "–", compared(row["significance"])]
        )  # fmt: skip
    parts.append(
        table(
            f"{theme.title}: rank 1 is best among the place's peers",
            GOOD_JOBS_COLUMNS,
            rows,
            testid=f"theme-{theme.id}",
        )
    )
    parts.append(sources_block(theme_sources(profile)))
    return "".join(parts)


def good_jobs_section(report: EvidenceReport, section: str) -> str:
    """The report's Good jobs or Digital inclusion section: its themes, in order."""
    heading = {"good-jobs": "Good jobs", "digital-inclusion": "Digital inclusion"}[section]
    intro = {
        "good-jobs": "Pay, security of work and skills: whether the place's jobs and training "
        "are the kind the strategy is for. Each figure is ranked among the place's peers with "
        "its 95% interval.",
        "digital-inclusion": "Whether homes and places can get online: broadband and mobile "
        "coverage, ranked among the place's peers.",
    }[section]
    code = report.place.code
    blocks = [theme_block(p, code) for p in report.good_jobs if p.theme.section == section]
    return f'<h2 id="{section}">{heading}</h2><p>{esc(intro)}</p>' + "".join(blocks)


def _percent(value: float | None, places: int = 0) -> str:
    return "–" if value is None or value != value else f"{value:.{places}%}"  # NaN is not itself


def _pounds(value: Decimal | float) -> str:
    return f"£{float(value):,.0f}"


def anchor_spend_section(report: EvidenceReport) -> str:
    """The anchors' spend: each anchor and all together as one buyer (concentration, the
    resolved part and the share of it in the place, with its coverage), the suppliers they
    share and where they could buy together; or why the section is left out."""
    head = '<h2 id="anchor-spend">Anchor spend</h2>'
    spend = report.anchor_spend
    if spend.report is None:
        return head + f'<p data-testid="anchor-spend-note">{esc(spend.note)}</p>'
    r = spend.report
    rows = [
        [a["body"], a["threshold"], f"{a['first_paid']:%d %b %Y} to {a['last_paid']:%d %b %Y}",
         _pounds(a["in_scope_gbp"]), f"{int(a['suppliers']):,}", _percent(a["top10_share"]),
         _percent(a["top300_share"]), _percent(a["coverage"], 1), _percent(a["share_in_place"])]
        for a in r.anchors.to_dict("records")
    ]  # fmt: skip
    parts = [
        head,
        f"<p>How much of {esc(report.place.name)}'s anchor institutions' spend stays in the "
        f"place, and with whom: {spend.files:,} published spend files of {len(r.bodies)} "
        f"{'body' if len(r.bodies) == 1 else 'bodies'}, from the spend ledger. Shares in the "
        "place are of the spend resolved to a register record; the coverage column says how "
        "much of the spend that is, and a share of resolved spend is never a share of all "
        "spend.</p>",
        table(
            "The anchors compared, and together as one buyer",
            ANCHOR_COLUMNS,
            rows,
            testid="anchor-spend",
        ),
        '<ul class="small">' + "".join(f"<li>{esc(n)}</li>" for n in r.notes) + "</ul>",
    ]
    if not r.shared.empty:
        shared = [
            [s["supplier"], str(s["anchors"]), _pounds(s["spend_gbp"])]
            for s in r.shared.head(10).to_dict("records")
        ]
        parts.append(
            table(
                f"The 10 suppliers most anchors share ({len(r.shared):,} are paid by two or more)",
                ("Supplier", "Anchors paying it", "Spend, all anchors"),
                shared,
                testid="anchor-spend-shared",
            )
        )
    opportunities = r.opportunities
    if not opportunities.empty:
        rows = [
            [o["supplier"], str(o["anchors"]), _pounds(o["spend_gbp"]), o["location"]]
            for o in opportunities.head(10).to_dict("records")
        ]
        parts.append(
            table(
                "Buying together: shared suppliers not known to be in the place",
                ("Supplier", "Anchors paying it", "Spend, all anchors", "Where it is"),
                rows,
                testid="anchor-spend-opportunities",
            )
        )
    return "".join(parts)


ANCHOR_COLUMNS = ("Anchor", "Publishes", "Payments dated", "In-scope spend", "Suppliers",
                  "Top 10 share", "Top 300 share", "Resolved (coverage)",
                  "In the place, of resolved")  # fmt: skip
