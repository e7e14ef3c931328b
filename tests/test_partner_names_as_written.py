"""A partner unit's name in Khmer or Lao script and its other spellings show beside its Vietnamese name, on the
partner list and the profile; the list's search finds the unit by them."""

import pytest

from tests import factories as f


@pytest.fixture
def svay_rieng(db):
    unit = f.partner("KH-SVR", "Tiểu khu Quân sự Svay Rieng")
    unit.name_original = "អនុតំបន់ប្រតិបត្តិការសឹករងខេត្តស្វាយរៀង"
    unit.aliases = ["Svayrieng"]
    unit.save()
    return unit


@pytest.fixture
def reader(client, users):
    client.force_login(users["analyst"])
    return client


def test_the_list_shows_the_original_name_and_the_other_spellings(reader, svay_rieng):
    html = reader.get("/partners/").content.decode()
    assert svay_rieng.name_original in html and 'lang="km"' in html
    assert "còn viết là Svayrieng" in html


def test_the_profile_shows_them_too(reader, svay_rieng):
    html = reader.get(f"/partners/{svay_rieng.pk}/").content.decode()
    assert svay_rieng.name_original in html
    assert "Cách viết khác" in html and "Svayrieng" in html


@pytest.mark.parametrize("query", ["svayrieng", "ស្វាយរៀង"])
def test_the_list_finds_the_unit_by_them(reader, svay_rieng, query):
    assert [unit.code for unit in reader.get("/partners/", {"q": query}).context["object_list"]] == ["KH-SVR"]


def test_anonymous_users_see_nothing(client, svay_rieng):
    assert client.get("/partners/").status_code == 302
