"""Assessments in Django's admin site, checked by the same rules as the self-assessment form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from greatjobs.errors import DataError
from greatjobs.goodwork import PayFacts
from greatjobs.web.goodwork.models import Assessment


class AssessmentAdminForm(forms.ModelForm):
    """Edits in the admin site obey the same rules on the pay and security facts as the form."""

    class Meta:
        model = Assessment
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("answers", "evidence", "rejected"):
            self.fields[name].required = False  # empty is a value: nothing answered or rejected

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "facts" not in data:  # not JSON: the field's own error says so
            return data
        facts = data["facts"]
        if not isinstance(facts, dict):
            self.add_error("facts", "The pay and security facts must be a set of named values.")
            return data
        try:
            problems = PayFacts.from_dict(facts).problems()
        except (DataError, ValueError) as exc:
            problems = [str(exc)]
        for problem in problems:
            self.add_error("facts", problem)
        if not problems and data.get("employees") != facts["staff_total"]:
            self.add_error("employees", "Employees must equal the number of staff in the facts.")
        return data


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    form = AssessmentAdminForm
    list_display = ("organisation", "framework_id", "tier", "status", "submitted_at")
    list_filter = ("status", "framework_id")
