"""What a searcher finds, on every backend (see conftest: Whoosh, and PostgreSQL
when the suite runs on it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.search import services
from forum.search.query import parse
from forum.topics import services as topic_services
from forum.topics.models import Post, Topic
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory


def titles(page) -> list[str]:
    return [result.topic.title for result in page.results]


@pytest.fixture
def solved_topic(category, member, other_member):
    topic = TopicFactory(
        category=category,
        author=member,
        title="Aperture sums disagree between calexp and coadd",
        raw="My aperture sums on a calexp are larger than on the deep coadd.",
    )
    answer = PostFactory(
        topic=topic,
        author=other_member,
        raw="Calexps are surface-brightness images, so the forced photometry differs.",
    )
    topic_services.accept_solution(topic=topic, post=answer, by=member)
    return topic


def test_search_finds_topic_by_title_word(find, reindex, topic, anonymous):
    reindex()
    page = find("calexp", anonymous)
    assert titles(page) == ["Reading calexp images"]
    assert page.total == 1


def test_search_finds_solved_answer_by_misspelled_word(
    find, reindex, solved_topic, anonymous
):
    reindex()
    page = find("photomtery", anonymous)
    assert titles(page) == [solved_topic.title]
    assert page.fuzzy
    assert page.results[0].topic.solution_id is not None
    assert page.results[0].post.is_solution
    assert "<mark>photometry</mark>" in page.results[0].snippet


def test_search_exact_word_is_not_fuzzy(find, reindex, solved_topic, anonymous):
    reindex()
    assert not find("photometry", anonymous).fuzzy


def test_search_does_not_match_redirect_for_redis(find, reindex, category, member):
    TopicFactory(
        category=category,
        author=member,
        title="Login redirect loops forever",
        raw="After signing in the page keeps trying to redirect me back again.",
    )
    reindex()
    assert find("redis", member).total == 0
    assert find("redirect", member).total == 1


@pytest.mark.parametrize(
    "word",
    [
        "lsst.daf.butler",
        "butler",
        "daf",
        "processCcd.py",
        "processCcd",
        "ccd",
        "DiaObject",
        "diaobject",
        "calexp_butler",
        "calexp",
    ],
)
def test_search_finds_code_identifiers_whole_and_by_parts(
    find, reindex, category, member, word
):
    TopicFactory(
        category=category,
        author=member,
        title="Pipeline task fails on my laptop",
        raw=(
            "I import lsst.daf.butler, run processCcd.py, then read a DiaObject "
            "table with calexp_butler helper."
        ),
    )
    reindex()
    assert titles(find(word, member)) == ["Pipeline task fails on my laptop"]


def test_search_finds_exact_phrase_only_in_order(find, reindex, category, member):
    TopicFactory(
        category=category,
        author=member,
        title="What goes into each alert packet",
        raw="The alert packet carries cutouts and the history of the source.",
    )
    TopicFactory(
        category=category,
        author=member,
        title="Packet loss when receiving data",
        raw="Every packet of each alert arrives late when the network is busy.",
    )
    reindex()
    assert titles(find('"alert packet"', member)) == [
        "What goes into each alert packet"
    ]


def test_search_groups_posts_by_topic(find, reindex, topic, member, other_member):
    PostFactory(topic=topic, author=other_member, raw="The calexp has a mask plane.")
    PostFactory(topic=topic, author=member, raw="Thanks, the calexp mask helped.")
    reindex()
    page = find("calexp", member)
    assert titles(page) == [topic.title]
    assert page.total == 1


def test_search_ranks_title_matches_first(find, reindex, category, member):
    TopicFactory(
        category=category,
        author=member,
        title="Questions about observing schedules",
        raw="Somewhere deep in this text we mention templates once, in passing.",
    )
    TopicFactory(
        category=category,
        author=member,
        title="Templates for difference imaging",
        raw="How are difference imaging references built in the first year?",
    )
    reindex()
    assert titles(find("templates", member))[0] == "Templates for difference imaging"


def test_search_shows_the_accepted_answer_as_best_post(
    find, reindex, solved_topic, member
):
    reindex()
    result = find("surface-brightness", member).results[0]
    assert result.post.is_solution
    assert result.url.endswith("/2")


def test_search_filters_by_category_and_its_subcategories(
    find, reindex, category, member
):
    data = CategoryFactory(name="Data", slug="data")
    child = CategoryFactory(name="Images", slug="images", parent=data)
    TopicFactory(category=category, author=member, title="Coadd depth in support")
    TopicFactory(category=child, author=member, title="Coadd depth in images")
    reindex()
    assert titles(find("coadd #images", member)) == ["Coadd depth in images"]
    assert titles(find("coadd #data", member)) == ["Coadd depth in images"]
    assert titles(find("coadd #support", member)) == ["Coadd depth in support"]


def test_search_filters_by_any_of_the_tags(find, reindex, category, moderator):
    TopicFactory(
        category=category, author=moderator, title="Kafka consumer lag", tags=["kafka"]
    )
    TopicFactory(
        category=category,
        author=moderator,
        title="Broker alert volume",
        tags=["alerts"],
    )
    TopicFactory(category=category, author=moderator, title="Broker without tags")
    reindex()
    assert set(titles(find("tags:kafka,alerts", moderator))) == {
        "Kafka consumer lag",
        "Broker alert volume",
    }
    assert titles(find("broker tags:alerts", moderator)) == ["Broker alert volume"]


def test_search_filters_by_author(find, reindex, topic, member, other_member):
    PostFactory(topic=topic, author=other_member, raw="I read calexp files daily too.")
    reindex()
    page = find("calexp @bob", member)
    assert titles(page) == [topic.title]
    assert page.results[0].post.author == other_member
    assert find("@BOB", member).total == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("solved", {"Aperture sums disagree between calexp and coadd"}),
        ("unsolved", {"Reading calexp images"}),
        ("open", {"Aperture sums disagree between calexp and coadd"}),
        ("closed", {"Reading calexp images"}),
    ],
)
def test_search_filters_by_status(
    find, reindex, topic, solved_topic, moderator, status, expected
):
    topic_services.close_topic(topic=topic, by=moderator)
    reindex()
    assert set(titles(find(f"calexp status:{status}", moderator))) == expected


def test_search_unsolved_skips_categories_without_solutions(find, reindex, member):
    chat = CategoryFactory(name="Chat", slug="chat", allow_solutions=False)
    TopicFactory(category=chat, author=member, title="Calexp chatter for fun")
    reindex()
    assert find("calexp status:unsolved", member).total == 0


def test_search_in_title_ignores_post_text(find, reindex, category, member):
    TopicFactory(category=category, author=member, title="Conda install fails")
    TopicFactory(
        category=category,
        author=member,
        title="Pipelines on a laptop",
        raw="I used conda to install the pipelines and numpy went missing.",
    )
    reindex()
    assert titles(find("conda in:title", member)) == ["Conda install fails"]
    assert find("conda", member).total == 2


def test_search_in_first_ignores_replies(find, reindex, topic, member, other_member):
    PostFactory(topic=topic, author=other_member, raw="Try the mask plane of it.")
    reindex()
    assert find("mask in:first", member).total == 0
    assert find("butler in:first", member).total == 1


def test_search_filters_by_dates(find, reindex, category, member):
    old = TopicFactory(category=category, author=member, title="Old seeing question")
    TopicFactory(category=category, author=member, title="New seeing question")
    long_ago = timezone.now() - timedelta(days=400)
    Post.objects.filter(topic=old).update(created_at=long_ago)
    reindex()
    cutoff = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert titles(find(f"seeing after:{cutoff}", member)) == ["New seeing question"]
    assert titles(find(f"seeing before:{cutoff}", member)) == ["Old seeing question"]


def test_search_orders_by_latest_likes_and_views(find, reindex, category, member):
    first = TopicFactory(category=category, author=member, title="Seeing one first")
    second = TopicFactory(category=category, author=member, title="Seeing two second")
    Post.objects.filter(topic=first).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    Topic.objects.filter(pk=first.pk).update(like_count=5, view_count=1)
    Topic.objects.filter(pk=second.pk).update(like_count=1, view_count=9)
    reindex()
    assert titles(find("seeing order:latest", member))[0] == second.title
    assert titles(find("seeing order:likes", member))[0] == first.title
    assert titles(find("seeing order:views", member))[0] == second.title


@pytest.mark.parametrize("order", ["likes", "views"])
def test_search_by_likes_or_views_lists_each_topic_once(
    find, reindex, category, member, other_member, order
):
    for n in range(3):
        topic = TopicFactory(
            category=category, author=member, title=f"Seeing report number {n}"
        )
        for part in range(3):
            PostFactory(
                topic=topic,
                author=other_member,
                raw=f"More seeing notes, topic {n} part {part}.",
            )
    reindex()
    page = find(f"seeing order:{order}", member)
    assert sorted(titles(page)) == [f"Seeing report number {n}" for n in range(3)]
    assert page.total == 3


def test_search_with_filters_only_lists_newest_first(find, reindex, category, member):
    TopicFactory(category=category, author=member, title="Older topic in support")
    TopicFactory(category=category, author=member, title="Newer topic in support")
    reindex()
    assert titles(find("#support", member)) == [
        "Newer topic in support",
        "Older topic in support",
    ]


def test_search_paginates_topics(find, reindex, category, member):
    for number in range(5):
        TopicFactory(category=category, author=member, title=f"Seeing report {number}")
    reindex()
    first = find("seeing", member, per_page=2)
    last = find("seeing", member, page=3, per_page=2)
    assert (first.total, len(first.results), first.has_next) == (5, 2, True)
    assert (len(last.results), last.has_next, last.has_previous) == (1, False, True)


def test_search_skips_deleted_and_hidden_posts(
    find, reindex, topic, member, other_member, moderator
):
    hidden = PostFactory(topic=topic, author=other_member, raw="Secret word zanzibar.")
    deleted = PostFactory(topic=topic, author=other_member, raw="Old word quokka here.")
    gone = TopicFactory(
        category=topic.category, author=member, title="Quokka topic to delete"
    )
    topic_services.hide_post(post=hidden, by=moderator)
    topic_services.delete_post(post=deleted, by=moderator)
    topic_services.delete_topic(topic=gone, by=moderator)
    reindex()
    assert find("zanzibar", moderator).total == 0
    assert find("quokka", moderator).total == 0


def test_search_unknown_user_or_category_says_so(find, reindex, topic, member):
    reindex()
    assert find("calexp @nobody", member).notes == ["There is no user nobody."]
    assert find("calexp #nowhere", member).notes == ["There is no category “nowhere”."]


def test_search_of_stop_words_only_finds_nothing(find, reindex, topic, member):
    reindex()
    assert find("the and of", member).total == 0


def test_suggest_takes_the_last_word_as_a_prefix(reindex, topic, member):
    reindex()
    found = services.suggest(parse("reading cale"), user=member)
    assert [result.topic.title for result in found] == [topic.title]
    assert services.suggest(parse("reading calf"), user=member) == []


def test_search_of_many_users_topics_stays_one_result_each(find, reindex, category):
    authors = [UserFactory() for _ in range(3)]
    topic = TopicFactory(
        category=category, author=authors[0], title="Shared seeing notes"
    )
    for author in authors[1:]:
        PostFactory(topic=topic, author=author, raw="Seeing was great tonight here.")
    reindex()
    assert find("seeing", authors[0]).total == 1


def test_search_words_must_match_in_one_post(find, reindex, topic, other_member):
    PostFactory(topic=topic, author=other_member, raw="The zodiacal light is bright.")
    PostFactory(topic=topic, author=other_member, raw="Moonlight spoils the flats.")
    reindex()
    assert find("zodiacal moonlight", other_member).total == 0
    assert find("zodiacal bright", other_member).total == 1


def test_search_phrase_never_spans_two_posts(find, reindex, category, member):
    topic = TopicFactory(
        category=category,
        author=member,
        title="Notes from the night shift",
        raw="The last thing I saw was an alert",
    )
    PostFactory(topic=topic, author=member, raw="packet loss made the rest vanish.")
    reindex()
    assert find('"alert packet"', member).total == 0
    assert find('"packet loss"', member).total == 1


def test_search_finds_longer_phrases_only_in_order(find, reindex, category, member):
    TopicFactory(
        category=category,
        author=member,
        title="What an alert contains",
        raw="Each alert packet carries cutouts. Carries packet alert nothing.",
    )
    reindex()
    assert find('"alert packet carries"', member).total == 1
    assert find('"packet alert carries"', member).total == 0


def test_search_ranks_an_old_title_match_above_newer_mentions(
    find, reindex, category, member, monkeypatch
):
    from forum.search.backends import postgres_backend

    # Rank fewer candidates than there are matches: the title still counts.
    monkeypatch.setattr(postgres_backend, "CANDIDATES", 2)
    TopicFactory(category=category, author=member, title="Vignetting corrections")
    for number in range(4):
        TopicFactory(
            category=category,
            author=member,
            title=f"Night report number {number}",
            raw=f"Some vignetting was visible in exposure {number}.",
        )
    reindex()
    page = find("vignetting", member)
    assert titles(page)[0] == "Vignetting corrections"
    assert (page.total, len(set(titles(page)))) == (5, 5)
    second = find("vignetting", member, page=2, per_page=3)
    assert len(second.results) == 2
    assert not set(titles(second)) & set(titles(find("vignetting", member, per_page=3)))
