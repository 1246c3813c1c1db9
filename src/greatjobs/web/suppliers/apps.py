from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "greatjobs.web.suppliers"
    label = "suppliers"
    verbose_name = "Supplier review"
