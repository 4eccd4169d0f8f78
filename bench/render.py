"""CPU per request of the hot pages, in this process, without servers or `wrk`:
for measuring rendering on a machine too busy for `make bench`
(docs/performance.md, "Rendering micro-benchmark").

    DATABASE_URL=sqlite:///var/bench/forum-small.sqlite3 \\
        python -m bench.render [--requests 200] [--profile "topic 20 member"]

Runs on a database filled by `manage.py generate_forum`. Each page is requested
5 times to warm the process (templates, caches), then `--requests` times; the
CPU time of this process (`time.process_time`) per request is printed, with the
load average before and after. `--profile NAME` prints cProfile's top
functions for one page instead.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-render-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("FORUM_ANON_CACHE_SECONDS", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from forum.categories.models import Category  # noqa: E402
from forum.demo.generate import BENCH_USERNAME  # noqa: E402
from forum.topics.models import Topic  # noqa: E402

HOST = "127.0.0.1"
# Plain static files: production's manifest needs `collectstatic` first, and
# static URLs are not what is measured.
STATIC = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def pages() -> dict[str, str]:
    public = Topic.objects.filter(
        category__permissions__isnull=True, deleted_at__isnull=True
    )
    small = public.filter(highest_post_number=20).first() or public.first()
    large = public.filter(highest_post_number=400).first() or small
    category = (
        Category.objects.filter(parent__isnull=True, permissions__isnull=True)
        .order_by("-topic_count")
        .first()
    )
    return {
        "topic 20": small.get_absolute_url() + "?page=1",
        # Page 1 of 20: no suggested topics (they end the last page).
        "topic 400": large.get_absolute_url() + "?page=1",
        "latest": "/latest",
        "category list": category.get_absolute_url(),
        "latest.rss": "/latest.rss",
    }


def clients() -> dict[str, Client]:
    member = Client(HTTP_HOST=HOST)
    member.force_login(User.objects.get(username=BENCH_USERNAME))
    return {"anon": Client(HTTP_HOST=HOST), "member": member}


def cpu_ms(client: Client, path: str, requests: int) -> float:
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    start = time.process_time()
    for _ in range(requests):
        client.get(path)
    return (time.process_time() - start) * 1000 / requests


@override_settings(STORAGES=STATIC)
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    by_name = {
        f"{page} {who}": (client, path)
        for page, path in pages().items()
        for who, client in clients().items()
    }
    if args.profile:
        client, path = by_name[args.profile]
        cpu_ms(client, path, 1)
        profile = cProfile.Profile()
        profile.runcall(cpu_ms, client, path, args.requests)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for name, (client, path) in by_name.items():
        print(f"{name:24} {cpu_ms(client, path, args.requests):7.2f} ms CPU/request")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
