"""Cross-app records: who belongs to which command, attached documents, the export log and API tokens' use."""

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from simple_history.models import HistoricalRecords

from dnqp.core.cache import STAMP_TABLE as FIGURES_STAMP_TABLE
from partnerships.models import Command


class Role(models.TextChoices):
    """The four roles (docs/SECURITY.md "Roles"); each is a Django group of the same label (created by a migration)."""

    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Data-entry staff")
    COMMANDER = "commander", _("Commander")
    ANALYST = "analyst", _("Analyst")


# Group names as the users see them in the admin; the role code is what the code and the CLI use.
ROLE_GROUPS = {
    Role.ADMIN: "Quản trị",
    Role.STAFF: "Cán bộ nhập liệu",
    Role.COMMANDER: "Chỉ huy",
    Role.ANALYST: "Chuyên viên tổng hợp",
}


class Profile(models.Model):
    """The command a user belongs to: the scope of everything they see and change."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    command = models.ForeignKey(
        Command, verbose_name=_("command"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Empty: Vietnamese, whatever the browser asks for; "en" only when the user picks English in the header.
    language = models.CharField(
        _("interface language"), max_length=8, blank=True, choices=[("vi", _("Vietnamese")), ("en", _("English"))]
    )
    # The secret part of the user's private calendar address (iCalendar feed); null until one is made, and
    # made anew (the old address stops working) when the user revokes it.
    calendar_token = models.CharField(_("calendar address key"), max_length=64, null=True, blank=True, unique=True)

    history = HistoricalRecords(excluded_fields=["calendar_token"])  # a secret does not belong in the history

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return f"{self.user} – {self.command or _('no command')}"

    def get_absolute_url(self):
        return reverse("admin:auth_user_change", args=[self.user_id])


def attachment_path(instance, filename):
    return f"attachments/{instance.content_type.app_label}/{instance.content_type.model}/{uuid.uuid4().hex}"


class AttachmentKind(models.TextChoices):
    SIGNED_TEXT = "signed_text", _("Signed document (scan)")
    MINUTES = "minutes", _("Handover minutes")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


class Attachment(models.Model):
    """A document attached to a record: signed text, handover minutes, photos."""

    Kind = AttachmentKind

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=attachment_path)
    filename = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="%(app_label)s_%(class)s_not_empty"),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("attachment-download", args=[self.pk])


class ExportLog(models.Model):
    """One export: who downloaded what, with which filter, how many rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("user"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    what = models.CharField(_("export"), max_length=100)
    file_format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self):
        # In the local time zone (Asia/Ho_Chi_Minh), as the record's own fields show it.
        return f"{timezone.localtime(self.created_at):%d/%m/%Y %H:%M} {self.user} {self.what}.{self.file_format}"

    def get_absolute_url(self):
        return reverse("admin:dnqp_exportlog_change", args=[self.pk])


# --- API tokens ------------------------------------------------------------------------------------------
# The token is Django REST framework's ``authtoken.Token`` (one per user, its key the secret). Its lifetime is
# not stored: it expires ``DNQP_API_TOKEN_DAYS`` days after it was issued (``Token.created``), so a change of
# the setting applies to every token at once. Issuing, checking and revoking: dnqp/access/tokens.py.


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.DNQP_API_TOKEN_DAYS)


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + token_lifetime()


def token_is_expired(token: Token, now: datetime.datetime | None = None) -> bool:
    return token_expires_at(token) <= (now or timezone.now())


class TokenUseQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(token__created__lte=(now or timezone.now()) - token_lifetime())

    def valid(self, now=None):
        return self.filter(token__created__gt=(now or timezone.now()) - token_lifetime())


class TokenUse(models.Model):
    """An API token as its owner and the administrator see it: when it was issued, expires, was last used.

    One row per ``Token``, made when the token is (:func:`add_token_use`) and deleted with it. The row's id
    names the token on pages and in the admin, where its key (the secret) is never shown. ``last_used_at`` is
    written at most once per token every few minutes (dnqp/access/tokens.py, ``LAST_USE_PRECISION``).
    """

    token = models.OneToOneField(Token, on_delete=models.CASCADE, related_name="use", verbose_name=_("token"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = TokenUseQuerySet.as_manager()

    class Meta:
        ordering = ["token__user__username"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return _("API token of %(user)s, issued %(created)s") % {
            "user": self.token.user,
            "created": f"{timezone.localtime(self.token.created):%d/%m/%Y %H:%M}",
        }

    def get_absolute_url(self):
        return reverse("admin:dnqp_tokenuse_change", args=[self.pk])

    @property
    def created(self) -> datetime.datetime:
        return self.token.created

    @property
    def expires_at(self) -> datetime.datetime:
        return token_expires_at(self.token)

    @property
    def is_expired(self) -> bool:
        return token_is_expired(self.token)


@receiver(post_save, sender=Token, dispatch_uid="dnqp.models.add_token_use")
def add_token_use(sender, instance, created, raw=False, **kwargs):
    """Every new token gets its row (not while ``loaddata`` restores a backup: the backup holds the rows)."""
    if created and not raw:
        TokenUse.objects.get_or_create(token=instance)


class FiguresStamp(models.Model):
    """The writes made while the shared cache was down (one row, id 1; ``dnqp.core.cache``).

    A write that cannot move the figures cache's generation on (the cache unreachable) gives this row a new
    random ``value``; cached figures carry the value they were computed under, so none from before that write
    is served when the cache returns. Not data: left out of backups, empty in a new database.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    value = models.BigIntegerField(_("stamp"))
    recorded_at = models.DateTimeField(_("last write while the cache was down"))

    class Meta:
        db_table = FIGURES_STAMP_TABLE
        verbose_name = _("figures cache stamp")
        verbose_name_plural = _("figures cache stamps")

    def __str__(self):
        return f"{self.value} ({self.recorded_at:%Y-%m-%d %H:%M:%S})"
