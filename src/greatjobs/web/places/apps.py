from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "greatjobs.web.places"
    label = "places"
    verbose_name = "Places"
