from django.contrib import admin

from greatjobs.web.uploads.models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "uploaded_by", "uploaded_at")
    list_filter = ("organisation",)
    search_fields = ("title",)
