from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from greatjobs.errors import WarehouseMissingError
from greatjobs.web.core.uploads import MB, allowed_request_bytes


class WarehouseMissingMiddleware:
    """Any page that needs the warehouse explains how to build it instead of failing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, WarehouseMissingError):
            return render(
                request, "core/warehouse_missing.html", {"detail": str(exception)}, status=503
            )
        return None


def _megabytes(size: int, *, round_up: bool = False) -> str:
    """'100 MB', '104.9 MB'; rounded up when saying how much was sent, so a size just over a
    limit never reads as the limit itself."""
    tenths = (math.ceil if round_up else math.floor)(size * 10 / MB)
    if tenths % 10 == 0 and not round_up:
        return f"{tenths // 10:,} MB"
    return f"{tenths / 10:,.1f} MB"


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than its view accepts before a byte of it is read.

    The limit is ``core.uploads.LARGEST_REQUEST`` unless the view is decorated with
    ``core.uploads.allows_request_bytes``. The size is the one the request declares in
    ``Content-Length``: Django never reads past it, so a body without one (sent in chunks) is
    refused too, with 411. Must come before any middleware that reads the body in
    ``process_view`` (CsrfViewMiddleware reads request.POST).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        declared = request.META.get("CONTENT_LENGTH", "").strip()
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
            return render(
                request,
                "core/request_refused.html",
                {
                    "heading": "What you sent could not be read",
                    "message": "Your browser sent it without saying how large it is. "
                    "Go back and try again; if that fails, try another browser.",
                },
                status=411,
            )
        try:
            length = int(declared or 0)
        except ValueError:
            length = 0  # Django reads no body at all then
        limit = allowed_request_bytes(view_func)
        if length <= limit:
            return None
        sent, accepted = _megabytes(length, round_up=True), _megabytes(limit)
        return render(
            request,
            "core/request_refused.html",
            {
                "heading": "What you sent is too large",
                "message": f"What you sent was {sent}: this page accepts up to {accepted} at a "
                "time. Go back and send smaller files, or fewer files at a time. Nothing you "
                "sent has been kept.",
            },
            status=413,
        )
