"""URLs of the pages (login required everywhere; the names are used by models' get_absolute_url)."""

from django.urls import path

from dnqp.web import account, calendar_feed, map_views, people, remains, reminders, report_views, views

urlpatterns = [
    path("", report_views.DashboardView.as_view(), name="dashboard"),
    path("agreements/", views.AgreementList.as_view(), name="agreement-list"),
    path("agreements/<int:pk>/", views.AgreementDetail.as_view(), name="agreement-detail"),
    path("delegations/", views.DelegationList.as_view(), name="delegation-list"),
    path("delegations/<int:pk>/", views.DelegationDetail.as_view(), name="delegation-detail"),
    path("activities/", views.ActivityList.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetail.as_view(), name="activity-detail"),
    path("support/", views.ExpenditureList.as_view(), name="expenditure-list"),
    path("support/<int:pk>/", views.ExpenditureDetail.as_view(), name="expenditure-detail"),
    path("commands/", views.CommandList.as_view(), name="command-list"),
    path("commands/<int:pk>/", views.CommandProfile.as_view(), name="command-detail"),
    path("partners/", views.PartnerUnitList.as_view(), name="partner-unit-list"),
    path("partners/<int:pk>/", views.PartnerUnitProfile.as_view(), name="partner-unit-detail"),
    path("persons/", people.PersonList.as_view(), name="person-list"),
    path("persons/<int:pk>/", people.PersonDetail.as_view(), name="person-detail"),
    path("reports/yearly/", report_views.YearlyReportView.as_view(), name="yearly-report"),
    path("reports/yearly/print/", report_views.YearlyReportPrintView.as_view(), name="yearly-report-print"),
    path("reports/border-meetings/", report_views.BorderMeetingsView.as_view(), name="border-meetings-report"),
    path("reports/remains/", remains.RemainsSeasonView.as_view(), name="remains-report"),
    path("map/", map_views.MapView.as_view(), name="map"),
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/api-tokens/<int:pk>/revoke/", account.RevokeTokenView.as_view(), name="account-token-revoke"),
    path("account/calendar/new/", calendar_feed.MakeCalendarKeyView.as_view(), name="account-calendar-new"),
    path("account/calendar/stop/", calendar_feed.StopCalendarView.as_view(), name="account-calendar-stop"),
    # No login: calendar apps cannot log in; the key in the address is the secret (dnqp/access/calendar_keys.py).
    path("calendar/<slug:key>.ics", calendar_feed.calendar_feed, name="calendar-feed"),
    path("reminders/", reminders.RemindersView.as_view(), name="reminders"),
    path("reminders/panel/", reminders.RemindersPanelView.as_view(), name="reminders-panel"),
]
