from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "greatjobs.web.uploads"
    label = "uploads"
    verbose_name = "Uploads"
