"""The review queue: each candidate link side by side, with confirm and reject buttons.

Only analysts and admins see it. A decision is a POST (CSRF-protected) recorded in the spend
ledger's ``spend.link_decision`` with the user's name and the time, and reused by every later
``suppliers resolve``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from greatjobs.errors import GreatjobsError
from greatjobs.spend.ledger import read_ledger, write_ledger
from greatjobs.spend.suppliers.registers import loaded_registers
from greatjobs.spend.suppliers.review import decide, review_queue
from greatjobs.web.accounts.roles import ADMIN, ANALYST, role_of
from greatjobs.web.core.cache import cached
from greatjobs.web.core.components import table
from greatjobs.web.core.warehouse import current_home, request_warehouse

DECISIONS = {"confirm": "confirmed", "reject": "rejected"}


def _reviewer(request: HttpRequest) -> None:
    if role_of(request.user) not in (ADMIN, ANALYST):
        raise PermissionDenied("Only analysts and admins review supplier links.")


def _records(frame: Any) -> list[dict[str, Any]]:
    frame = frame.astype(object).where(frame.notna(), None)
    return [dict(row) for row in frame.to_dict("records")]


def _review_state() -> dict[str, Any]:
    """The queue, the latest decisions and the registers not loaded, from the ledger."""
    ledger = read_ledger(current_home())
    try:
        queue = _records(review_queue(ledger))
        decided = _records(review_queue(ledger, "confirmed").head(20)) + _records(
            review_queue(ledger, "rejected").head(20)
        )
        registers = loaded_registers(ledger)
    finally:
        ledger.close()
    missing = registers.loc[~registers["loaded"].astype(bool), "register"].tolist()
    return {
        "queue": queue,
        "decided": _decided_table(decided) if decided else None,
        "missing_registers": missing,
    }


def _decided_table(decided: list[dict[str, Any]]) -> Any:
    """The latest links people confirmed or rejected, and who decided."""
    return table(
        ["Supplier", "Register record", "Decision", "By"],
        [
            [
                c["supplier_names"],
                f"{c['register_name']} ({c['register']} {c['register_id']})",
                c["status"],
                c["decided_by"],
            ]
            for c in decided
        ],
        caption="Links decided by people",
        caption_size="hidden",
        attributes={"data-testid": "decided"},
    )


def index(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    state = cached("supplier-review", _review_state, sources=("ledger",))
    return render(request, "suppliers/index.html", state)


@require_POST
def decide_view(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    decision = DECISIONS.get(request.POST.get("decision", ""))
    key = request.POST.get("supplier_key", "").strip()
    register = request.POST.get("register", "").strip()
    register_id = request.POST.get("register_id", "").strip()
    if decision is None or not key or not register or not register_id:
        messages.error(request, "Choose confirm or reject for one candidate link.")
        return HttpResponseRedirect(reverse("suppliers:index"))
    try:
        with request_warehouse() as warehouse, write_ledger(current_home()) as ledger:
            decide(
                ledger,
                key,
                register_id,
                decision,
                f"web:{request.user.get_username()}",
                register=register,
                warehouse=warehouse,
            )
    except GreatjobsError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("suppliers:index"))
    messages.success(request, f"Link {key} → {register} {register_id} {decision}.")
    return HttpResponseRedirect(reverse("suppliers:index"))
