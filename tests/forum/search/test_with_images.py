"""`with:images`: posts that show an image (Discourse's filter)."""

from whoosh import index
from whoosh.fields import Schema

from forum.search import indexing, services
from forum.search.backends.whoosh_backend import SCHEMA, WhooshBackend
from forum.search.query import parse
from tests.factories import PostFactory, TopicFactory


def test_parse_with_images():
    query = parse("calexp with:images")

    assert query.with_images
    assert str(query) == "calexp with:images"


def test_parse_with_something_else_warns():
    query = parse("calexp with:videos")

    assert not query.with_images
    assert query.warnings == ("with: takes images.",)


def test_search_with_images_finds_only_posts_that_show_one(
    find, reindex, category, member
):
    plain = TopicFactory(
        category=category, author=member, title="Calexp background is too bright"
    )
    pictured = TopicFactory(
        category=category, author=member, title="Calexp background has stripes"
    )
    PostFactory(
        topic=pictured,
        author=member,
        raw="See the calexp here: ![stripes](https://example.org/stripes.png)",
    )
    reindex()

    found = find("calexp with:images", member)

    assert [result.topic.id for result in found.results] == [pictured.id]
    everything = find("with:images", member).results
    assert plain.id not in [result.topic.id for result in everything]


def test_an_index_built_before_with_images_still_takes_new_posts(
    settings, tmp_path, topic, member
):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    old = Schema(
        **{name: SCHEMA[name] for name in SCHEMA.names() if name != "has_images"}
    )
    target = settings.SEARCH_INDEX_DIR / "index-old"
    target.mkdir(parents=True)
    index.create_in(str(target), old)
    WhooshBackend()._swap_to(target)

    indexing.index_topic(topic.id)

    assert services.search(parse("calexp"), user=member).total == 1
