"""Server-side SVG: committed, delivered and verified social value per contract (grouped bars),
and the SROI sensitivity of a contract's valuation (a tornado)."""

from __future__ import annotations

from greatjobs.charts.svg import BLUE, GRID, INK, MUTED, esc, format_number, nice_ticks, svg_open

SERIES = (
    ("committed", "Committed", MUTED),
    ("delivered", "Delivered", BLUE),
    ("verified", "Verified", INK),
)


def value_bars(rows: list[dict[str, object]], chart_id: str, title: str) -> str:
    """One group of three bars per row (``label``, ``committed``, ``delivered``, ``verified``)."""
    label_w, width, bar_h, gap = 220, 760, 12, 14
    plot_w = width - label_w - 30
    group_h = bar_h * 3 + gap
    height = 60 + group_h * max(len(rows), 1)
    top = max([float(r[k]) for r in rows for k, _, _ in SERIES] or [1.0])  # type: ignore[arg-type]
    ticks = nice_ticks(0, top or 1.0)
    scale = plot_w / ticks[-1]
    desc = "; ".join(
        f"{r['label']}: "
        + ", ".join(
            f"{name.lower()} {format_number(float(r[key]), '£', 0)}"
            for key, name, _ in SERIES  # type: ignore[arg-type]
        )
        for r in rows
    )
    parts = [svg_open(width, height, chart_id, title, desc or "No contracts")]
    for t in ticks:
        x = label_w + t * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="{MUTED}">'
            f"{esc(format_number(t, '£', 0))}</text>"
        )
    for i, (_key, name, colour) in enumerate(SERIES):
        x = label_w + i * 110
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="18" fill="{INK}">{esc(name)}</text>')
    for n, row in enumerate(rows):
        y0 = 34 + n * group_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y0 + bar_h * 2}" text-anchor="end" fill="{INK}">'
            f"{esc(str(row['label'])[:32])}</text>"
        )
        for i, (key, _name, colour) in enumerate(SERIES):
            w = float(row[key]) * scale  # type: ignore[arg-type]
            parts.append(
                f'<rect x="{label_w}" y="{y0 + i * bar_h}" width="{w:.1f}" '
                f'height="{bar_h - 2}" fill="{colour}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def tornado(rows: list[dict[str, object]], central: float, chart_id: str, title: str) -> str:
    """One bar per assumption (``label``, ``at_low``, ``at_high``) from the SROI ratio at its low
    value to the ratio at its high value, around a line at the central ratio; widest first."""
    label_w, width, bar_h, gap = 300, 760, 16, 8
    plot_w = width - label_w - 40
    height = 70 + (bar_h + gap) * max(len(rows), 1)
    ends = [float(r[k]) for r in rows for k in ("at_low", "at_high")]  # type: ignore[arg-type]
    ticks = nice_ticks(min([*ends, central, 0.0]), max([*ends, central]))
    scale = plot_w / ((ticks[-1] - ticks[0]) or 1.0)

    def x(value: float) -> float:
        return label_w + (value - ticks[0]) * scale

    desc = f"Central ratio {central:.2f}. " + "; ".join(
        f"{r['label']}: {float(r['at_low']):.2f} at its low value, "  # type: ignore[arg-type]
        f"{float(r['at_high']):.2f} at its high value"  # type: ignore[arg-type]
        for r in rows
    )
    parts = [svg_open(width, height, chart_id, title, desc if rows else "No ranges given")]
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" y1="30" x2="{x(t):.1f}" y2="{height - 24}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="middle" fill="{MUTED}">'
            f"{esc(f'{t:g}')}</text>"
        )
    parts.append(
        f'<text x="{label_w}" y="18" fill="{INK}">Bars: ratio at low to high value. '
        "Line: central ratio.</text>"
    )
    for n, row in enumerate(rows):
        y = 34 + n * (bar_h + gap)
        low, high = sorted((float(row["at_low"]), float(row["at_high"])))  # type: ignore[arg-type]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end" fill="{INK}">'
            f"{esc(str(row['label'])[:44])}</text>"
        )
        parts.append(
            f'<rect x="{x(low):.1f}" y="{y}" width="{max((high - low) * scale, 1):.1f}" '
            f'height="{bar_h}" fill="{BLUE}"/>'
        )
    parts.append(
        f'<line x1="{x(central):.1f}" y1="28" x2="{x(central):.1f}" y2="{height - 24}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
