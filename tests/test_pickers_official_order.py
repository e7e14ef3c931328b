"""The unit pickers list commands in their official order (``sort_order``, then code), as the reports and lists do:
the dashboard's and the yearly report's scope picker, the list pages' unit filter, the admin's command filter."""

import re

from django.urls import reverse

from partnerships.models import Command
from tests import factories as f


def option_codes(html: str, codes: set[str]) -> list[str]:
    """The codes among ``codes`` in the order their ``<option>`` appears in the page."""
    found = re.findall(r"<option[^>]*>\s*([A-Z0-9-]+)\s*[–-]", html)
    return [code for code in found if code in codes]


def test_pickers_follow_the_official_order(client, users, worked_example):
    qk7 = worked_example["qk7"]
    f.command("A-LAST", parent=qk7, sort_order=9)
    f.command("M-MID", parent=qk7, sort_order=5)
    f.command("Z-FIRST", parent=qk7, sort_order=1)
    expected = ["Z-FIRST", "M-MID", "A-LAST"]
    codes = set(expected)
    client.force_login(users["superuser"])
    for url in (reverse("dashboard"), reverse("yearly-report"), reverse("agreement-list")):
        html = client.get(url).content.decode()
        assert option_codes(html, codes) == expected, url
    admin = client.get(reverse("admin:partnerships_agreement_changelist")).content.decode()
    titles = re.findall(r"(A-LAST|M-MID|Z-FIRST) – ", admin)
    assert titles == expected


def test_a_user_sees_only_the_commands_of_their_scope_in_the_picker(client, users, worked_example):
    f.command("Z-FIRST", parent=worked_example["qk7"], sort_order=1)
    client.force_login(users["staff"])  # Bình Phước's staff: not the region's other provinces
    html = client.get(reverse("agreement-list")).content.decode()
    assert option_codes(html, {"Z-FIRST", "BP", "BP-LN"}) == ["BP", "BP-LN"]
    assert Command.objects.filter(code="Z-FIRST").exists()
