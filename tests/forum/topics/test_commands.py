import pytest
from django.core.management import call_command

from forum.topics.models import Post

pytestmark = pytest.mark.django_db


def test_rebake_posts_recooks_stale_html(topic, capsys):
    Post.objects.update(cooked="<p>stale</p>")
    call_command("rebake_posts")
    assert "I am trying to read" in Post.objects.get().cooked
    assert "1 changed" in capsys.readouterr().out


def test_rebake_posts_leaves_fresh_html_alone(topic, capsys):
    call_command("rebake_posts")
    assert "0 changed" in capsys.readouterr().out
