from django.urls import path

from greatjobs.web.goodwork import views

app_name = "goodwork"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:framework_id>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("place/", views.place, name="place"),
    path("place/<slug:by>.<slug:fmt>", views.place_download, name="place_download"),
]
