"""The staff dashboard and its SVG charts, and the public /about page."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from forum.topics.models import Post
from tests.factories import PostFactory, UserFactory

CHARTS = ["activity", "moderation", "email", "solved", "first-reply", "solution"]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_dashboard_shows_totals_charts_and_categories(
    staff_client, topic, other_member, django_assert_max_num_queries
):
    PostFactory(topic=topic, author=other_member)
    with django_assert_max_num_queries(20):
        response = staff_client.get("/admin/dashboard/?days=7")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Last 7 days" in page
    for name in CHARTS:
        assert f'src="/admin/dashboard/{name}.svg?days=7"' in page
    assert '<th scope="row">Support</th><td>1</td>' in page
    assert '<th scope="row">Posts</th><td>2</td>' in page


@pytest.mark.parametrize("name", CHARTS)
def test_each_chart_is_an_svg_without_script_for_the_page(staff_client, topic, name):
    response = staff_client.get(f"/admin/dashboard/{name}.svg?days=30")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_active_members_total_counts_each_member_once(
    staff_client, topic, member, other_member
):
    """Two members posting on several days are two active members, not a sum of
    the days (the generated forum's total once passed its number of members)."""
    for days_ago in (1, 2, 3):
        post = PostFactory(topic=topic, author=other_member)
        Post.objects.filter(pk=post.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    page = staff_client.get("/admin/dashboard/?days=7").content.decode()
    assert '<th scope="row">Active members</th><td>2</td>' in page


@pytest.mark.parametrize("name", ["solved", "first-reply", "solution"])
def test_each_bar_of_a_category_chart_is_named(staff_client, topic, name):
    response = staff_client.get(f"/admin/dashboard/{name}.svg?days=30")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    texts = [node.text for node in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Support" in texts


@pytest.mark.parametrize("query", ["days=2", "days=x", "days=", "unanswered_days=0"])
def test_a_bad_period_is_a_400_with_a_message(staff_client, db, query):
    response = staff_client.get(f"/admin/dashboard/?{query}")
    assert response.status_code == 400
    assert "must be one of" in response.content.decode()


def test_a_bad_period_for_a_chart_is_a_400(staff_client, db):
    assert staff_client.get("/admin/dashboard/activity.svg?days=3").status_code == 400


def test_an_unknown_chart_is_404(staff_client, db):
    assert staff_client.get("/admin/dashboard/secrets.svg").status_code == 404


@pytest.mark.parametrize("path", ["/admin/dashboard/", "/admin/dashboard/activity.svg"])
def test_members_and_visitors_are_sent_to_the_admin_sign_in(client, member, path):
    assert client.get(path).status_code == 302
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_index_links_to_the_dashboard(staff_client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    response = staff_client.get("/admin/")
    assert 'href="/admin/dashboard/"' in response.content.decode()


def test_about_shows_public_figures_and_the_team(
    client, topic, secret_topic, moderator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/about")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<dt>Topics</dt><dd>1</dd>" in page
    assert moderator.display_name in page
    assert secret_topic.title not in page
