import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_home_lists_categories_with_latest_topics(client, topic, category):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Support" in response.text
    assert topic.title in response.text


def test_home_hides_restricted_category_everywhere(client, topic, secret_topic):
    text = client.get(reverse("home")).text
    assert "Transients private" not in text
    assert "Embargoed" not in text


def test_home_shows_restricted_category_to_its_group(
    client, member, collaboration, secret_topic
):
    member.groups.add(collaboration)
    client.force_login(member)
    text = client.get(reverse("categories:index")).text
    assert "Transients private" in text
    assert "Embargoed" in text


def test_parent_topic_count_excludes_restricted_subcategory(
    client, category, restricted_category, staff
):
    restricted_category.parent = category
    restricted_category.save()
    TopicFactory(category=restricted_category, author=staff)
    TopicFactory(category=category, author=staff)
    text = client.get(reverse("categories:index")).text
    assert '<td class="num">1</td>' in text


def test_category_page_lists_topics_of_subcategories(client, category, staff):
    child = CategoryFactory(parent=category, name="Science Platform", slug="rsp")
    TopicFactory(category=child, author=staff, title="Notebook kernel keeps dying")
    response = client.get(category.get_absolute_url())
    assert "Notebook kernel keeps dying" in response.text
    assert "Science Platform" in response.text


def test_nested_category_url_and_redirect(client, category):
    child = CategoryFactory(parent=category, name="Science Platform", slug="rsp")
    url = reverse("categories:detail_nested", args=["support", "rsp", child.id])
    assert client.get(url).status_code == 200
    wrong = reverse("categories:detail", args=["rsp", child.id])
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == url


def test_restricted_category_page_is_404_to_outsiders(client, restricted_category):
    assert client.get(restricted_category.get_absolute_url()).status_code == 404


def test_unknown_category_is_404(client, db):
    assert client.get("/c/nothing/999").status_code == 404


def test_stylesheet_gives_category_colours(client, category):
    response = client.get(reverse("categories:stylesheet"))
    assert response["Content-Type"] == "text/css"
    assert f".cat-{category.id}{{--cat-color:#3f6ea6}}" in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_count_is_bounded(
    client, member, count, django_assert_max_num_queries
):
    categories = [CategoryFactory() for _ in range(5)]
    for n in range(count):
        TopicFactory(category=categories[n % 5], author=member)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_category_page_query_count_is_bounded(
    client, category, member, count, django_assert_max_num_queries
):
    for _ in range(count):
        TopicFactory(category=category, author=member)
    with django_assert_max_num_queries(10):
        assert client.get(category.get_absolute_url()).status_code == 200
