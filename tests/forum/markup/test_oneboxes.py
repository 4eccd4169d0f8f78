"""A link alone on its line becomes a card when a resolver knows it; a resolver
that fails leaves a plain link, never a post that cannot be cooked."""

import pytest

from forum import markup
from forum.markup import oneboxes
from forum.markup.oneboxes import Preview


@pytest.fixture
def resolvers(monkeypatch):
    registered = []
    monkeypatch.setattr(oneboxes, "_resolvers", registered)
    return registered


def test_a_known_lone_link_becomes_an_escaped_card(resolvers):
    resolvers.append(
        lambda urls: {
            url: Preview(url=url, title="<script>x</script>", site_name="S & S")
            for url in urls
        }
    )
    cooked = markup.render("https://example.org/a\n\ninline https://example.org/b too")
    assert '<div class="onebox-source">S &amp; S</div>' in cooked
    assert "&lt;script&gt;x&lt;/script&gt;" in cooked
    assert 'inline <a href="https://example.org/b"' in cooked


def test_a_failing_resolver_leaves_a_plain_link(resolvers):
    def broken(urls):
        raise RuntimeError("database away")

    resolvers.append(broken)
    cooked = markup.render("https://example.org/a")
    assert "onebox" not in cooked
    assert '<a href="https://example.org/a"' in cooked


def test_lone_urls_skip_inline_links_and_code():
    raw = "text https://a.org/x\n\nhttps://b.org/y\n\n```\nhttps://c.org\n```\n <https://d.org/>"
    assert markup.lone_urls(raw) == ["https://b.org/y", "https://d.org/"]
