import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import User
from forum.topics.models import Topic
from forum.topics.services import accept_solution, toggle_like
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

PREFERENCES = {
    "name": "Alice A.",
    "bio_raw": "I study *galaxies*.",
    "title": "",
    "time_zone": "Europe/Paris",
    "email_mentions": "never",
    "email_replies": "immediately",
    "email_watched": "never",
    "email_digest": "daily",
    "digest_hour": 7,
}


def test_profile_shows_member_and_posts(client, member, topic):
    response = client.get(reverse("accounts:profile", args=["alice"]))
    assert response.status_code == 200
    assert "Alice Astro" in response.text
    assert topic.title in response.text


def test_profile_hides_posts_in_restricted_categories(client, staff, secret_topic):
    text = client.get(reverse("accounts:profile", args=[staff.username])).text
    assert secret_topic.title not in text


def test_activity_lists_replies(client, topic, other_member):
    PostFactory(topic=topic, author=other_member, raw="A reply that shows in activity.")
    text = client.get(reverse("accounts:activity", args=["bob"])).text
    assert "replied" in text


def test_unknown_user_is_404(client, db):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


def test_sign_up_verify_then_post(client, category, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    link = re.search(
        r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body
    )
    client.post(link.group(1))
    response = client.post(
        reverse("account_login"),
        {"login": "newcomer", "password": "a-long-unusual-passphrase"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("topics:create"),
        {
            "category": category.id,
            "title": "My first question on the forum",
            "raw": "Hello! How do I find the DP0 tutorials?",
        },
    )
    topic = Topic.objects.get(title="My first question on the forum")
    assert response["Location"] == topic.get_absolute_url()
    assert topic.author.username == "newcomer"


def test_confirming_the_email_signs_the_newcomer_in(client, db, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    link = re.search(
        r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body
    )
    client.post(link.group(1))
    assert client.get("/").context["user"].username == "newcomer"


def test_createsuperuser_account_signs_in_without_an_email_round_trip(
    client, db, mailoutbox
):
    call_command(
        "createsuperuser",
        interactive=False,
        username="root-admin",
        email="root@example.org",
        verbosity=0,
    )
    admin = User.objects.get(username="root-admin")
    admin.set_password("a-long-unusual-passphrase")
    admin.save(update_fields=["password"])
    response = client.post(
        reverse("account_login"),
        {"login": "root-admin", "password": "a-long-unusual-passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert mailoutbox == []
    assert client.get("/admin/").status_code == 200


def test_sign_in_page_is_styled_like_the_site(client, db):
    text = client.get(reverse("account_login")).text
    assert 'class="site-header"' in text
    assert "css/forum.css" in text


@pytest.mark.parametrize("count", [5, 50])
def test_profile_query_count_is_bounded(
    client, category, member, count, django_assert_max_num_queries
):
    for n in range(count):
        TopicFactory(category=category, author=member, title=f"Bounded topic {n:03}")
    client.force_login(member)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("accounts:profile", args=["alice"]))
    assert response.status_code == 200


def test_profile_counts_topics_replies_solutions_and_likes(
    client, member, other_member, topic
):
    answer = PostFactory(topic=topic, author=other_member)
    PostFactory(topic=topic, author=other_member)
    accept_solution(topic=topic, post=answer, by=member)
    toggle_like(user=member, post=answer)

    counts = client.get(reverse("accounts:profile", args=["bob"])).context["counts"]

    assert counts == {"topics": 0, "replies": 2, "solutions": 1, "likes_received": 1}


def test_profile_counts_skip_restricted_categories(client, staff, secret_topic):
    counts = client.get(reverse("accounts:profile", args=["dana"])).context["counts"]

    assert counts["topics"] == 0


def test_profile_shows_title_bio_and_last_seen(client, member):
    member.title = "Transients Collaboration"
    member.bio_raw = "I study *galaxies*."
    member.bio_cooked = "<p>I study <em>galaxies</em>.</p>"
    member.last_seen_at = timezone.now()
    member.save()

    text = client.get(reverse("accounts:profile", args=["alice"])).text

    assert "Transients Collaboration" in text
    assert "<em>galaxies</em>" in text
    assert "Last seen" in text and "never" not in text
    assert "/u/alice/avatar/letter.svg" in text


def test_activity_hides_posts_in_restricted_categories(client, staff, secret_topic):
    text = client.get(reverse("accounts:activity", args=["dana"])).text

    assert secret_topic.title not in text


def test_letter_avatar_is_an_svg_cached_for_good(client, member):
    response = client.get("/u/alice/avatar/letter.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"]
    assert b">A</text>" in response.content


def test_stale_avatar_url_redirects_to_the_current_one(client, member):
    response = client.get("/u/alice/avatar/0123abcd.png")

    assert response.status_code == 302
    assert response["Location"] == "/u/alice/avatar/letter.svg"


def test_avatar_of_unknown_member_is_404(client, db):
    assert client.get("/u/nobody/avatar/letter.svg").status_code == 404


def _png(size=(300, 200)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format="PNG")
    return SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")


def test_uploaded_avatar_is_resized_and_served(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:avatar_edit", args=["alice"]), {"avatar": _png()}
    )

    assert response.status_code == 302
    url = User.objects.get(pk=member.pk).avatar_url
    image = client.get(url)
    assert image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).size == (240, 240)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.txt", b"hello, not an image"), "not an image"),
        (
            SimpleUploadedFile("me.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            "SVG is not accepted",
        ),
    ],
)
def test_bad_avatar_upload_is_a_400_with_a_message(client, member, upload, message):
    client.force_login(member)

    response = client.post(
        reverse("accounts:avatar_edit", args=["alice"]), {"avatar": upload}
    )

    assert response.status_code == 400
    assert message in response.text
    assert not User.objects.get(pk=member.pk).avatar


def test_oversized_avatar_is_a_400(client, member, settings):
    settings.FORUM_AVATAR_MAX_BYTES = 1024
    client.force_login(member)

    response = client.post(
        reverse("accounts:avatar_edit", args=["alice"]), {"avatar": _png((900, 900))}
    )

    assert response.status_code == 400
    assert "avatars may be at most 1 KB" in response.text


def test_avatar_can_be_removed(client, member):
    client.force_login(member)
    client.post(reverse("accounts:avatar_edit", args=["alice"]), {"avatar": _png()})

    client.post(reverse("accounts:avatar_edit", args=["alice"]), {"remove": "1"})

    assert User.objects.get(pk=member.pk).avatar_url.endswith("letter.svg")


def test_my_preferences_redirects_to_the_members_page(client, member):
    client.force_login(member)

    response = client.get(reverse("accounts:preferences"))

    assert response["Location"] == reverse("accounts:preferences", args=["alice"])


def test_preferences_need_sign_in(client, member):
    response = client.get(reverse("accounts:preferences", args=["alice"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_preferences_of_someone_else_are_forbidden(client, member, other_member):
    client.force_login(other_member)

    response = client.get(reverse("accounts:preferences", args=["alice"]))

    assert response.status_code == 403


def test_preferences_are_saved(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:preferences", args=["alice"]), PREFERENCES)

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.email_mentions, member.email_digest) == ("never", "daily")
    assert member.time_zone == "Europe/Paris"


def test_preferences_default_to_a_weekly_digest(client, member):
    client.force_login(member)

    form = client.get(reverse("accounts:preferences", args=["alice"])).context["form"]

    assert form["email_digest"].value() == "weekly"
    assert form["email_mentions"].value() == "immediately"


def test_preferences_refuse_a_title_from_another_group(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:preferences", args=["alice"]),
        {**PREFERENCES, "title": "Administrator"},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_preferences_link_to_email_and_connections(client, member):
    client.force_login(member)

    text = client.get(reverse("accounts:preferences", args=["alice"])).text

    assert reverse("account_email") in text
    assert reverse("socialaccount_connections") in text
    assert reverse("api:keys", args=["alice"]) in text


def test_header_menu_links_to_preferences(client, member):
    client.force_login(member)

    text = client.get("/latest").text

    assert reverse("accounts:preferences", args=["alice"]) in text


def test_email_change_needs_re_verification(client, member, mailoutbox):
    client.force_login(member)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "alice@new.example.org"}
    )

    assert response.status_code == 302
    assert mailoutbox[-1].to == ["alice@new.example.org"]
    member.refresh_from_db()
    assert member.email == "alice@example.org"


def test_delete_account_needs_the_username(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:delete", args=["alice"]), {"confirm": "x"})

    assert response.status_code == 400
    assert "Type alice exactly" in response.text
    assert User.objects.filter(username="alice").exists()


def test_delete_account_signs_out_and_keeps_posts(client, member, topic):
    client.force_login(member)

    response = client.post(
        reverse("accounts:delete", args=["alice"]), {"confirm": "alice"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(username="alice").exists()
    text = client.get(topic.get_absolute_url()).text
    assert "deleted user" in text
    assert "I am trying to read a calexp" in text


def test_silenced_member_sees_why_and_cannot_reply(client, other_member, topic):
    other_member.silenced_until = timezone.now() + timezone.timedelta(days=1)
    other_member.silenced_reason = "heated replies"
    other_member.save()
    client.force_login(other_member)

    page = client.get(topic.get_absolute_url())
    response = client.post(
        f"/t/{topic.id}/reply", {"raw": "A reply while silenced, which fails."}
    )

    assert "You are silenced until" in page.text and "heated replies" in page.text
    assert 'name="raw"' not in page.text
    assert response.status_code == 403
    assert "silenced until" in response.text


def test_avatar_whose_file_is_missing_is_the_letter_briefly_cached(client, member):
    from accounts import services as account_services
    from tests.accounts.test_services import _png

    account_services.set_avatar(user=member, upload=_png())
    member.avatar.storage.delete(member.avatar.name)  # a restore without media
    response = client.get(member.avatar_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" not in response["Cache-Control"]
