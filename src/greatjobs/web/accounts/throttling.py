"""Sign-in throttling with django-axes: whose attempts are counted together, and what a person who
has been locked out is told (settings ``AXES_*``)."""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from (``AXES_CLIENT_IP_CALLABLE``).

    Directly, that is ``REMOTE_ADDR``. Behind ``GREATJOBS_BEHIND_PROXY`` = n proxies, each proxy
    appends the address it was connected from to ``X-Forwarded-For``, so the entry n from the end
    is the one the outermost proxy saw; anything to its left came from the client and could be
    made up, so it is never used.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "GREATJOBS_BEHIND_PROXY", 0)
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and forwarded:
        return _address(forwarded[-min(proxies, len(forwarded))]) or remote
    return remote


def _clock(moment: Any) -> str:
    """'3:05pm', as GOV.UK writes times."""
    local = timezone.localtime(moment)
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page for a sign-in refused after too many failures (``AXES_LOCKOUT_CALLABLE``).

    Every attempt during the pause starts it again, so it ends one cool-off from now."""
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "try_again_at": _clock(timezone.now() + cool_off) if cool_off else None,
    }
    response = render(
        request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
