from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from greatjobs.errors import WarehouseMissingError


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
