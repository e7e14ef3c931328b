"""A signing ceremony posted twice (a second click, the browser's Back and submit again) is recorded once: the
second post records nothing and shows the agreements of the first; a post refused for its errors can be
corrected and posted again; each new ceremony form is a new ceremony."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache

from partnerships.models import Agreement
from tests.test_admin_ceremony import URL, brvt_ceremony, ceremony_post  # noqa: F401 (the fixture)


def submission_of(client) -> str:
    html = client.get(URL).content.decode()
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


@pytest.fixture
def staff(client, brvt_ceremony):  # noqa: F811
    cache.clear()
    client.force_login(brvt_ceremony["staff"])
    yield brvt_ceremony
    cache.clear()


def pairs_of(w):
    return list(zip(w["districts"], w["sectors"], strict=False))


def test_posted_twice_recorded_once(client, staff):
    data = ceremony_post(pairs_of(staff), submission=submission_of(client))
    first = client.post(URL, data)
    assert first.status_code == 302
    assert Agreement.objects.count() == 5
    again = client.post(URL, data)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]  # the agreements the first post recorded
    assert Agreement.objects.count() == 5
    shown = [str(m) for m in get_messages(again.wsgi_request)]  # the first post's own, then the second's
    assert shown == [
        "Đã ghi 5 văn bản ký kết của buổi lễ.",
        "Biểu mẫu lễ ký kết này đã được gửi; không ghi thêm văn bản nào.",
    ]


def test_a_second_post_while_the_first_is_recording_records_nothing(client, staff):
    submission = submission_of(client)
    cache.add(f"dnqp:ceremony:{staff['staff'].pk}:{submission}", "pending")  # the first post is still running
    response = client.post(URL, ceremony_post(pairs_of(staff), submission=submission))
    assert response.status_code == 302
    assert response["Location"].endswith("/admin/partnerships/agreement/")
    assert not Agreement.objects.exists()


def test_refused_then_corrected_with_the_same_form(client, staff):
    submission = submission_of(client)
    refused = client.post(URL, ceremony_post(pairs_of(staff), submission=submission, title=""))
    assert refused.status_code == 200 and not Agreement.objects.exists()
    assert f'value="{submission}"' in refused.content.decode()  # the form keeps its submission
    corrected = client.post(URL, ceremony_post(pairs_of(staff), submission=submission))
    assert corrected.status_code == 302
    assert Agreement.objects.count() == 5


def test_rows_refused_by_the_service_release_the_form_too(client, staff):
    submission = submission_of(client)
    outside = [(staff["other"], staff["sectors"][0])]  # Long An: outside the staff's scope
    refused = client.post(URL, ceremony_post(outside, submission=submission))
    assert refused.status_code == 200 and not Agreement.objects.exists()
    assert client.post(URL, ceremony_post(pairs_of(staff), submission=submission)).status_code == 302
    assert Agreement.objects.count() == 5


def test_each_new_form_is_a_new_ceremony(client, staff):
    first, second = submission_of(client), submission_of(client)
    assert first != second
    assert client.post(URL, ceremony_post(pairs_of(staff)[:2], submission=first)).status_code == 302
    assert client.post(URL, ceremony_post(pairs_of(staff)[2:], submission=second)).status_code == 302
    assert Agreement.objects.count() == 5
