"""Every page a user reaches reads in Vietnamese: no message is left in its English source.

The demo's users of each role walk the application as a staff officer would, from the dashboard and the admin's
index, following every link on every page (two pages of each kind: a list, a record, an admin form …), with a
browser that asks for English. Every piece of text a page shows (and the labels a screen reader reads:
``title``, ``aria-label``, ``placeholder``, ``alt``) is checked against every message the application and its
libraries can show: one still in English is a defect, whether the project's catalogue or a library's lacks it.
Then the catalogues themselves: every message of the libraries whose own Vietnamese catalogue lacks it has a
translation in the project's (``locale/libraries``), except the few no page can show.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import translation

from dnqp.data import demo

pytestmark = pytest.mark.slow

PASSWORD = "Mật-khẩu-demo-2026"
SITE_PACKAGES = Path(django.__file__).parent.parent
OURS = [Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"] + sorted(
    (Path(settings.BASE_DIR) / "locale" / "libraries" / "vi" / "LC_MESSAGES").glob("*.po")
)
# (the library's source catalogue, its Vietnamese one); a library without a Vietnamese catalogue has None.
LIBRARIES = [
    (f"django/contrib/{app}/locale/{{}}/LC_MESSAGES/{domain}.po", "en")
    for app, domain in [("admin", "django"), ("admin", "djangojs"), ("auth", "django"), ("contenttypes", "django")]
] + [
    ("django/conf/locale/{}/LC_MESSAGES/django.po", "en"),
    ("django_countries/locale/{}/LC_MESSAGES/django.po", "en"),
    ("import_export/locale/{}/LC_MESSAGES/django.po", "de"),
    ("simple_history/locale/{}/LC_MESSAGES/django.po", "de"),
    ("axes/locale/{}/LC_MESSAGES/django.po", "de"),
    ("rest_framework/locale/{}/LC_MESSAGES/django.mo", "en"),
]
# Never on a page of this application: the names of languages it does not offer, Django's start page.
NOT_SHOWN = {m for m in (info.get("name") for info in LANG_INFO.values()) if m} | {
    "The install worked successfully! Congratulations!",
    "Django Documentation",
    "Topics, references, &amp; how-to’s",
    "Tutorial: A Polling App",
    "Get started with Django",
    "Django Community",
    "Connect, get help, or contribute",
    "Norwegian Bokmål",
    'View <a href="https://docs.djangoproject.com/en/%(version)s/releases/" target="_blank" rel="noopener">release '
    "notes</a> for Django %(version)s",
    'You are seeing this page because <a href="https://docs.djangoproject.com/en/%(version)s/ref/settings/#debug" '
    'target="_blank" rel="noopener">DEBUG=True</a> is in your settings file and you have not configured any URLs.',
}


def read_catalogue(path):
    with path.open("rb") as f:
        return read_mo(f) if path.suffix == ".mo" else read_po(f)


def translated(catalogue, message):
    found = catalogue.get(message.id, context=message.context) if catalogue is not None else None
    strings = found.string if found is not None and isinstance(found.string, tuple) else (found and (found.string,))
    return bool(strings) and all(strings)


def library_catalogues():
    for pattern, source in LIBRARIES:
        vietnamese = SITE_PACKAGES / pattern.format("vi")
        yield (
            read_catalogue(SITE_PACKAGES / pattern.format(source)),
            (read_catalogue(vietnamese) if vietnamese.exists() else None),
        )


def first(message_id):
    return message_id[0] if isinstance(message_id, tuple) else message_id


def english_messages():
    """Every message a page could show, as it reads in English: those whose Vietnamese reads otherwise."""
    messages = [m for path in OURS if path.stem == "django" for m in read_catalogue(path)]
    messages += [m for source, _ in library_catalogues() for m in source]
    english = set()
    with translation.override("vi"):
        for m in messages:
            if not m.id or first(m.id) in NOT_SHOWN:
                continue
            if isinstance(m.id, tuple):
                vietnamese = (
                    translation.npgettext(m.context, *m.id[:2], 1) if m.context else translation.ngettext(*m.id[:2], 1)
                )
            else:
                vietnamese = translation.pgettext(m.context, m.id) if m.context else translation.gettext(m.id)
            if vietnamese != first(m.id):
                english.add(first(m.id).strip().lower())
    return english


class PageText(HTMLParser):
    LABELS = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.texts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.texts += [attrs[name] for name in self.LABELS if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


# Links not to follow: leaving, downloads, deleting (its confirmation page is visited, not confirmed), the API.
NOT_FOLLOWED = re.compile(r"logout|[?&]format=|/export|\.ics|/attachments/|/static/|/media/|/i18n/|/api/|/history/\d")


def walk(client, start, limit=240):
    """Pages reached from ``start``: {url: [texts]}; two pages of each kind (path with its numbers as N)."""
    seen, kinds, pages, queue = set(), Counter(), {}, list(start)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        kind = re.sub(r"\d+", "N", url.split("?")[0]) + ("?" if "?" in url else "")
        if url in seen or kinds[kind] >= 2:
            continue
        seen.add(url)
        kinds[kind] += 1
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:
            queue.append(response["Location"])
            continue
        if "html" not in response["Content-Type"]:
            continue
        parser = PageText()
        parser.feed(response.content.decode())
        pages[url] = parser.texts
        queue += [href.split("#")[0] for href in parser.links if href.startswith("/") and not NOT_FOLLOWED.search(href)]
    return pages


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo.load_demo(password=PASSWORD)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def english():
    return english_messages()


@pytest.mark.parametrize("username", ["quantri", "nhaplieu_brvt", "chihuy_qk7", "tonghop_qk7"])
def test_no_page_shows_a_message_in_english(demo_loaded, db, client, english, username):
    client.force_login(User.objects.get(username=username))
    pages = walk(client, ["/", "/admin/"])
    assert len(pages) > 25  # the walk did reach the application's pages
    left_in_english = sorted(
        {(text, url) for url, texts in pages.items() for text in texts if text.strip(" :…").lower() in english}
    )
    assert left_in_english == []


def test_the_walk_would_see_a_message_left_in_english(english):
    """The check can fail: a page that shows an untranslated admin label is caught."""
    parser = PageText()
    parser.feed('<nav aria-label="Breadcrumbs"></nav><p>Select all objects on this page for an action</p>')
    assert [t for t in parser.texts if t.lower() in english] == parser.texts


def test_every_library_message_has_vietnamese():
    ours = [read_catalogue(path) for path in OURS]
    lacking = sorted(
        first(m.id)
        for source, vietnamese in library_catalogues()
        for m in source
        if m.id
        and first(m.id) not in NOT_SHOWN
        and not translated(vietnamese, m)
        and not any(translated(catalogue, m) for catalogue in ours)
    )
    assert lacking == []


def test_the_library_catalogue_is_loaded_after_the_projects():
    assert [Path(p) for p in settings.LOCALE_PATHS] == [OURS[0].parents[2], OURS[1].parents[2]]
