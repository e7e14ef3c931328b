"""The scope picker of the dashboard and the yearly summary leaves out the lowest levels of a wide scope
(a region's ~550 communes), offers a deeper scope once it is chosen, and never another scope's commands."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from dnqp.web.report_views import scope_choices
from tests import factories as f


@pytest.fixture
def tree(worked_example, users):
    w = worked_example
    commune = f.command("BP-LN-LT", "Ban CHQS xã Lộc Thạnh", level="commune", parent=w["bp_ln"])
    region_analyst = f.user("tonghop_qk7", "analyst", w["qk7"])
    return {**w, **users, "commune": commune, "region_analyst": region_analyst}


def codes(user, selected=None):
    return [code for _pk, code, _name in scope_choices(User.objects.get(pk=user.pk), selected)]


def test_a_region_is_offered_down_to_its_districts(tree):
    assert codes(tree["region_analyst"]) == ["BP", "BP-LN", "DN", "QK7", "TN"]
    # The commune, once chosen (from a profile page's link), is offered too.
    assert "BP-LN-LT" in codes(tree["region_analyst"], str(tree["commune"].pk))


def test_a_province_is_offered_everything_below_it(tree):
    assert codes(tree["analyst"]) == ["BP", "BP-LN", "BP-LN-LT"]


def test_an_administrator_is_offered_regions_and_provinces(tree):
    assert codes(tree["admin"]) == ["BP", "DN", "QK7", "TN"]
    assert "BP-LN" not in codes(tree["admin"])
    assert "BP-LN" in codes(tree["admin"], tree["bp_ln"].pk)


def test_another_scope_is_never_offered_even_when_asked_for(tree):
    assert codes(tree["other_analyst"], tree["bp"].pk) == ["TN"]
    assert codes(tree["nobody"]) == []


def test_the_dashboard_select_shows_the_offered_scopes(tree, client):
    client.force_login(tree["region_analyst"])
    html = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert f'<option value="{tree["bp_ln"].pk}">' in html
    assert f'value="{tree["commune"].pk}"' not in html
    html = client.get(reverse("dashboard"), {"year": 2022, "command": tree["commune"].pk}).content.decode()
    assert f'<option value="{tree["commune"].pk}" selected>' in html
