from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from greatjobs.web.accounts.forms import PasswordChangeForm
from greatjobs.web.accounts.roles import ROLE_DESCRIPTIONS, role_of
from greatjobs.web.core.auth import organisations_of, signed_in_user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signing out is a POST (from the navigation's form), never a link."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view: this session stays signed in, the user's other sessions end, and the change
    is in the audit log (the password itself is masked, ``AccountsConfig.ready``)."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: DjangoPasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


def account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    role = role_of(user)
    organisations = organisations_of(user)
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
