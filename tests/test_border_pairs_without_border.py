"""Border meetings are owed only across a shared border: a border command and a partner unit of a country the
command borders (``Command.border_countries``). A Đồng Nai-like cooperation with a Lao province owes nothing;
a pair across the border still does; a border command whose countries are not recorded keeps the rule as
written. The dashboard's list says it holds twinning and cooperation pairs and lists only those owing meetings."""

import datetime
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from dnqp.reports import border_meetings_report
from partnerships.models import Command
from tests import factories as f

D = datetime.date
HEADING = "Cặp kết nghĩa, hợp tác chậm giao ban biên giới"


@pytest.fixture
def dong_nai(worked_example, users):
    """Đồng Nai borders Cambodia (it took over Bình Phước's border), not Laos: a twinning with Kratie and a
    cooperation with Champasak, both in force in 2022, no meeting held. Tây Ninh's countries are not recorded."""
    w = worked_example
    dn = w["dn"]
    dn.is_border, dn.border_countries = True, "KH"
    dn.save()
    champasak = f.partner("LA-CPS", "Bộ Chỉ huy Quân sự tỉnh Chăm-pa-xắc", country="LA")
    f.agreement(dn, champasak, "cooperation", D(2021, 6, 15), title="Quy chế hợp tác Đồng Nai – Chăm-pa-xắc")
    f.agreement(dn, w["krt"], "twinning", D(2021, 8, 20))
    tn = Command.objects.get(code="TN")  # a border province of the users fixture
    f.agreement(tn, champasak, "cooperation", D(2021, 1, 10))
    return {**w, "champasak": champasak, "tn": tn}


def pairs(report):
    return {(row["command_code"], row["partner_unit_code"]): row for row in report["rows"]}


def test_a_pair_across_no_shared_border_owes_no_meetings(dong_nai, users):
    w = dong_nai
    report = pairs(border_meetings_report(user=users["superuser"], year=2022, command=w["dn"].pk))
    assert ("DN", "LA-CPS") not in report  # Đồng Nai borders Cambodia only
    assert report[("DN", "KH-KRT")]["due"] == ["2022-H1", "2022-H2"]  # across the border: owed as before


def test_a_border_command_without_recorded_countries_keeps_the_rule_as_written(dong_nai, users):
    report = pairs(border_meetings_report(user=users["superuser"], year=2022, command=dong_nai["tn"].pk))
    assert report[("TN", "LA-CPS")]["periods_due"] == 2


def test_the_dashboard_list_says_what_it_holds_and_lists_only_pairs_owing_meetings(client, dong_nai, users):
    w = dong_nai
    client.force_login(users["superuser"])
    response = client.get(reverse("dashboard"), {"year": 2022, "command": w["qk7"].pk})
    html = unescape(response.content.decode())
    assert f"<h2>{HEADING}</h2>" in html
    assert "Twinned pairs" not in html and "Cặp kết nghĩa chưa giao ban đủ" not in html
    behind = {(row["command_code"], row["partner_unit_code"]) for row in response.context["behind"]}
    assert ("DN", "KH-KRT") in behind and ("TN", "LA-CPS") in behind
    assert ("DN", "LA-CPS") not in behind
    assert "Chăm-pa-xắc" in html  # Tây Ninh's pair, whose countries are not recorded
    section = html[html.index(HEADING) :]
    section = section[: section.index("</section>")]
    assert section.count("Bộ CHQS tỉnh Đồng Nai") == 1  # Kratie only


def test_the_command_page_says_which_countries_it_borders(client, dong_nai, users):
    client.force_login(users["analyst"])
    html = client.get(reverse("command-detail", args=[dong_nai["dn"].pk])).content.decode()
    assert "giáp Campuchia" in html


def test_only_a_border_command_borders_a_country_and_only_a_known_value(dong_nai, users, api_client):
    client = api_client(users["admin"])
    hcm = f.command("HCM", "Bộ Tư lệnh Thành phố Hồ Chí Minh", parent=dong_nai["qk7"])
    response = client.patch(f"/api/v1/commands/{hcm.pk}/", {"border_countries": "KH"}, format="json")
    assert response.status_code == 400 and "border_countries" in response.json()
    response = client.patch(f"/api/v1/commands/{dong_nai['tn'].pk}/", {"border_countries": "TH"}, format="json")
    assert response.status_code == 400 and "border_countries" in response.json()
    response = client.patch(f"/api/v1/commands/{dong_nai['tn'].pk}/", {"border_countries": "KH,LA"}, format="json")
    assert response.status_code == 200 and response.json()["border_countries"] == "KH,LA"
    # An analyst may read commands but not write them.
    refused = api_client(users["analyst"]).patch(f"/api/v1/commands/{hcm.pk}/", {"border_countries": ""})
    assert refused.status_code == 403
    # The database holds both rules for writes that skip the forms.
    for values in ({"border_countries": "KH"}, {"is_border": True, "border_countries": "TH"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Command.objects.filter(pk=hcm.pk).update(**values)
