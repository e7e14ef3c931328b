"""The calendar feed (``/calendar/<key>.ics``) and the account page's buttons that make and stop its address.

Calendar apps cannot log in, so the feed needs no session: the key in the address picks the user
(:mod:`dnqp.access.calendar_keys`), and the feed holds only the records that user sees
(:mod:`dnqp.reports.calendar_feed`). An unknown or revoked key, or an inactive user's, answers 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_safe

from dnqp.access import calendar_keys, scoping
from dnqp.reports.calendar_feed import build_calendar


def account_context(request) -> dict:
    """The account page's calendar section: the user's feed address (absolute, and as ``webcal://``, which
    phones open in their calendar app), or None while they have none."""
    key = calendar_keys.user_key(request.user)
    if key is None:
        return {"calendar_url": None, "calendar_webcal_url": None}
    url = request.build_absolute_uri(reverse("calendar-feed", args=[key]))
    return {"calendar_url": url, "calendar_webcal_url": "webcal://" + url.split("://", 1)[1]}


# What the log writes in place of the feed's address: the key is the secret (dnqp/core/request_id.py).
LOGGED_PATH = "/calendar/***.ics"


def calendar_feed(request, key):
    request.log_path = LOGGED_PATH  # before anything may log the request (a 405 too)
    return _calendar_feed(request, key)


@require_safe
def _calendar_feed(request, key):
    user = calendar_keys.user_for_key(key)
    if user is None:
        raise Http404("No calendar at this address.")
    language = user.calendar_language if user.calendar_language in dict(settings.LANGUAGES) else None
    with translation.override(language or settings.LANGUAGE_CODE):
        # An unlimited user's calendar is of every command ("ĐNQP – Tất cả đơn vị").
        command_name = None if scoping.is_unlimited(user) else (user.calendar_command_name or user.get_username())
        calendar = build_calendar(user=user, command_name=command_name, absolute=request.build_absolute_uri)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dnqp.ics"'
    # The address is a secret: no shared cache keeps the answer, no search engine lists it.
    response["Cache-Control"] = "private, max-age=0, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class MakeCalendarKeyView(LoginRequiredMixin, View):
    """``POST``: make the user's calendar address, or a new one in place of the old (which stops working)."""

    http_method_names = ["post"]

    def post(self, request):
        had_one = calendar_keys.user_key(request.user) is not None
        calendar_keys.make_key(request.user)
        if had_one:
            messages.success(
                request, _("A new calendar address has been made: the old one no longer works. Subscribe again.")
            )
        else:
            messages.success(request, _("Your calendar address has been made: add it to your calendar app."))
        return redirect(reverse("account") + "#calendar")


class StopCalendarView(LoginRequiredMixin, View):
    """``POST``: stop the user's calendar feed (its address answers 404 from now on)."""

    http_method_names = ["post"]

    def post(self, request):
        if calendar_keys.stop(request.user):
            messages.success(request, _("Your calendar feed has been stopped: its address no longer works."))
        else:
            messages.info(request, _("You had no calendar address."))
        return redirect(reverse("account") + "#calendar")
