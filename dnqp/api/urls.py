"""``/api/v1/``: the records, the reports, the login token, the OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from dnqp.api import views
from dnqp.api.event_views import ActivityViewSet, DelegationViewSet, ExpenditureViewSet
from dnqp.api.people_views import PersonViewSet
from dnqp.api.plan_views import AnnualPlanViewSet
from dnqp.api.unit_views import AgreementViewSet, CommandViewSet, PartnerUnitViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("commands", CommandViewSet, basename="command-api")
router.register("partner-units", PartnerUnitViewSet, basename="partner-unit-api")
router.register("agreements", AgreementViewSet, basename="agreement-api")
router.register("delegations", DelegationViewSet, basename="delegation-api")
router.register("activities", ActivityViewSet, basename="activity-api")
router.register("expenditures", ExpenditureViewSet, basename="expenditure-api")
router.register("plans", AnnualPlanViewSet, basename="plan-api")
router.register("persons", PersonViewSet, basename="person-api")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("", include(router.urls)),
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("reports/yearly/", views.YearlyReportView.as_view(), name="api-report-yearly"),
    path("reports/border-meetings/", views.BorderMeetingsReportView.as_view(), name="api-report-border-meetings"),
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[IsAuthenticated]),
        name="api-docs",
    ),
]
