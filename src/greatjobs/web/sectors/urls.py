from django.urls import path

from greatjobs.web.sectors import views

app_name = "sectors"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:place>/", views.profile, name="profile"),
    path("<str:place>/download/<str:fmt>/", views.download_profile, name="download"),
    path("<str:place>/gva-per-job/<str:fmt>/", views.download_productivity, name="gva_download"),
]
