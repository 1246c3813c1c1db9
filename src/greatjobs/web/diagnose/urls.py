from django.urls import path

from greatjobs.web.diagnose import views

app_name = "diagnose"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/<str:indicator>/", views.indicator, name="indicator"),
    path("indicators/<str:indicator>/<str:table>.<str:fmt>", views.indicator_download,
         name="indicator-download"),
    path("places/<str:place>/", views.place, name="place"),
    path("places/<str:place>/<str:table>.<str:fmt>", views.place_download,
         name="place-download"),
]  # fmt: skip
