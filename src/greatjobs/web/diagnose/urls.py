from django.urls import path

from greatjobs.web.diagnose import good_jobs, views

app_name = "diagnose"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/<str:indicator>/", views.indicator, name="indicator"),
    path("indicators/<str:indicator>/<str:table>.<str:fmt>", views.indicator_download,
         name="indicator-download"),
    path("places/<str:place>/", views.place, name="place"),
    path("places/<str:place>/good-jobs/", good_jobs.good_jobs, name="good-jobs"),
    path("places/<str:place>/good-jobs.<str:fmt>", good_jobs.good_jobs_download,
         name="good-jobs-download"),
    path("places/<str:place>/<str:table>.<str:fmt>", views.place_download,
         name="place-download"),
]  # fmt: skip
