"""The Vietnamese catalogue is complete: every message has a translation, none is fuzzy (a fuzzy or empty entry is
left out of the compiled catalogue, and the page shows the English source), and the placeholders match."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def entries():
    with CATALOGUE.open("rb") as f:
        return [m for m in read_po(f) if m.id]


def test_every_message_is_translated_and_none_is_fuzzy():
    missing = [m.id for m in entries() if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert missing == []


def test_translations_keep_their_placeholders():
    wrong = []
    for m in entries():
        source = m.id[0] if isinstance(m.id, tuple) else m.id
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = sorted(PLACEHOLDER.findall(source))
        wrong += [(source, s) for s in strings if sorted(PLACEHOLDER.findall(s)) != expected]
    assert wrong == []
