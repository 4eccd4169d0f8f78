"""Live settings: a rule nobody changed reads settings.py (the environment); a
value staff saved wins, is cached, and is forgotten as soon as it changes."""

import pytest
from constance import config

from forum.core import live


def test_an_unchanged_rule_reads_its_setting(db, settings):
    settings.FORUM_MIN_TITLE_LENGTH = 21
    settings.FORUM_REPLIES_PER_MINUTE = [1, 2, 3]
    assert live.get("FORUM_MIN_TITLE_LENGTH") == 21
    assert live.get("FORUM_REPLIES_PER_MINUTE") == [1, 2, 3]


def test_a_saved_value_wins_and_lists_come_back_as_lists(db, settings):
    settings.FORUM_MIN_TITLE_LENGTH = 21
    config.FORUM_MIN_TITLE_LENGTH = 9
    config.FORUM_REPLIES_PER_MINUTE = "1,1,7"
    assert live.get("FORUM_MIN_TITLE_LENGTH") == 9
    assert live.get("FORUM_REPLIES_PER_MINUTE") == [1, 1, 7]


def test_reads_are_cached_until_a_change(db, django_assert_num_queries):
    live.get("SITE_NAME")
    with django_assert_num_queries(0):
        live.get("SITE_NAME")
        live.get("FORUM_EMAIL_DELAY")
    config.SITE_NAME = "Rubin Community"
    assert live.get("SITE_NAME") == "Rubin Community"


def test_only_declared_rules_are_live(db):
    with pytest.raises(KeyError):
        live.get("SECRET_KEY")


def test_change_handlers_run_after_commit_and_one_failure_stops_none(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []

    def broken(names):
        raise RuntimeError("handler bug")

    monkeypatch.setattr(live, "_callbacks", [broken, seen.append])
    with django_capture_on_commit_callbacks(execute=True):
        config.FORUM_EMAIL_DELAY = 30
        assert seen == []
    assert seen == [{"FORUM_EMAIL_DELAY"}]


def test_every_page_shows_the_live_site_name(client, db):
    config.SITE_NAME = "Rubin Community Forum"
    assert "Rubin Community Forum" in client.get("/latest").content.decode()
