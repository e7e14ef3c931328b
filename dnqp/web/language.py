"""The interface language: Vietnamese for everyone, English only for whoever picks it in the page header.

The rule (SPEC "Non-functional"; README "Language and formats"), the same for the pages, the admin and the API:

1. a logged-in user: the language kept on their profile (``Profile.language``, set by the header's picker);
   none picked: Vietnamese;
2. nobody logged in (the login page, the lockout page, an API request without valid credentials): the language
   picked on this browser (Django's ``django_language`` cookie, which the picker always sets);
3. otherwise Vietnamese (``settings.LANGUAGE_CODE``).

The browser's ``Accept-Language`` never counts: most office laptops here run an English browser, and their
users read Vietnamese. :class:`LanguageMiddleware` takes the place of Django's ``LocaleMiddleware`` and sits
after ``AuthenticationMiddleware`` (it needs the session's user). An API client logged in with a token is
known only once Django REST framework has read its token: ``dnqp.api.authentication`` switches to that user's
language at that point, by the same rule (:func:`dnqp.access.accounts.interface_language`).
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dnqp.access.accounts import interface_language, offered_language
from dnqp.models import Profile


def request_language(request) -> str:
    """The language of ``request``'s answer (the rule of this module)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return interface_language(user)
    return offered_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) or settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates :func:`request_language` for the request, and says which language answered (``Content-Language``).

    The answer depends on the session's user or on the language cookie: ``Vary: Cookie``, never
    ``Accept-Language``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        # The language that answered: a token's user may have switched it inside the API (module docstring).
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


@require_POST
def set_language(request):
    """The header's language picker: ``language`` (``vi`` or ``en``) and ``next`` (where to go back to).

    Kept on the user's profile when someone is logged in (so it follows them to another browser and through
    logging out and in again), and in the language cookie always (the login page of this browser). A language
    that is not offered is refused (400) and changes nothing.
    """
    language = offered_language(request.POST.get("language"))
    if language is None:
        offered = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
        return HttpResponseBadRequest(
            _("This language is not offered. Choose one of: %(offered)s.") % {"offered": offered},
            content_type="text/plain; charset=utf-8",
        )
    if request.user.is_authenticated:
        profile, _created = Profile.objects.get_or_create(user=request.user)
        if profile.language != language:
            profile.language = language
            profile.save(update_fields=["language"])  # a change of the profile: kept in its history
        request.user._dnqp_language = language
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
