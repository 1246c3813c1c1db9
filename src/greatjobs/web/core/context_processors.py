"""The service navigation, built once for every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from greatjobs.web.accounts.roles import role_of
from greatjobs.web.areas import discover

SIGN_OUT = (
    '<li class="govuk-service-navigation__item">'
    '<form method="post" action="{}" class="greatjobs-inline-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<button type="submit" class="govuk-service-navigation__link greatjobs-link-button">'
    "Sign out</button></form></li>"
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"service_navigation": [], "service_navigation_slots": None}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    role = role_of(user)
    items = [
        (area.slug, area.title, reverse(f"{area.slug}:{area.index}"))
        for _, area in discover()
        if area.title and (area.roles is None or role in area.roles)
    ]
    items.append(("accounts", "Your account", reverse("accounts:account")))
    nav = [{"text": text, "href": href, "active": namespace == ns} for ns, text, href in items]
    sign_out = format_html(SIGN_OUT, reverse("accounts:logout"), get_token(request))
    return {"service_navigation": nav, "service_navigation_slots": {"navigationEnd": sign_out}}
