from django.urls import path

from greatjobs.web.socialvalue import (
    views_bids,
    views_contracts,
    views_delivery,
    views_reports,
    views_sroi,
)

app_name = "socialvalue"
urlpatterns = [
    path("", views_contracts.index, name="index"),
    path("measures/", views_reports.measures, name="measures"),
    path("measures/new/", views_reports.local_measure_create, name="measure_create"),
    path("measures/<int:pk>/retire/", views_reports.local_measure_retire, name="measure_retire"),
    path("reports/", views_reports.reports, name="reports"),
    path("contracts/new/", views_contracts.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views_contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/measures/", views_contracts.measure_add, name="measure_add"),
    path("contracts/<int:pk>/evaluation/", views_contracts.evaluation, name="evaluation"),
    path("contracts/<int:pk>/award/", views_contracts.award, name="award"),
    path("contracts/<int:pk>/sroi/", views_sroi.contract_sroi, name="sroi"),
    path("contracts/<int:pk>/bid/", views_bids.bid_create, name="bid_create"),
    path("contracts/<int:pk>/returns/new/", views_delivery.return_create, name="return_create"),
    path("bids/<int:pk>/", views_bids.BidDetailView.as_view(), name="bid"),
    path("bids/<int:pk>/score/", views_bids.bid_score, name="bid_score"),
    path("returns/<int:pk>/", views_delivery.ReturnDetailView.as_view(), name="return"),
    path("returns/<int:pk>/verify/", views_delivery.return_verify, name="return_verify"),
    path("evidence/<int:pk>/", views_delivery.evidence_download, name="evidence"),
]
