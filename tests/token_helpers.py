"""Helpers for the API token tests: a token issued some days ago, a client sending it, times as pages show them."""

import datetime

from django.utils import timezone
from rest_framework.authtoken.models import Token


def local(when) -> str:
    """``when`` as the pages, the admin and the API's messages write it (local time, dd/mm/yyyy hh:mm)."""
    return f"{timezone.localtime(when):%d/%m/%Y %H:%M}"


def issued_days_ago(user, days, **extra) -> Token:
    """``user``'s token, as if issued ``days`` (and ``extra``: hours=…) ago."""
    token, _created = Token.objects.get_or_create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=days, **extra))
    token.refresh_from_db()
    return token


def with_token(api_client, token):
    """An API client sending ``token`` (the ``api_client`` fixture would make one of its own)."""
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
