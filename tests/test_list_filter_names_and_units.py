"""A list refuses, with a message, a filter it does not have and a unit that is not there or not in scope.

Either used to be dropped silently: ``/agreements/?year=2022`` showed every agreement, and
``?command=`` of another province showed none under a select that read "all commands in my scope".
"""

import pytest
from django.urls import reverse

from dnqp.models import ExportLog

LISTS = ["agreement-list", "delegation-list", "activity-list", "expenditure-list"]


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def refused(response):
    assert response.status_code == 400  # the page, with the message at the filter

    assert response.context["form_valid"] is False
    assert list(response.context["object_list"]) == []
    return response.content.decode()


@pytest.mark.parametrize("name", LISTS + ["command-list", "partner-unit-list"])
def test_a_misspelt_filter_is_named_with_the_filters_of_the_list(analyst_client, worked_example, name):
    content = refused(analyst_client.get(reverse(name), {"nam": "2022"}))
    assert "Danh sách này không có ô lọc tên “nam”" in content
    assert "q, " in content  # the filters it does have


def test_another_lists_filter_is_not_ignored(analyst_client, worked_example):
    content = refused(analyst_client.get(reverse("agreement-list"), {"year": "2022"}))
    assert "signed_year" in content and "in_force_year" in content


@pytest.mark.parametrize("name", LISTS)
def test_a_command_of_another_scope_is_a_form_error(client, users, worked_example, name):
    client.force_login(users["other_analyst"])  # Tây Ninh: Bình Phước is not theirs
    content = refused(client.get(reverse(name), {"command": worked_example["bp"].pk}))
    assert "Không có đơn vị ta mang số này trong phạm vi của đồng chí" in content
    client.force_login(users["analyst"])  # Bình Phước's own analyst gets the rows
    response = client.get(reverse(name), {"command": worked_example["bp"].pk})
    assert response.context["form_valid"] is True and list(response.context["object_list"])


@pytest.mark.parametrize("name", LISTS)
def test_a_partner_unit_that_does_not_exist_is_a_form_error(analyst_client, worked_example, name):
    content = refused(analyst_client.get(reverse(name), {"partner_unit": 999_999}))
    assert "Không có đơn vị bạn mang số này" in content


def test_the_list_of_commands_may_be_narrowed_to_any_command(analyst_client, users, worked_example):
    """Commands are reference data: only a command that does not exist is refused there."""
    tn = users["other_analyst"].profile.command
    response = analyst_client.get(reverse("command-list"), {"command": tn.pk})
    assert [c.pk for c in response.context["object_list"]] == [tn.pk]
    refused(analyst_client.get(reverse("command-list"), {"command": 999_999}))


def test_the_export_refuses_the_same_filters_and_logs_nothing(client, users, worked_example):
    client.force_login(users["other_analyst"])
    for params in ({"format": "csv", "command": worked_example["bp"].pk}, {"format": "xlsx", "yera": "2022"}):
        response = client.get(reverse("delegation-list"), params)
        assert response.status_code == 400
        assert "__all__" not in response.content.decode()
    assert not ExportLog.objects.exists()


def test_every_link_of_the_dashboard_and_profiles_is_a_valid_filter(analyst_client, worked_example):
    import re

    pages = [reverse("dashboard"), reverse("command-detail", args=[worked_example["bp"].pk])]
    pages.append(reverse("partner-unit-detail", args=[worked_example["krt"].pk]))
    pages.append(reverse("border-meetings-report") + "?year=2022")
    lists = tuple(reverse(name) for name in LISTS + ["command-list", "partner-unit-list"])
    links = set()
    for page in pages:
        for href in re.findall(r'href="([^"]+)"', analyst_client.get(page).content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith(lists) and "?" in href:
                links.add(href)
    assert links
    for href in links:
        assert analyst_client.get(href).context["form_valid"] is True, href
