"""Each row of the dashboard's lists and tables links to its record's page or to the list behind it."""

import re

from django.urls import reverse
from django.utils import timezone

from dnqp.reports.dashboard import dashboard_data
from tests.pages_helpers import add_rows


def test_rows_link_to_their_pages(client, users, worked_example):
    add_rows(worked_example, 40)
    client.force_login(users["analyst"])
    html = client.get(reverse("dashboard")).content.decode()
    data = dashboard_data(user=users["analyst"], year=timezone.localdate().year)
    assert data["expiring"] and data["upcoming"] and data["overdue"]
    for a in data["expiring"]:
        url = reverse("agreement-detail", args=[a["id"]])
        assert f'<a href="{url}">' in html
    for e in data["upcoming"] + data["overdue"]:
        url = reverse(e["type"] + "-detail", args=[e["id"]])
        assert f'<a href="{url}">' in html
    m = re.search(r'href="(None)?"', html)
    assert not m, html[m.start() - 100 : m.end() + 200]


def test_tables_beside_the_charts_link_to_the_lists_behind(client, users, worked_example):
    client.force_login(users["analyst"])
    html = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    bp = worked_example["bp"].pk
    for category in ("gifts", "materials"):
        url = f"{reverse('expenditure-list')}?year=2022&amp;category={category}&amp;command={bp}"
        assert f'<a href="{url}">' in html
    # Partner units are counted per country: the bar and its row open the partner units, not their agreements.
    partners = f"{reverse('partner-unit-list')}?agreement_in_force_year=2022&amp;agreement_command={bp}&amp;country=KH"
    assert f'<a href="{partners}">' in html
    assert 'href="None"' not in html
