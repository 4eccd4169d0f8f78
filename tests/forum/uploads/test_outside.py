"""Uploads where posts are read away from the site: email and RSS."""

import pytest
from django.core import mail

from forum.subscriptions import services as subscriptions
from forum.uploads import services
from tests.factories import TopicFactory, UserFactory

from .conftest import committed, image_file


@pytest.mark.django_db(transaction=True)
def test_the_watchers_email_shows_the_image_by_its_absolute_address(
    category, member, settings
):
    settings.FORUM_UPLOAD_THUMBNAIL_WIDTH = 100
    watcher = UserFactory(username="wendy", email="wendy@example.org")
    subscriptions.set_category_level(user=watcher, category=category, level=3)
    upload = services.create_upload(user=member, file=image_file(size=(400, 200)))

    committed(
        TopicFactory,
        category=category,
        author=member,
        title="My plot of the g-band zero points",
        raw=f"Here is the plot:\n\n![zero points]({upload.url})",
    )

    message = next(m for m in mail.outbox if "wendy@example.org" in m.to)
    html = message.alternatives[0][0]
    assert f'src="http://testserver{upload.thumbnail_url}"' in html
    assert f'href="http://testserver{upload.url}"' in html
    assert f"![zero points](http://testserver{upload.url})" in message.body


def test_the_rss_feed_shows_the_image_by_its_absolute_address(client, category, member):
    upload = services.create_upload(user=member, file=image_file())
    committed(
        TopicFactory,
        category=category,
        author=member,
        title="My plot of the g-band zero points",
        raw=f"Here is the plot:\n\n![zero points]({upload.url})",
    )

    xml = client.get("/latest.rss").content.decode()

    # As sent: a feed reader would not resolve a site-relative address.
    assert f'src="http://testserver{upload.url}"' in xml
    assert client.get(upload.url).status_code == 200
