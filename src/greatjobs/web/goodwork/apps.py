from django.apps import AppConfig


class GoodworkConfig(AppConfig):
    name = "greatjobs.web.goodwork"
    label = "goodwork"
    verbose_name = "Good work"
