"""The API's token authentication: DRF's tokens, refused once past their lifetime, their last use noted."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from dnqp.access import accounts, tokens
from dnqp.models import token_expires_at, token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, as DRF's, for ``DNQP_API_TOKEN_DAYS`` days after the token was issued.

    An expired token is a 401 saying since when and how to get a new one; it stays in the database (its owner
    and the administrator see it as expired) until the next token login replaces it or someone deletes it.
    The token, its user (with its profile: its interface language) and its last use are read in one query, as
    DRF reads the token and its user.
    """

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user__profile", "use").get(key=key)
        except Token.DoesNotExist:
            raise AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        # From here on (an expired token's refusal included) the answer is in the token user's language, as a
        # page is in its session user's (dnqp/web/language.py).
        translation.activate(accounts.interface_language(token.user))
        if token_is_expired(token):
            expired = timezone.localtime(token_expires_at(token))
            raise AuthenticationFailed(
                _(
                    "This API token expired on %(date)s and can no longer be used. Get a new one with "
                    "POST /api/v1/auth/token/ (username and password)."
                )
                % {"date": f"{expired:%d/%m/%Y %H:%M}"}
            )
        tokens.record_use(token)
        return token.user, token
