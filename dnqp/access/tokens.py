"""API tokens: issuing one, checking its lifetime, noting its last use, revoking it (docs/API.md "Logging in").

The token is Django REST framework's ``authtoken.Token`` (one per user); :class:`dnqp.models.TokenUse` keeps
when it was last used. A token works for ``DNQP_API_TOKEN_DAYS`` days (default 90) after it was issued; after
that the API refuses it (401, :class:`dnqp.api.authentication.ExpiringTokenAuthentication`) and the next
``POST /api/v1/auth/token/`` replaces it with a new one.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from dnqp.models import TokenUse, token_is_expired

# The last use is written at most once per token in this time: a script making a request a second costs one
# write every five minutes, not one per request. "Last used" is therefore exact to within five minutes.
LAST_USE_PRECISION = datetime.timedelta(minutes=5)


def issue_token(user) -> Token:
    """``user``'s token: the one they have while it is valid, else a new one (an expired one is replaced)."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_is_expired(token):
            token.delete()
            token = None
        if token is None:
            # get_or_create: two logins at the same moment share one new token (the user's token is unique).
            token, _created = Token.objects.get_or_create(user=user)
    return token


def record_use(token: Token, now: datetime.datetime | None = None) -> None:
    """Note that ``token`` is being used now, unless that was already noted less than LAST_USE_PRECISION ago.

    ``token.use`` is read with the token (``select_related("use")``): a request that writes nothing costs
    no query here.
    """
    now = now or timezone.now()
    use = getattr(token, "use", None)  # None for a token made without its row (bulk_create, raw SQL)
    if use is None:
        TokenUse.objects.update_or_create(token=token, defaults={"last_used_at": now})
        return
    if use.last_used_at is not None and now - use.last_used_at < LAST_USE_PRECISION:
        return
    TokenUse.objects.filter(pk=use.pk).update(last_used_at=now)
    use.last_used_at = now


def user_tokens(user):
    """``user``'s own tokens (at most one with DRF's token model), for their account page and the API."""
    return TokenUse.objects.filter(token__user=user).select_related("token")


def revoke(token: Token) -> None:
    """Delete ``token`` (and its row): every request made with it is refused from now on."""
    token.delete()
