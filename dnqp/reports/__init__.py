"""The one reporting module: the yearly summary, the border-meetings report and the dashboard.

Pages, exports and the API all call these functions; there is no second implementation anywhere.
"""

from dnqp.reports.border_meetings import border_meetings_report, border_meetings_rows
from dnqp.reports.dashboard import dashboard_data
from dnqp.reports.params import BorderMeetingsParams, YearlyReportParams
from dnqp.reports.yearly import yearly_report, yearly_report_rows

__all__ = [
    "BorderMeetingsParams",
    "YearlyReportParams",
    "border_meetings_report",
    "border_meetings_rows",
    "dashboard_data",
    "yearly_report",
    "yearly_report_rows",
]
