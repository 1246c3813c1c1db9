"""Account forms with GOV.UK wording."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form; the password rules as a plain hint, and a new password that breaks them is
    reported on the new password field (Django reports it on the confirmation)."""

    error_messages = {  # noqa: RUF012 (a class attribute, as in Django's form)
        **DjangoPasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
        "password_mismatch": "The passwords do not match. Enter the new password again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": ("Current password", "Enter your current password"),
            "new_password1": ("New password", "Enter a new password"),
            "new_password2": ("Confirm new password", "Enter the new password again"),
        }
        for name, (label, required) in labels.items():
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = required
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].help_text = ""

    def clean(self) -> dict[str, Any]:
        # Instead of SetPasswordForm.clean, which reports the rules on the confirmation field.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        forms.Form.clean(self)
        return self.cleaned_data
