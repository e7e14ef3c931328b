"""Agreements list newest first with drafts (not signed yet) at the top, on PostgreSQL and SQLite alike: in the
queryset, on a command's profile and in the API."""

import datetime

import pytest

from partnerships.models import Agreement
from tests import factories as f

D = datetime.date


@pytest.fixture
def agreements(db):
    la = f.command("LA", "Bộ CHQS tỉnh Long An")
    svr = f.partner("KH-SVR", "Tiểu khu Quân sự Svay Rieng")
    older = f.agreement(la, svr, "twinning", D(2016, 3, 10), title="Kết nghĩa 2016")
    draft = f.agreement(la, svr, "annual_plan", None, title="Kế hoạch 2027 (dự thảo)")
    newer = f.agreement(la, svr, "annual_plan", D(2025, 1, 15), title="Kế hoạch 2025")
    return {"command": la, "order": [draft, newer, older]}


def test_the_queryset_puts_drafts_first_then_the_newest(agreements):
    assert list(Agreement.objects.filter(command=agreements["command"])) == agreements["order"]


def test_the_profile_and_the_api_list_them_so(client, api_client, agreements):
    admin = f.user("quantri", "admin")
    client.force_login(admin)
    html = client.get(f"/commands/{agreements['command'].pk}/").content.decode()
    titles = [a.title for a in agreements["order"]]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)
    answer = api_client(admin).get("/api/v1/agreements/").json()
    assert [row["title"] for row in answer["results"]] == titles
