"""``manage.py send_reminders``: the daily e-mail digest of reminders (docs/OPERATIONS.md, "Reminders by e-mail").

Every active user with a scope and an e-mail address gets one mail listing the reminders of their own scope
(:mod:`dnqp.reports.reminders`), in their language, with links to the records to fix; nobody gets a mail when
nothing falls due. Users whose scope has reminders but who have no e-mail address are skipped and named in
the output. The reminders are computed once per scope and language (users of the same command who read the
same language share them).
"""

from __future__ import annotations

import datetime
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dnqp.access import scoping
from dnqp.reports import reminders
from dnqp.web.reminders import sections


def load_users(usernames: list[str] | None) -> list:
    """The active users (or those named), each with their roles, command id and name, and language: one query."""
    queryset = get_user_model()._default_manager.filter(is_active=True)
    if usernames:
        queryset = queryset.filter(username__in=usernames)
    rows = queryset.annotate(
        dnqp_group=models.F("groups__name"),
        dnqp_command_id=models.F("profile__command_id"),
        dnqp_command_name=models.F("profile__command__name"),
        dnqp_language=models.F("profile__language"),
    ).order_by("username", "pk")
    users: dict[int, object] = {}
    groups: dict[int, list] = {}
    for row in rows:
        users.setdefault(row.pk, row)
        groups.setdefault(row.pk, []).append(row.dnqp_group)
    for pk, user in users.items():
        user._dnqp_roles = scoping.role_codes(groups[pk])
        user._dnqp_command_id = user.dnqp_command_id
        user._dnqp_language = user.dnqp_language or ""
    return list(users.values())


def language_of(user) -> str:
    picked = getattr(user, "_dnqp_language", "")
    return picked if picked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return f"{settings.DNQP_SITE_URL}{path}"


def build_message(user, data: dict, today: datetime.date, connection) -> mail.EmailMessage:
    """``user``'s digest of ``data`` (the reminders of their scope), in their language."""
    data = reminders.for_user(data, user)
    with translation.override(language_of(user)):
        scope = _("All commands") if scoping.is_unlimited(user) else (user.dnqp_command_name or "")
        kinds = [
            {**s, "items": [{"item": item, "url": absolute(item.url)} for item in s["items"]]}
            for s in sections(data)
            if s["count"]
        ]
        count = reminders.total(data)
        context = {
            "name": user.get_full_name() or user.get_username(),
            "scope": scope,
            "today": today,
            "sections": kinds,
            "count": count,
            "reminders_url": absolute(reverse("reminders")),
            "account_url": absolute(reverse("account")),
        }
        subject = _("ĐNQP: %(count)s reminders for %(date)s") % {"count": count, "date": today.strftime("%d/%m/%Y")}
        body = render_to_string("email/reminders.txt", context)
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)


class Command(BaseCommand):
    help = (
        "Send each user the reminders of their scope by e-mail (one mail per user with reminders; none when "
        "nothing falls due). Users without an e-mail address are skipped and named. Run it once a day (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", action="append", dest="usernames", metavar="USERNAME", help="Only this user (repeatable)."
        )
        parser.add_argument("--date", help="Remind as of this day, YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Say who would get a mail; send nothing.")

    def handle(self, *args, usernames=None, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be a day written YYYY-MM-DD, got {date!r}.") from None
        users = load_users(usernames)
        if usernames:
            unknown = sorted(set(usernames) - {u.get_username() for u in users})
            if unknown:
                raise CommandError(f"No active user named {', '.join(unknown)}.")
        if not settings.DNQP_SITE_URL:
            self.stderr.write(
                "DNQP_SITE_URL is not set: the links in the mails are paths without the server's address."
            )

        # The reminders' own texts (titles, notes) are written in the active language: computed once per scope
        # and language.
        by_scope: dict[tuple, list] = {}
        no_scope = []
        for user in users:
            root = scoping.scope_root_id(user)
            if root is None:
                no_scope.append(user.get_username())
            else:
                by_scope.setdefault((root, language_of(user)), []).append(user)

        sent, nothing_due, skipped, failed = [], [], [], []
        connection = None if dry_run else mail.get_connection()
        try:
            for (_root, language), members in by_scope.items():
                with translation.override(language):
                    data = reminders.reminders(user=members[0], today=today)
                if not reminders.total(data):
                    nothing_due += [u.get_username() for u in members]
                    continue
                for user in members:
                    if not user.email:
                        skipped.append(user.get_username())
                        continue
                    if dry_run:
                        sent.append(user.get_username())
                        continue
                    message = build_message(user, data, today, connection)
                    try:
                        message.send()
                    except (smtplib.SMTPException, OSError) as exc:
                        failed.append(f"{user.get_username()} ({exc})")
                    else:
                        sent.append(user.get_username())
        finally:
            if connection is not None:
                connection.close()

        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {len(sent)} e-mail(s) of reminders as of {today:%d/%m/%Y}: {', '.join(sent) or '—'}."
        )
        self.stdout.write(f"Nothing due: {len(nothing_due)} user(s).")
        if skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"Skipped, no e-mail address (reminders not sent): {len(skipped)} user(s): {', '.join(skipped)}."
                )
            )
        if no_scope:
            self.stdout.write(f"No command and no administrator role (nothing to remind): {', '.join(no_scope)}.")
        if failed:
            raise CommandError(f"Sending failed for {len(failed)} user(s): {'; '.join(failed)}")
