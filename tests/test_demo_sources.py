"""Every demo record says where it comes from: an article and the sentence, or "illustrative".

``dnqp/data/demo/sources.csv`` is keyed by file and natural key (docs/DEMO.md); ``articles.csv`` cites the
articles by publisher, title and date.
"""

import csv
import re
from collections import Counter
from pathlib import Path

from dnqp.data import demo

ROOT = Path(__file__).resolve().parent.parent

# The key of a record in sources.csv: the columns of its natural key, joined with " / ".
KEYS = {
    "commands.csv": ["Mã đơn vị"],
    "partner_units.csv": ["Mã đơn vị"],
    "agreements.csv": ["Số văn bản"],
    "delegations.csv": ["Mã đơn vị ta", "Chiều", "Mục đích", "Ngày bắt đầu"],
    "activities.csv": ["Mã đơn vị ta", "Loại hoạt động", "Ngày bắt đầu", "Tiêu đề"],
    "support.csv": ["Số chứng từ"],
}


def read(name):
    with open(demo.DEMO_DIR / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def record_keys():
    """(file, key) of every demo record, of every generated border-meeting series (one per pair) and of every
    person of ``demo.PEOPLE`` (by name)."""
    keys = []
    for name in demo.FILES:
        keys += [(name, " / ".join(row[h] for h in KEYS[name])) for row in demo.read_rows(name)]
    keys += [("border_meetings", f"{command} / {partner}") for command, partner, *_days in demo.MEETING_PAIRS]
    keys += [("people", person.name) for person in demo.PEOPLE]
    return keys


def test_every_record_has_one_source_entry_and_every_entry_a_record():
    keys = record_keys()
    assert [key for key, n in Counter(keys).items() if n > 1] == []  # the keys identify the records
    entries = [(row["file"], row["key"]) for row in read("sources.csv")]
    assert [key for key, n in Counter(entries).items() if n > 1] == []
    assert sorted(set(keys) - set(entries)) == []  # records without a source
    assert sorted(set(entries) - set(keys)) == []  # sources of records that are gone
    assert set(demo.FILES) <= {name for name, _key in keys}


def test_each_source_is_an_article_with_its_sentence_or_marked_illustrative():
    articles = {row["source"]: row for row in read("articles.csv")}
    for article in articles.values():
        assert article["publisher"] and article["title"] and article["date"], article
    for row in read("sources.csv"):
        where = (row["file"], row["key"])
        if row["source"] == "illustrative":
            assert not row["sentence"] and row["note"], where
        else:
            assert row["source"] in articles, where
            assert len(row["sentence"]) > 20, where
    cited = {row["source"] for row in read("sources.csv")} - {"illustrative"}
    assert cited <= set(articles)


def test_the_articles_are_cited_by_publisher_title_and_date_not_by_a_path():
    """The article texts are not part of the project: nothing of the demo points at a copy of them."""
    demo_docs = (ROOT / "docs" / "DEMO.md").read_text(encoding="utf-8")
    for article in read("articles.csv"):
        assert article["source"] in demo_docs
        if not article["title"].startswith("not stated"):
            assert article["title"] in demo_docs, article["source"]
    files = [
        ROOT / "dnqp" / "data" / "demo.py",
        ROOT / "dnqp" / "management" / "commands" / "load_demo.py",
        ROOT / "docs" / "DEMO.md",
        *sorted(demo.DEMO_DIR.iterdir()),
        *sorted((ROOT / "tests").glob("test_demo*.py")),
    ]
    pattern = re.compile(r"shared/|\.\./shared|seeds/")
    pattern_text = pattern.pattern
    for path in files:
        text = path.read_text(encoding="utf-8-sig").replace(pattern_text, "")
        assert not pattern.search(text), path
