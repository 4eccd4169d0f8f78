"""Indexing after commit: every write that changes what search should show
reindexes its topic, through the Celery task (in-process in tests)."""

import io
import re

import pytest
from django.core.management import call_command

from forum.search import indexing, services, tasks
from forum.search.query import parse
from forum.topics import services as topic_services
from forum.topics.models import Topic
from tests.factories import CategoryFactory, PostFactory, TopicFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit hooks of the writes made inside, as production does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(text, user) -> int:
    return services.search(parse(text), user=user).total


def test_new_topic_and_reply_are_found_after_commit(
    search_backend, committed, category, member, other_member
):
    with committed():
        topic = TopicFactory(category=category, author=member, title="Seeing tonight?")
    assert found("seeing", member) == 1
    with committed():
        PostFactory(topic=topic, author=other_member, raw="Photometric night, enjoy.")
    assert found("photometric", member) == 1


def test_edited_post_is_found_by_its_new_words_only(
    search_backend, committed, category, member
):
    with committed():
        topic = TopicFactory(
            category=category, author=member, raw="Old words here: quokka."
        )
    post = topic.posts.get(post_number=1)
    with committed():
        topic_services.edit_post(
            post=post,
            by=member,
            raw="New words: wombat only.",
            title="Renamed topic title",
        )
    assert found("quokka", member) == 0
    assert found("wombat", member) == 1
    assert found("renamed", member) == 1


def test_deleted_topic_disappears_and_restored_topic_returns(
    search_backend, committed, topic, moderator
):
    indexing.rebuild()
    with committed():
        topic_services.delete_topic(topic=topic, by=moderator)
    assert found("calexp", moderator) == 0
    with committed():
        topic_services.restore_topic(topic=topic, by=moderator)
    assert found("calexp", moderator) == 1


def test_deleted_and_restored_reply(
    search_backend, committed, topic, other_member, moderator
):
    with committed():
        reply = PostFactory(
            topic=topic, author=other_member, raw="A reply all about wombats."
        )
        topic_services.delete_post(post=reply, by=moderator)
    assert found("wombats", moderator) == 0
    with committed():
        topic_services.restore_post(post=reply, by=moderator)
    assert found("wombats", moderator) == 1


def test_moved_topic_is_found_in_its_new_category(
    search_backend, committed, topic, moderator
):
    elsewhere = CategoryFactory(name="Elsewhere", slug="elsewhere")
    indexing.rebuild()
    with committed():
        topic_services.move_topic(topic=topic, category=elsewhere, by=moderator)
    assert found("calexp #elsewhere", moderator) == 1
    assert found("calexp #support", moderator) == 0


def test_accepted_and_closed_topics_change_status(
    search_backend, committed, topic, other_member, member, moderator
):
    reply = PostFactory(
        topic=topic, author=other_member, raw="Use the butler get method."
    )
    indexing.rebuild()
    with committed():
        topic_services.accept_solution(topic=topic, post=reply, by=member)
        topic_services.close_topic(topic=topic, by=moderator)
    assert found("calexp status:solved status:closed", member) == 1
    with committed():
        topic_services.unaccept_solution(topic=topic, by=member)
    assert found("calexp status:solved", member) == 0


def test_index_task_is_safe_to_run_twice(search_backend, topic, member):
    tasks.index_topic(topic.id)
    tasks.index_topic(topic.id)
    assert found("calexp", member) == 1


def test_index_task_of_missing_topic_removes_nothing_else(
    search_backend, topic, member
):
    indexing.rebuild()
    tasks.index_topic(987654)
    indexing.remove_topic(987654)
    assert found("calexp", member) == 1


def test_indexing_failure_never_breaks_the_write(
    search_backend, committed, category, member, monkeypatch, caplog
):
    def broken(topic_id):
        raise RuntimeError("index down")

    monkeypatch.setattr(indexing, "index_topic", broken)
    with committed():
        topic = TopicFactory(category=category, author=member, title="Still saved fine")
    assert Topic.objects.filter(pk=topic.pk, title="Still saved fine").exists()
    assert "index down" in caplog.text


def test_rebuild_command_shows_progress_and_elapsed_time(search_backend, topic):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert re.search(r"Indexed 1 topics with \w+ in \d+\.\d\d s\.", out.getvalue())
    assert "1/1" in err.getvalue()


@pytest.mark.parametrize("search_backend", ["whoosh"], indirect=True)
def test_rebuild_swaps_in_a_new_whoosh_index_and_keeps_the_previous(
    search_backend, topic, member, settings
):
    first = (settings.SEARCH_INDEX_DIR / "current").resolve()
    indexing.rebuild()
    indexing.rebuild()
    current = (settings.SEARCH_INDEX_DIR / "current").resolve()
    assert current != first
    assert not first.exists()
    assert len(list(settings.SEARCH_INDEX_DIR.glob("index-*"))) == 2
    assert found("calexp", member) == 1


def test_rebuild_catches_up_topics_changed_meanwhile(
    search_backend, category, member, monkeypatch
):
    from forum.search import documents

    real = documents.all_topic_ids

    def with_a_write_midway(batch_size=200):
        yield from real(batch_size)
        TopicFactory(category=category, author=member, title="Posted during rebuild")

    monkeypatch.setattr(indexing, "all_topic_ids", with_a_write_midway)
    indexing.rebuild()
    assert found("during rebuild", member) == 1
