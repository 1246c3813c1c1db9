from django.urls import path

from greatjobs.web.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:place>/", views.overview, name="overview"),
]
