"""The private address of a user's calendar feed (``/calendar/<key>.ics``; docs/SECURITY.md, "Calendar feed").

Calendar apps cannot log in: the address itself is the secret. Its key is ``Profile.calendar_token``, made with
``secrets.token_urlsafe(32)`` (256 random bits), null until the user makes one. Making a new one replaces it
(the old address stops working at once); stopping the feed empties it. The feed answers only for an active
user, with that user's roles and scope as they are at each request.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import models

from dnqp.access import scoping
from dnqp.models import Profile

KEY_BYTES = 32


def make_key(user) -> str:
    """Give ``user`` a new calendar key (replacing any former one) and return it."""
    key = secrets.token_urlsafe(KEY_BYTES)
    updated = Profile.objects.filter(user=user).update(calendar_token=key)
    if not updated:  # a user made without a profile (createsuperuser): one with no command
        Profile.objects.create(user=user, calendar_token=key)
    return key


def stop(user) -> bool:
    """Remove ``user``'s calendar key: the feed's address answers 404 from now on. False if there was none."""
    return bool(Profile.objects.filter(user=user, calendar_token__isnull=False).update(calendar_token=None))


def user_key(user) -> str | None:
    """``user``'s calendar key, or None."""
    return Profile.objects.filter(user=user).values_list("calendar_token", flat=True).first()


def user_for_key(key: str):
    """The active user whose calendar key is ``key``, with their roles, command id and command name, in ONE
    query (as :func:`dnqp.access.scoping.load_user` loads a session's user); None for an unknown, revoked or
    empty key or an inactive user."""
    if not key:
        return None
    rows = list(
        get_user_model()
        ._default_manager.filter(profile__calendar_token=key, is_active=True)
        .annotate(
            dnqp_group=models.F("groups__name"),
            dnqp_command_id=models.F("profile__command_id"),
            dnqp_command_name=models.F("profile__command__name"),
            dnqp_language=models.F("profile__language"),
        )
    )
    if not rows:
        return None
    user = rows[0]
    user._dnqp_roles = scoping.role_codes(row.dnqp_group for row in rows)
    user._dnqp_command_id = user.dnqp_command_id
    user.calendar_command_name = user.dnqp_command_name
    user.calendar_language = user.dnqp_language
    del user.dnqp_group, user.dnqp_command_id, user.dnqp_command_name, user.dnqp_language
    return user
