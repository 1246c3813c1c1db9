from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from greatjobs.web.accounts.roles import ROLE_DESCRIPTIONS, role_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signing out is a POST (from the navigation's form), never a link."""


def account(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    organisations = [
        m.organisation for m in request.user.memberships.select_related("organisation")
    ]
    return render(
        request,
        "accounts/account.html",
        {
            "role": role,
            "role_description": ROLE_DESCRIPTIONS.get(
                role or "", "You have not been given a role."
            ),
            "organisations": organisations,
        },
    )
