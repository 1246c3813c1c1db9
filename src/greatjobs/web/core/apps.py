from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "greatjobs.web.core"
    label = "core"
    verbose_name = "greatjobs shell"

    def ready(self) -> None:
        from greatjobs.web.core import govuk_components

        govuk_components.install()
