"""``manage.py add_user USERNAME --role ROLE --command CODE``: create or update a user of one role and command.

The password comes from the ``DNQP_PASSWORD`` environment variable, or from a prompt (typed twice) when
the command runs in a terminal. Running it again for an existing user updates that user's role, command,
password and superuser flag (the command line is the source of truth, so a script can run it repeatedly);
the e-mail address changes only when ``--email`` is given, and an inactive user stays inactive.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dnqp.access.accounts import set_user_role
from dnqp.models import Role
from partnerships.models import Command as MilitaryCommand

PASSWORD_ENV = "DNQP_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a user (or update an existing one) with one role and the command that is their scope. "
        f"Password from ${PASSWORD_ENV} or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values, help="The user's role.")
        parser.add_argument(
            "--command",
            dest="command_code",
            metavar="CODE",
            help="Code of the user's command (their scope), e.g. BRVT. Required except for administrators.",
        )
        parser.add_argument("--superuser", action="store_true", help="Also make the user a superuser.")
        parser.add_argument("--email", default=None, help="E-mail address.")

    def handle(self, *args, username, role, command_code, superuser, email, **options):
        command = None
        if command_code:
            command = MilitaryCommand.objects.filter(code=command_code).first()
            if command is None:
                raise CommandError(f"No command with code {command_code!r}. Check the code in the admin (Commands).")
        elif role != Role.ADMIN and not superuser:
            # A user without a command sees nothing (scoping fails closed): almost certainly a mistake.
            raise CommandError(f"--command CODE is required for the role {role!r}.")

        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        if email is not None:
            user.email = email
        password = self.read_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("Password refused: " + " ".join(exc.messages)) from None
        user.set_password(password)
        user.is_superuser = superuser
        set_user_role(user, role, command)
        action = "created" if created else "updated"
        where = f", command {command.code}" if command else ""
        self.stdout.write(self.style.SUCCESS(f"User {username!r} {action}: role {role}{where}."))

    def read_password(self) -> str:
        password = os.environ.get(PASSWORD_ENV)
        if password:
            return password
        if not sys.stdin or not sys.stdin.isatty():
            raise CommandError(f"No password: set ${PASSWORD_ENV} or run the command in a terminal to be prompted.")
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Password (again): ")
        if first != second:
            raise CommandError("The two passwords differ.")
        if not first:
            raise CommandError("The password cannot be empty.")
        return first
