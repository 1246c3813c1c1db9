from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.web.accounts.roles import is_admin
from greatjobs.web.audit.changes import AuditRow, recent_audit_rows
from greatjobs.web.core.components import table

PAGE_SIZE = 200


def audit_log(request: HttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied("Only admins can see the audit log.")
    rows = recent_audit_rows(PAGE_SIZE)
    return render(
        request,
        "audit/log.html",
        {"table": _audit_table(rows) if rows else None, "limit": PAGE_SIZE},
    )


def _audit_table(rows: list[AuditRow]) -> GovUKTable:
    return table(
        ["When", "Who", "What", "Changes (before → after)"],
        [
            [
                format_html(
                    '<time datetime="{}">{}</time>',
                    row.when.isoformat(),
                    date_format(localtime(row.when), "j M Y H:i:s"),
                ),
                row.who,
                format_html(
                    "{} {} <strong>{}</strong>",
                    row.action,
                    row.object_type.lower(),
                    row.object_name,
                ),
                render_to_string("audit/_changes.html", {"changes": row.changes}),
            ]
            for row in rows
        ],
        caption="Changes, newest first",
        attributes={"data-testid": "audit-log"},
    )
