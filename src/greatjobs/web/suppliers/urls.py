from django.urls import path

from greatjobs.web.suppliers import views

app_name = "suppliers"
urlpatterns = [
    path("", views.index, name="index"),
    path("decide/", views.decide_view, name="decide"),
]
