"""The user's own account page: who they are in DNQP (role, command), their API token, which they may revoke, and
their calendar address (dnqp/web/calendar_feed.py).

Only the user's own token is listed and revocable here: another user's token answers 404, for everyone
(administrators revoke other people's tokens in the admin, *API tokens*).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from dnqp.access import scoping, tokens
from dnqp.models import Role
from dnqp.web.calendar_feed import account_context as calendar_context


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "pages/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = scoping.roles(user)
        return super().get_context_data(
            **kwargs,
            title=_("Your account"),
            role_labels=[label for code, label in Role.choices if code in roles],
            command=scoping.user_command(user),
            tokens=list(tokens.user_tokens(user)),
            token_days=settings.DNQP_API_TOKEN_DAYS,
            last_use_minutes=int(tokens.LAST_USE_PRECISION.total_seconds() // 60),
            **calendar_context(self.request),
        )


class RevokeTokenView(LoginRequiredMixin, View):
    """``POST``: revoke one of the user's own tokens (by the id of its row, never by its key)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        use = get_object_or_404(tokens.user_tokens(request.user), pk=pk)
        tokens.revoke(use.token)
        messages.success(request, _("Your API token has been revoked: scripts that use it are refused from now on."))
        return redirect("account")
