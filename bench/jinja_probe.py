"""How much of a page is the template shell, and what Jinja2 would save on it:
the numbers behind docs/performance.md's "Jinja2: the decision".

    DATABASE_URL=sqlite:///var/bench/forum-default.sqlite3 \\
        python -m bench.jinja_probe [--runs 50]

For the topic page (20 posts) and `/latest`, anonymous and as `bench-reader`
(the pages of `bench.render`), in this process, the minimum over `--runs` of the
process CPU time of:

- request: the whole request through Django's test client;
- render: the page template rendered again with the context the view gave it
  (context processors' values included, not re-run);
- loop: the `{% for %}` over the posts or topic rows inside that render;
- shell, Django: `base.html` with the page's own blocks given pre-rendered;
- shell, Jinja2: the same through Django's Jinja2 backend, from a port of
  `base.html` and its includes in `bench/jinja/` (same output, checked);
- loop, Jinja2: the loop ported the same way (same output, checked).

The ports are a prototype for measuring, not used by the site.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from django.template import Context, defaultfilters
from django.template.backends.django import Template as DjangoBackendTemplate
from django.template.backends.jinja2 import Jinja2
from django.template.context import make_context
from django.template.defaulttags import ForNode
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.templatetags.static import static
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django_htmx.jinja import htmx_script
from heroicons.jinja import heroicon_mini, heroicon_outline

from bench.render import STATIC, clients, pages  # sets up Django
from forum.core.templatetags.forum_tags import excerpt
from forum.mailin.bounces import is_email_off
from forum.seo.templatetags import seo

JINJA_DIR = Path(__file__).parent / "jinja"
LOOPED = {"posts": "topics/posts_loop.html", "page.topics": "topics/rows_loop.html"}


def url(name, *args):
    return reverse(name, args=args)


def url_or_empty(name, *args):
    """`{% url … as name %}`: empty when it does not resolve."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def page_meta(request):
    """What `{% page_head %}` passes to seo/_head.html, minus its own names."""
    return seo.page_head({"request": request})["meta"]


def environment(**options):
    from jinja2 import Environment

    # Django's backend passes autoescape=True.
    env = Environment(autoescape=options.pop("autoescape", True), **options)
    env.globals.update(
        static=static,
        url=url,
        url_or_empty=url_or_empty,
        heroicon_mini=heroicon_mini,
        heroicon_outline=heroicon_outline,
        htmx_script=htmx_script,
        page_meta=page_meta,
        email_off=is_email_off,
        search_engines_allowed=seo.settings.SEARCH_ENGINES_ALLOWED,
    )
    env.filters.update(
        date=lambda value, arg: defaultfilters.date(template_localtime(value), arg),
        django_date=lambda value: localize(template_localtime(value)),
        excerpt=excerpt,
        urlencode=defaultfilters.urlencode,
    )
    return env


def jinja_engine() -> Jinja2:
    return Jinja2(
        {
            "NAME": "jinja2-probe",
            "DIRS": [str(JINJA_DIR)],
            "APP_DIRS": False,
            "OPTIONS": {
                "environment": "bench.jinja_probe.environment",
                # As Django's templates: an include ends with its file's newline.
                "keep_trailing_newline": True,
            },
        }
    )


def min_cpu_ms(function, runs: int) -> float:
    function()
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
    return best * 1000


class Capture:
    """The page template and context of the next request, and the time spent in
    the posts or rows loop while that template renders."""

    def __init__(self) -> None:
        self.page = None
        self.loop_seconds = 0.0
        self._render = DjangoBackendTemplate.render
        self._for = ForNode.render

    def __enter__(self):
        capture = self

        def render(template, context=None, request=None):
            extends = template.template.nodelist.get_nodes_by_type(ExtendsNode)
            if capture.page is None and extends:  # the page, not a fragment
                capture.page = (template, context, request)
            return capture._render(template, context, request)

        def for_render(node, context):
            if node.sequence.token not in LOOPED:
                return capture._for(node, context)
            started = time.process_time()
            try:
                return capture._for(node, context)
            finally:
                capture.loop_seconds += time.process_time() - started

        DjangoBackendTemplate.render = render
        ForNode.render = for_render
        return self

    def __exit__(self, *exc) -> None:
        DjangoBackendTemplate.render = self._render
        ForNode.render = self._for


def flat_context(template, context, request) -> dict:
    """The page's whole context, as its templates saw it (processors included)."""
    bound = make_context(context, request, autoescape=True)
    with bound.bind_template(template.template):
        return bound.flatten()


def page_blocks(template, flat: dict) -> dict[str, str]:
    """Each block the page template fills, rendered by Django on its own."""
    extends = template.template.nodelist.get_nodes_by_type(ExtendsNode)[0]
    context = Context(flat, autoescape=True)
    context.template = template.template
    out = {}
    with context.render_context.push_state(template.template):
        for name, node in extends.blocks.items():
            assert isinstance(node, BlockNode)
            out[name] = node.render(context)
    return out


def skeleton(blocks) -> str:
    """A child of base.html whose blocks print the pre-rendered ones (both engines
    read this syntax)."""
    return '{% extends "base.html" %}' + "".join(
        f"{{% block {name} %}}{{{{ block_{name} }}}}{{% endblock %}}" for name in blocks
    )


def loop_node(template) -> ForNode | None:
    for node in _walk(template.template.nodelist, template.template):
        if isinstance(node, ForNode) and node.sequence.token in LOOPED:
            return node
    return None


def _walk(nodelist, template):
    from django.template.loader_tags import IncludeNode

    for node in nodelist:
        yield node
        for attr in getattr(node, "child_nodelists", ()):
            yield from _walk(getattr(node, attr, None) or [], template)
        if isinstance(node, ExtendsNode):
            yield from _walk(node.nodelist, template)
        if isinstance(node, IncludeNode):
            name = node.template.resolve(Context())
            if isinstance(name, str):
                yield from _walk(get_template(name).template.nodelist, template)


def measure(name: str, client, path: str, runs: int, jinja: Jinja2) -> dict:
    request_ms = min_cpu_ms(lambda: client.get(path), runs)
    with Capture() as capture:
        assert client.get(path).status_code == 200
    template, context, request = capture.page
    loop_in_request_ms = capture.loop_seconds * 1000
    flat = flat_context(template, context, request)
    render_ms = min_cpu_ms(lambda: template.render(flat), runs)
    blocks = page_blocks(template, flat)
    values = {**flat, **{f"block_{key}": value for key, value in blocks.items()}}
    django_shell = template.backend.from_string(skeleton(blocks))
    jinja_shell = jinja.from_string(skeleton(blocks))
    jinja_values = {**values, "csrf_input": _csrf_input(flat)}
    same_shell = _same(django_shell.render(values), jinja_shell.render(jinja_values))
    shell_django_ms = min_cpu_ms(lambda: django_shell.render(values), runs)
    shell_jinja_ms = min_cpu_ms(lambda: jinja_shell.render(jinja_values), runs)
    node = loop_node(template)
    loop_django_ms = loop_jinja_ms = None
    same_loop = None
    if node is not None:
        django_context = Context(flat, autoescape=True)
        django_context.template = template.template
        jinja_loop = jinja.get_template(LOOPED[node.sequence.token])

        def django_loop():
            with django_context.render_context.push_state(template.template):
                return node.render(django_context)

        same_loop = _same(django_loop(), jinja_loop.render(jinja_values))
        loop_django_ms = min_cpu_ms(django_loop, runs)
        loop_jinja_ms = min_cpu_ms(lambda: jinja_loop.render(jinja_values), runs)
    return {
        "page": name,
        "request_ms": request_ms,
        "render_ms": render_ms,
        "loop_in_request_ms": loop_in_request_ms,
        "shell_django_ms": shell_django_ms,
        "shell_jinja_ms": shell_jinja_ms,
        "loop_django_ms": loop_django_ms,
        "loop_jinja_ms": loop_jinja_ms,
        "same_shell": same_shell,
        "same_loop": same_loop,
    }


def _csrf_input(flat: dict) -> str:
    from django.utils.html import format_html

    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
        flat.get("csrf_token", ""),
    )


def _same(a: str, b: str) -> bool | str:
    """True when the two outputs are equal (Django escapes ' as &#x27;, Jinja2 as
    &#39;: the same character); else where they first differ."""
    b = b.replace("&#39;", "&#x27;")
    if a == b:
        return True
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
        min(len(a), len(b)),
    )
    return f"differ at {at}: {a[at - 60 : at + 60]!r} / {b[at - 60 : at + 60]!r}"


@override_settings(STORAGES=STATIC)
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    jinja = jinja_engine()
    paths = pages()
    print(f"load average before: {os.getloadavg()}", flush=True)
    print(
        f"{'page':22} {'request':>8} {'render':>7} {'loop':>6} {'shell Dj':>9}"
        f" {'shell J2':>9} {'loop Dj':>8} {'loop J2':>8}  same output (shell, loop)"
    )
    for page in ("topic 20", "latest"):
        for who, client in clients().items():
            row = measure(f"{page} {who}", client, paths[page], args.runs, jinja)
            loops = (
                f"{row['loop_django_ms']:8.2f} {row['loop_jinja_ms']:8.2f}"
                if row["loop_django_ms"] is not None
                else f"{'-':>8} {'-':>8}"
            )
            print(
                f"{row['page']:22} {row['request_ms']:8.2f} {row['render_ms']:7.2f}"
                f" {row['loop_in_request_ms']:6.2f} {row['shell_django_ms']:9.2f}"
                f" {row['shell_jinja_ms']:9.2f} {loops}"
                f"  {row['same_shell']}, {row['same_loop']}",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
