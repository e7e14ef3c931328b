"""Money, numbers and dates as Vietnamese documents write them (and as English readers expect)."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from dnqp.templatetags.dnqp_format import num, ty_dong, vnd


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1_234_567, "1.234.567 ₫"), (80_000_000, "80.000.000 ₫"), (0, "0 ₫"), (999, "999 ₫"), (-5_000, "-5.000 ₫")],
)
def test_vnd_in_vietnamese(value, expected):
    with translation.override("vi"):
        assert vnd(value) == expected


def test_vnd_in_english_groups_with_commas():
    with translation.override("en"):
        assert vnd(1_234_567) == "1,234,567 ₫"


def test_vnd_of_nothing_is_empty():
    assert vnd(None) == ""
    assert vnd("") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (560_500_000_000, "560,5 tỷ đồng"),
        (560_000_000_000, "560 tỷ đồng"),
        (1_250_000_000, "1,3 tỷ đồng"),  # rounded half up to one decimal place
        (1_234_000_000_000, "1.234 tỷ đồng"),
        (103_500_500, "0,1 tỷ đồng"),
    ],
)
def test_ty_dong_in_vietnamese(value, expected):
    with translation.override("vi"):
        assert ty_dong(value) == expected


def test_ty_dong_in_english():
    with translation.override("en"):
        assert ty_dong(560_500_000_000) == "560.5 billion đồng"


def test_num_groups_thousands():
    with translation.override("vi"):
        assert num(8797) == "8.797"
        assert num(None) == ""


def test_filters_in_a_template_and_dates_dd_mm_yyyy():
    template = Template("{% load dnqp_format %}{{ amount|vnd }} · {{ amount|ty_dong }} · {{ day }}")
    with translation.override("vi"):
        text = template.render(Context({"amount": 560_500_000_000, "day": datetime.date(2022, 4, 13)}))
    assert text == "560.500.000.000 ₫ · 560,5 tỷ đồng · 13/04/2022"


def test_query_replace_keeps_other_parameters():
    request = RequestFactory().get("/agreements/", {"q": "Lộc Ninh", "kind": "twinning", "page": "3"})
    template = Template("{% load dnqp_format %}{% query_replace page=2 %}")
    assert template.render(Context({"request": request})) == "?q=L%E1%BB%99c+Ninh&amp;kind=twinning&amp;page=2"


def test_support_list_shows_money_and_dates_the_vietnamese_way(client, users, worked_example):
    client.force_login(users["analyst"])
    content = client.get(reverse("expenditure-list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "80.000.000 ₫" in content
    assert "23.500.500 ₫" in content
    assert "13/04/2022" in content
