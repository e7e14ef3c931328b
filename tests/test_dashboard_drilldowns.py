"""Every number on the dashboard that is a link opens a list of exactly the records it counts.

On the demo data, as its users see it: the dashboard is rendered, every link whose text is a number (the cards,
the tables beside the charts) and every chart point a click opens (the chart data the page's script reads) is
followed, and the list it opens must hold that many records (the count the list page shows) or, for an amount or
a number of persons, add up to it (the list's own CSV download, which holds exactly the rows the page shows).
Users of a region and of a province, several years; a province user asking for another command's figures is
refused. Last, the demo's border pairs: none across a border the two units do not share.
"""

import csv
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from dnqp.data import demo
from dnqp.reports import border_meetings_report
from dnqp.spreadsheets import columns
from partnerships.models import Command

pytestmark = pytest.mark.slow

PASSWORD = "Mật-khẩu-demo-2026"
YEARS = (2019, 2025, 2026)  # before, in and after the 2025 mergers; 2026 has planned events
NUMBER = re.compile(r"^[\d.\s/₫]*\d[\d.\s/₫]*$")  # "39", "1.234", "103.500.500 ₫", "3 / 4"
AMOUNT = columns.EXPENDITURE_COLUMNS[[c.path for c in columns.EXPENDITURE_COLUMNS].index("amount_vnd")].header
MEMBERS = columns.DELEGATION_COLUMNS[[c.path for c in columns.DELEGATION_COLUMNS].index("member_count")].header


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo with its users, loaded once for the module in a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo.load_demo(password=PASSWORD)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo_loaded, db):
    return demo_loaded


def as_user(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def integer(text: str) -> int:
    return int(re.sub(r"\D", "", text))


class Links(HTMLParser):
    """Every ``<a>`` of a page: its href, its whole text and the text of its ``card-value`` (a card's number)."""

    def __init__(self):
        super().__init__()
        self.links = []
        self._open = []  # the links being read (a card's spans are inside its link)
        self._card_value = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open.append({"href": attrs.get("href"), "text": "", "card_value": None, "label": ""})
        elif tag == "span" and self._open:
            classes = (attrs.get("class") or "").split()
            self._card_value = "card-value" in classes
            if self._card_value:
                self._open[-1]["card_value"] = ""

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.links.append(self._open.pop())
        elif tag == "span":
            self._card_value = False

    def handle_data(self, data):
        if self._open:
            self._open[-1]["text"] += data
            if self._card_value:
                self._open[-1]["card_value"] += data


def number_links(html) -> list[dict]:
    """The links whose text, or whose card's number, is a number."""
    parser = Links()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    found = []
    for link in parser.links:
        value = (link["card_value"] if link["card_value"] is not None else link["text"]).strip()
        if NUMBER.match(value):
            found.append({**link, "value": value})
    return found


def other_numbers(link: dict, persons) -> list[str]:
    """The numbers of a link's text besides its figure and its persons: not years ("ký trong năm 2022"; a count
    of 1,000 or more is written 1.000) nor the amount again in tỷ đồng."""
    text = link["text"].replace(link["value"], " ", 1)
    if persons:
        text = text.replace(persons.group(0), " ", 1)
    text = re.sub(r"[\d.,]+ tỷ đồng", " ", text)
    return [n for n in re.findall(r"\d[\d.]*", text) if not re.fullmatch(r"(19|20)\d\d", n)]


def chart_data(html: str) -> dict:
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


class Lists:
    """Opens the lists behind the figures (each URL once per user) and reads what they show."""

    def __init__(self, client):
        self.client = client
        self.pages = {}
        self.files = {}

    def page(self, url: str) -> str:
        if url not in self.pages:
            response = self.client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert 'class="form-errors"' not in html, f"{url}: the list refuses its own filters"
            self.pages[url] = html
        return self.pages[url]

    def count(self, url: str) -> int:
        """The number of records the list page says it holds (none shown: zero)."""
        match = re.search(r'<p class="result-count">\s*([\d.]+)', self.page(url))
        if match is None:
            assert "result-count" not in self.page(url)
            return 0
        return integer(match.group(1))

    def rows(self, url: str) -> list[dict]:
        """The rows of the list's CSV download: the rows of the page, all pages."""
        if url not in self.files:
            response = self.client.get(url + ("&" if "?" in url else "?") + "format=csv")
            assert response.status_code == 200, url
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            self.files[url] = list(csv.DictReader(io.StringIO(text)))
        return self.files[url]

    def total(self, url: str, header: str) -> int:
        return sum(int(row[header] or 0) for row in self.rows(url))


def path_of(url: str) -> str:
    return urlsplit(url).path


def check_figure(lists: Lists, url: str, value: int, what: str, label: str, on_page: bool = True) -> None:
    """``value`` is what the dashboard shows for ``url``: records, đồng (support) or persons (delegations).

    Records are counted as the list page says (``on_page``) or, for the chart points (dozens per dashboard,
    and a list page takes a while to render), as the rows of the list's download, which are the page's rows.
    """
    if what == "vnd":
        assert path_of(url) == reverse("expenditure-list"), (label, url)
        assert lists.total(url, AMOUNT) == value, (label, url)
    elif what == "persons":
        assert path_of(url) == reverse("delegation-list"), (label, url)
        assert lists.total(url, MEMBERS) == value, (label, url)
    else:
        assert path_of(url) != reverse("expenditure-list"), (label, url)  # support is shown as amounts
        listed = lists.count(url) if on_page else len(lists.rows(url))
        assert listed == value, (label, url, listed, value)


def check_dashboard(lists: Lists, params: dict) -> int:
    """Open the dashboard with ``params`` and follow every number that is a link; returns how many were checked."""
    response = lists.client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    html = response.content.decode()
    checked = 0
    links = number_links(html)
    assert links, "the dashboard shows no figure"
    for link in links:
        url = link["href"].replace("&amp;", "&")
        path = path_of(url)
        what = "vnd" if "₫" in link["value"] or path == reverse("expenditure-list") else "records"
        check_figure(lists, url, integer(link["value"]), what, link["text"])
        checked += 1
        persons = re.search(r"([\d.]+) (lượt người|persons)", link["text"])
        if persons:  # the delegation cards: the delegations and their members
            check_figure(lists, url, integer(persons.group(1)), "persons", link["text"])
            checked += 1
        # No other number inside the link: it would promise records the list does not hold.
        assert other_numbers(link, persons) == [], link["text"]

    data = chart_data(html)
    chart_links = data["links"]
    for i, month in enumerate(chart_links["months"]):
        for direction in ("inbound", "outbound"):
            figure = data["per_month"][direction][i]
            check_figure(lists, month[direction], figure, "records", f"month {i + 1}", on_page=False)
            checked += 1
    for category, url in zip(data["categories"], chart_links["categories"], strict=True):
        check_figure(lists, url, category["vnd"], "vnd", category["label"])
        checked += 1
    for country, url in zip(data["countries"], chart_links["countries"], strict=True):
        check_figure(lists, url, country["n"], "records", country["label"], on_page=False)
        checked += 1
    for i, year_links in enumerate(chart_links["trend"]):
        year = data["trend"]["years"][i]
        figure = data["trend"]["delegations"][i]
        check_figure(lists, year_links["delegations"], figure, "records", f"trend {year}", on_page=False)
        check_figure(lists, year_links["support"], data["trend"]["expenditure_vnd"][i], "vnd", f"trend {year}")
        checked += 2
    return checked


@pytest.mark.parametrize("username", ["tonghop_qk7", "nhaplieu_longan", "quantri"])
def test_every_number_opens_exactly_its_records(client, loaded, username):
    """A region's analyst, a province's data-entry officer and an administrator (everything), several years."""
    lists = Lists(as_user(client, username))  # one user: a list opened for one year is not opened again
    for year in YEARS:
        assert check_dashboard(lists, {"year": year}) > 40


def test_the_figures_of_a_chosen_scope_open_that_scopes_records(client, loaded):
    """The region's analyst looking at one province (Tây Ninh, which took over Long An) and one district."""
    lists = Lists(as_user(client, "tonghop_qk7"))
    for code, year in (("TAYNINH", 2025), ("LONGAN", 2022), ("LONGAN-VINHHUNG", 2022)):
        assert check_dashboard(lists, {"year": year, "command": Command.objects.get(code=code).pk}) > 40


def test_partner_units_card_opens_the_partner_units_it_counts(client, loaded):
    """The card counts partner units, not agreements: it opens the list of partner units."""
    as_user(client, "tonghop_qk7")
    response = client.get(reverse("dashboard"), {"year": 2022})
    cards = {link["href"].replace("&amp;", "&"): integer(link["value"]) for link in number_links(response.content)}
    card = response.context["links"]["partners_total"]
    assert path_of(card) == reverse("partner-unit-list")
    listed = client.get(card).context["paginator"].count
    assert listed == cards[card]
    in_force = response.context["links"]["agreements_in_force"]
    assert client.get(in_force).context["paginator"].count == cards[in_force] > listed  # 54 agreements, 39 units


def test_a_province_user_is_refused_another_commands_figures(client, loaded):
    """Long An's data-entry officer may not open Tây Ninh's dashboard (404, like any record of another scope),
    and the region analyst's drill-down links for Tây Ninh show them nothing but a refusal."""
    tay_ninh = Command.objects.get(code="TAYNINH").pk
    as_user(client, "tonghop_qk7")
    html = client.get(reverse("dashboard"), {"year": 2025, "command": tay_ninh}).content.decode()
    region_links = [link["href"].replace("&amp;", "&") for link in number_links(html)]
    assert region_links

    as_user(client, "nhaplieu_longan")
    assert client.get(reverse("dashboard"), {"year": 2025, "command": tay_ninh}).status_code == 404
    for url in region_links:
        query = parse_qs(urlsplit(url).query)
        assert [str(tay_ninh)] in (query.get("command"), query.get("agreement_command")), url
        page = client.get(url).content.decode()
        assert "Không có đơn vị ta mang số này trong phạm vi" in unescape(page), url  # the field's error
        assert 'class="form-errors"' in page and "result-count" not in page, url


def test_a_user_without_a_command_sees_no_figure(client, loaded):
    client.force_login(User.objects.create_user("khongquyen", password=PASSWORD))
    response = client.get(reverse("dashboard"), {"year": 2025})
    assert response.status_code == 200 and response.context["no_scope"] is True
    assert number_links(response.content.decode()) == []


def test_the_demo_owes_no_border_meeting_across_no_shared_border(client, loaded):
    """The demo's Đồng Nai (Cambodia's neighbour since it took over Bình Phước) owes Champasak, in Laos, no
    meeting; its twinning with Kratie does. The dashboard's list of pairs behind holds no Lao pair."""
    assert set(Command.objects.filter(is_border=True).values_list("border_countries", flat=True)) == {"KH"}
    assert not Command.objects.get(code="BRVT").is_border
    admin = User.objects.get(username="quantri")
    dong_nai = Command.objects.get(code="DONGNAI").pk
    for year in (2023, 2024, 2026):
        pairs = {
            row["partner_unit_code"] for row in border_meetings_report(user=admin, year=year, command=dong_nai)["rows"]
        }
        assert "LA-CPS" not in pairs, year
    assert "KH-KRT" in {row["partner_unit_code"] for row in border_meetings_report(user=admin, year=2026)["rows"]}
    as_user(client, "tonghop_qk7")
    for year in (2023, 2024):
        behind = client.get(reverse("dashboard"), {"year": year}).context["behind"]
        assert behind and not [row for row in behind if row["partner_unit_code"].startswith("LA-")], year
