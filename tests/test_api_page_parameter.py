"""``page`` is validated like any other parameter: not a whole number from 1 up is a 400 on ``page``."""

import pytest


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_invalid_page_is_400_on_page(page, users, worked_example, api_client):
    response = api_client(users["analyst"]).get(f"/api/v1/agreements/?page={page}")

    assert response.status_code == 400
    assert list(response.json()) == ["page"]
    assert response.json()["page"]


@pytest.mark.parametrize(("page", "expected"), [("1", 200), ("2", 200), ("last", 200), ("3", 404)])
def test_existing_pages_and_the_last_one_are_served_a_page_after_it_is_404(
    page, expected, users, worked_example, api_client
):
    response = api_client(users["analyst"]).get(f"/api/v1/agreements/?page_size=2&page={page}")

    assert response.status_code == expected
