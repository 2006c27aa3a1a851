"""Collections and librarian accounts: hashed passwords, ordering, notes, publishing."""
import sqlite3

import pytest

from archive.curating.librarians import CollectionError, Collections


@pytest.fixture
def coll(tmp_path):
    c = Collections(tmp_path / "collections.sqlite")
    c.add_user("librarian", "correct horse battery")
    return c


def test_passwords_are_hashed_and_checked(coll, tmp_path):
    assert coll.authenticate("librarian", "correct horse battery")
    assert not coll.authenticate("librarian", "wrong password")
    assert not coll.authenticate("nobody", "correct horse battery")
    stored = sqlite3.connect(tmp_path / "collections.sqlite").execute("SELECT pw_hash FROM users").fetchone()[0]
    assert "correct horse" not in stored and stored.startswith("scrypt$")
    with pytest.raises(CollectionError):
        coll.add_user("short", "1234")


def test_items_order_notes_and_publishing(coll):
    c = coll.create("librarian", "医保改革报道", "2023 年青海医保")
    for aid in ("a1", "a2", "a3"):
        coll.add_item(c.slug, aid)
    coll.add_item(c.slug, "a2")                      # adding twice keeps one
    coll.set_note(c.slug, "a3", "最早的报道")
    coll.move(c.slug, "a3", 0)
    got = coll.get(c.slug)
    assert [i.article_id for i in got.items] == ["a3", "a1", "a2"]
    assert got.items[0].note == "最早的报道"
    assert not got.published and coll.list(published_only=True) == []
    coll.update(c.slug, published=True)
    assert [x.slug for x in coll.list(published_only=True)] == [c.slug]
    coll.remove_item(c.slug, "a1")
    assert [i.article_id for i in coll.get(c.slug).items] == ["a3", "a2"]
    coll.delete(c.slug)
    assert coll.get(c.slug) is None


def test_bad_requests_are_refused_in_words(coll):
    with pytest.raises(CollectionError, match="标题"):
        coll.create("librarian", "  ")
    with pytest.raises(CollectionError, match="没有这个专题"):
        coll.add_item("nope", "a1")
    c = coll.create("librarian", "专题")
    with pytest.raises(CollectionError, match="过长"):
        coll.add_item(c.slug, "a1", note="长" * 6000)
