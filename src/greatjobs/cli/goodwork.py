"""``greatjobs goodwork``: charter frameworks, and insecure work in a place."""

from __future__ import annotations

import json
import sys

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_frame
from greatjobs.geography import DEFAULT_PLACE, resolve_place
from greatjobs.goodwork import get_framework, insecure_work, load_frameworks


@click.group()
def goodwork() -> None:
    """Good work: fair-employment charters and insecure work."""


@goodwork.command("frameworks")
@click.option("--framework", "framework_id", default=None, help="Only this framework (its id).")
@format_option
def frameworks_command(framework_id: str | None, fmt: str) -> None:
    """Charter frameworks, their tiers, and every question with the evidence it needs."""
    chosen = [get_framework(framework_id)] if framework_id else list(load_frameworks())
    rows = []
    for fw in chosen:
        for q in fw.questions:
            section = next(s.name for s in fw.sections if s.id == q.section)
            rows.append(
                {
                    "framework": fw.id,
                    "section": section,
                    "question": q.id,
                    "text": q.text,
                    "evidence": q.evidence,
                    "answered_by": q.rule or "employer (yes/no)",
                    "required_for": ", ".join(fw.tier_name(t) for t in q.required_for),
                }
            )
    frame = pd.DataFrame(rows)
    if fmt == "json":
        data = [
            {
                "id": fw.id,
                "name": fw.name,
                "publisher": fw.publisher,
                "url": fw.url,
                "default": fw.default,
                "confirmed": fw.confirmed,
                "working_model": fw.working_model,
                "tiers": [
                    {"id": t.id, "name": t.name, "min_section_share": t.min_section_share}
                    for t in fw.tiers
                ],
                "questions": frame[frame["framework"] == fw.id].to_dict("records"),
            }
            for fw in chosen
        ]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        render_frame(frame, fmt)
        return
    for fw in chosen:
        tiers = "; ".join(
            f"{t.name}: every section at least {100 * t.min_section_share:.0f}%" for t in fw.tiers
        )
        render_frame(
            frame[frame["framework"] == fw.id].drop(columns=["framework", "text"]),
            fmt,
            title=f"{fw.name} ({fw.id}{', default' if fw.default else ''}). Tiers: {tiers}",
            caption=f"Source: {fw.publisher}, {fw.url}. Confirmed: {fw.confirmed} "
            f"Working model: {fw.working_model}",
        )


@goodwork.command("insecure-work")
@click.option("--place", default=DEFAULT_PLACE, show_default=True, help="A place name or code.")
@format_option
def insecure_work_command(place: str, fmt: str) -> None:
    """Insecure work (TUC definition): what the offline data can bound, and what needs live data."""
    with get_context().warehouse() as con:
        result = insecure_work(con, resolve_place(con, place))
    render_frame(
        result.districts,
        fmt,
        title=f"Insecure work in {result.place}: self-employment bound (Census 2021 TS066)",
        caption=" ".join(f"{c} ({s}): {how}" for c, s, how in result.components),
        provenance=result.provenance,
    )
