"""Signal handlers of cross-app features.

Logins, logouts and failed logins are logged by django-axes (AccessLog, AccessFailureLog); the change
history of every record by django-simple-history. This module adds the reason for a change when the
request that made it gave one outside the admin form (the API: an ``X-Change-Reason`` header).
"""

from urllib.parse import unquote

from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

CHANGE_REASON_HEADER = "X-Change-Reason"  # percent-encoded UTF-8 (HTTP headers carry no Vietnamese letters)


@receiver(pre_create_historical_record)
def change_reason_from_request(sender, instance, history_instance, **kwargs):
    """Store the request's ``X-Change-Reason`` in the history row, unless the code already set a reason."""
    if history_instance.history_change_reason:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return
    reason = unquote(request.headers.get(CHANGE_REASON_HEADER, "")).strip()
    if reason:
        history_instance.history_change_reason = reason[:100]
