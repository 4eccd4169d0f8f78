from django.urls import reverse

from forum.uploads import services, tasks
from forum.uploads.models import Upload
from tests.factories import PostFactory

from .conftest import committed, image_file, text_file


def test_admin_lists_uploads_with_who_when_and_size(client, admin_user, member):
    services.create_upload(user=member, file=image_file("zero-points.png"))
    client.force_login(admin_user)

    page = client.get(reverse("admin:uploads_upload_changelist")).text

    assert "zero-points.png" in page
    assert "alice" in page
    assert " KB" in page


def test_admin_changelist_query_count_does_not_grow(
    client, admin_user, member, django_assert_max_num_queries
):
    for n in range(12):
        services.create_upload(user=member, file=text_file(f"d{n}.txt", f"row {n}"))
    client.force_login(admin_user)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:uploads_upload_changelist")).status_code == 200


def test_admin_shows_the_posts_that_use_an_upload(client, admin_user, member, topic):
    upload = services.create_upload(user=member, file=image_file())
    committed(PostFactory, topic=topic, author=member, raw=f"Plot ![p]({upload.url})")
    client.force_login(admin_user)

    page = client.get(reverse("admin:uploads_upload_change", args=[upload.id])).text

    assert "Reading calexp images (post" in page


def test_admin_delete_leaves_a_placeholder_in_posts(client, admin_user, member, topic):
    upload = services.create_upload(user=member, file=image_file())
    post = committed(
        PostFactory, topic=topic, author=member, raw=f"Plot ![my plot]({upload.url})"
    )
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:uploads_upload_changelist"),
        {"action": "delete_uploads", "_selected_action": [upload.id]},
    )

    assert response.status_code == 302
    assert not Upload.objects.exists()
    post.refresh_from_db()
    assert "[image removed: my plot]" in post.cooked
    assert "removed" in client.get(topic.get_absolute_url()).text


def test_the_orphan_task_removes_unused_uploads(member, settings):
    settings.FORUM_UPLOAD_ORPHAN_HOURS = 0
    services.create_upload(user=member, file=text_file())

    assert tasks.remove_orphans() == 1
    assert not Upload.objects.exists()
