"""Labels a staff officer reads: the yearly table's count columns, an agreement's period of validity."""

import datetime

from django.urls import reverse

from tests import factories as f


def test_yearly_table_counts_delegations_as_so_doan(client, users, worked_example):
    client.force_login(users["analyst"])
    for url in (reverse("yearly-report"), reverse("yearly-report-print")):
        html = client.get(url, {"year": 2022}).content.decode()
        assert html.count("số đoàn") == 2, url  # under "Đoàn vào" and under "Đoàn ra"
        assert "đoàn ra, đoàn vào" not in html, url


def test_a_terminated_agreement_shows_its_period_of_validity_not_in_force(client, users, worked_example):
    w = worked_example
    agreement = f.agreement(
        w["bp"], w["mdk"], "cooperation", datetime.date(2014, 8, 12), valid_until=datetime.date(2019, 8, 11)
    )
    client.force_login(users["analyst"])
    html = client.get(reverse("agreement-detail", args=[agreement.pk])).content.decode()
    assert "Thời hạn hiệu lực" in html
    assert "<dt>Đang có hiệu lực</dt>" not in html
