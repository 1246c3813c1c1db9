from django.contrib import admin

from greatjobs.web.goodwork.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("organisation", "framework_id", "tier", "status", "submitted_at")
    list_filter = ("status", "framework_id")
