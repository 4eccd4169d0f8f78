"""A stand-in Discourse on 127.0.0.1: a tiny WSGI app serving a small forum in
Discourse's documented JSON shapes (the paths the importer reads), built from
the recording in `forum_recording()`. Tests change the recording and read back
which paths were asked for; `fail_after` makes it stop answering half-way."""

from __future__ import annotations

import io
import json
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from PIL import Image

ADMIN_KEY = "admin-key-123"
PER_PAGE = 2  # topics per /latest.json page: 5 topics make 3 pages
CHUNK = 20  # posts in /t/<id>.json before the client asks for more


def _post(post_id, number, username, raw, *, reply_to=None, post_type=1, likers=()):
    return {
        "likers": list(likers),
        "id": post_id,
        "post_number": number,
        "username": username,
        "post_type": post_type,
        "created_at": f"2023-03-{1 + number % 28:02}T10:00:00.000Z",
        "reply_to_post_number": reply_to,
        "deleted_at": None,
        "raw": raw,
    }


def forum_recording(topic_ids: list[int], long_topic_posts: int = 1001) -> dict:
    """Four categories (one restricted, one a subcategory), three users, five
    topics: a solved one, a restricted one, a long one, a pinned and closed one
    with a Unicode title and Discourse-only Markdown."""
    a, b, c, d, e = topic_ids
    categories = [
        {
            "id": 901,
            "name": "General",
            "slug": "general",
            "color": "0088CC",
            "description_text": "Anything about the survey.",
            "position": 1,
            "read_restricted": False,
            "parent_category_id": None,
        },
        {
            "id": 902,
            "name": "Help",
            "slug": "help",
            "color": "25AAE2",
            "description_text": "Questions and answers.",
            "position": 2,
            "read_restricted": False,
            "parent_category_id": None,
        },
        {
            "id": 903,
            "name": "Butler help",
            "slug": "butler-help",
            "color": "F1592A",
            "description_text": "",
            "position": 3,
            "read_restricted": False,
            "parent_category_id": 902,
        },
        {
            "id": 904,
            "name": "Collaboration",
            "slug": "collaboration",
            "color": "652D90",
            "description_text": "Members only.",
            "position": 4,
            "read_restricted": True,
            "parent_category_id": None,
            "group_permissions": [{"permission_type": 1, "group_name": "collab"}],
        },
    ]
    users = {
        "alice": {
            "id": 11,
            "username": "alice",
            "name": "Alice Ødegaard",
            "trust_level": 2,
            "title": "",
            "email": "alice@example.org",
            "avatar_template": "/user_avatar/127.0.0.1/alice/{size}/7_2.png",
        },
        "bob": {
            "id": 12,
            "username": "bob",
            "name": "Bob Ng",
            "trust_level": 1,
            "title": "",
            "email": "bob@example.org",
            "avatar_template": "/letter_avatar_proxy/v4/letter/b/8e7dd6/{size}.png",
        },
        "carol": {
            "id": 13,
            "username": "carol",
            "name": "Carol",
            "trust_level": 4,
            "title": "Leader",
            "email": "carol@example.org",
            # An avatar file that is not an image: skipped, with the reason.
            "avatar_template": "/user_avatar/127.0.0.1/carol/{size}/9_2.png",
        },
        # In the collaboration's group, but never wrote anything.
        "dave": {
            "id": 14,
            "username": "dave",
            "name": "Dave Quiet",
            "trust_level": 1,
            "title": "",
            "email": "dave@example.org",
        },
    }
    groups = [
        {
            "id": 1,
            "name": "trust_level_0",
            "automatic": True,
            "members": ["alice", "bob", "carol", "dave"],
        },
        {
            "id": 41,
            "name": "collab",
            "full_name": "Collaboration members",
            "automatic": False,
            "title": "Collaborator",
            "bio_raw": "People of the collaboration.",
            "visibility_level": 2,
            "allow_membership_requests": True,
            "members": ["carol", "dave"],
            "owners": ["carol"],
        },
    ]
    long_posts = [
        _post(30000 + n, n, "bob" if n % 2 else "carol", f"Long reply number {n}.")
        for n in range(1, long_topic_posts + 1)
    ]
    topics = [
        {
            "id": a,
            "title": "How do I read calexp images?",
            "category_id": 903,
            "posts": [
                _post(10001, 1, "alice", "I cannot read a **calexp**; what is wrong?"),
                _post(
                    10002,
                    2,
                    "bob",
                    "Use `butler.get('calexp', dataId)`.",
                    reply_to=1,
                    likers=["alice", "carol"],
                ),
                _post(
                    10003,
                    3,
                    "alice",
                    f'[quote="bob, post:2, topic:{a}"]\n'
                    "Use butler.get\n[/quote]\nThat worked, thanks!",
                ),
            ],
            "accepted_answer": {"post_number": 2, "username": "bob"},
            "tags": ["butler", "calexp"],
        },
        {
            "id": b,
            "title": "Embargoed transient candidates",
            "category_id": 904,
            "posts": [_post(20001, 1, "carol", "The embargoed list is attached.")],
        },
        {
            "id": c,
            "title": "A very long discussion of photometry",
            "category_id": 901,
            "posts": long_posts,
        },
        {
            "id": d,
            "title": "Überlegungen zur Kalibrierung — 日本語のトピック",
            "category_id": 901,
            "closed": True,
            "pinned": True,
            "posts": [
                _post(
                    40001,
                    1,
                    "carol",
                    "Grüße! Zusammenfassung:\n\n"
                    '[details="Mehr lesen"]\nVersteckter Text 😀\n[/details]\n\n'
                    "[poll type=regular]\n* Ja\n* Nein\n[/poll]",
                ),
                _post(40002, 2, "system", "closed", post_type=3),
            ],
        },
        {
            "id": e,
            "title": "Welcome to the new forum",
            "category_id": 901,
            "archived": True,
            "posts": [_post(50001, 1, "carol", "Welcome, everyone: say hello here.")],
        },
    ]
    for topic in topics:
        topic["slug"] = re.sub(r"[^a-z0-9]+", "-", topic["title"].lower()).strip("-")
    return {
        "categories": categories,
        "users": users,
        "groups": groups,
        "topics": topics,
    }


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), "#3f6ea6").save(out, format="PNG")
    return out.getvalue()


@dataclass
class FakeDiscourse:
    recording: dict
    url: str = ""
    requests: list[str] = field(default_factory=list)
    fail_after: int | None = None  # answer 503 once this many topics were read

    def topic(self, topic_id: int) -> dict | None:
        return next((t for t in self.recording["topics"] if t["id"] == topic_id), None)

    # The WSGI app.
    def __call__(self, environ, start_response):
        path, query = environ["PATH_INFO"], parse_qs(environ.get("QUERY_STRING", ""))
        self.requests.append(path)
        is_admin = environ.get("HTTP_API_KEY") == ADMIN_KEY
        topic_reads = sum(1 for p in self.requests if re.fullmatch(r"/t/\d+\.json", p))
        if self.fail_after is not None and topic_reads > self.fail_after:
            return self._answer(start_response, 503, {"errors": ["Down"]})
        status, body = self.route(path, query, is_admin)
        return self._answer(start_response, status, body)

    def _answer(self, start_response, status, body):
        if isinstance(body, bytes):
            payload, kind = body, "image/png"
        elif isinstance(body, str):
            payload, kind = body.encode(), "text/plain; charset=utf-8"
        else:
            payload, kind = json.dumps(body).encode(), "application/json; charset=utf-8"
        reason = {200: "OK", 404: "Not Found", 503: "Unavailable"}[status]
        start_response(f"{status} {reason}", [("Content-Type", kind)])
        return [payload]

    def route(self, path: str, query: dict, is_admin: bool):
        rec = self.recording
        if path == "/site.json":
            public = [
                {k: v for k, v in c.items() if k != "group_permissions"}
                for c in rec["categories"]
            ]
            return 200, {"categories": public}
        if m := re.fullmatch(r"/c/(\d+)/show\.json", path):
            found = [c for c in rec["categories"] if c["id"] == int(m[1])]
            return (200, {"category": found[0]}) if found else (404, {"errors": []})
        if path == "/about.json":
            stats = {"topic_count": len(rec["topics"]), "user_count": 4}
            return 200, {"about": {"title": "Stand-in", "stats": stats}}
        if path == "/groups.json":
            # One group a page, and a next page always named, as Discourse does.
            page = int(query.get("page", ["0"])[0])
            rows = [
                {k: v for k, v in g.items() if k not in ("members", "owners")}
                for g in rec["groups"][page : page + 1]
            ]
            return 200, {
                "groups": rows,
                "extras": {"group_user_ids": []},
                "total_rows_groups": len(rec["groups"]),
                "load_more_groups": f"/groups?page={page + 1}",
            }
        if m := re.fullmatch(r"/groups/([\w-]+)/members\.json", path):
            group = next(g for g in rec["groups"] if g["name"] == m[1])
            offset = int(query.get("offset", ["0"])[0])
            limit = int(query.get("limit", ["50"])[0])
            # One member a page, as a big group would need several.
            names = group["members"][offset : offset + min(limit, 1)]
            owners = group.get("owners", []) if offset == 0 else []
            return 200, {
                "members": [self._member(n) for n in names],
                "owners": [self._member(n) for n in owners],
                "meta": {"total": len(group["members"]), "limit": 1, "offset": offset},
            }
        if m := re.fullmatch(r"/user_avatar/[^/]+/(\w+)/240/\w+\.png", path):
            return 200, _png() if m[1] == "alice" else b"not an image"
        if path == "/latest.json":
            page = int(query.get("page", ["0"])[0])
            rows = rec["topics"][page * PER_PAGE : (page + 1) * PER_PAGE]
            listing = {"topics": [{"id": t["id"], "title": t["title"]} for t in rows]}
            if (page + 1) * PER_PAGE < len(rec["topics"]):
                listing["more_topics_url"] = f"/latest?page={page + 1}"
            return 200, {"users": [], "topic_list": listing}
        if m := re.fullmatch(r"/t/(\d+)\.json", path):
            topic = self.topic(int(m[1]))
            return (200, self._topic(topic)) if topic else (404, {"errors": []})
        if m := re.fullmatch(r"/t/(\d+)/posts\.json", path):
            topic = self.topic(int(m[1]))
            wanted = {int(i) for i in query.get("post_ids[]", [])}
            posts = [self._post_json(p) for p in topic["posts"] if p["id"] in wanted]
            return 200, {"post_stream": {"posts": posts}, "id": topic["id"]}
        if m := re.fullmatch(r"/raw/(\d+)/(\d+)", path):
            topic = self.topic(int(m[1]))
            for post in topic["posts"] if topic else []:
                if post["post_number"] == int(m[2]):
                    return 200, post["raw"]
            return 404, {"errors": []}
        if path == "/post_action_users.json":
            post_id = int(query["id"][0])
            posts = [p for t in rec["topics"] for p in t["posts"] if p["id"] == post_id]
            likers = posts[0]["likers"] if posts else []
            rows = [
                {"id": rec["users"][name]["id"], "username": name} for name in likers
            ]
            return 200, {"post_action_users": rows}
        if m := re.fullmatch(r"/u/([\w.-]+)\.json", path):
            user = rec["users"].get(m[1]) or self._system(m[1])
            public = {k: v for k, v in user.items() if k != "email"}
            return 200, {"user_badges": [], "user": public}
        if m := re.fullmatch(r"/u/([\w.-]+)/emails\.json", path):
            user = rec["users"].get(m[1])
            if not is_admin or user is None:
                return 404, {"errors": ["not found"], "error_type": "not_found"}
            return 200, {"email": user["email"], "secondary_emails": []}
        return 404, {"errors": ["The requested URL could not be found."]}

    def _member(self, username):
        user = self.recording["users"][username]
        return {
            "id": user["id"],
            "username": username,
            "name": user["name"],
            "avatar_template": user.get("avatar_template"),
            "title": user["title"] or None,
            "last_posted_at": None,
            "last_seen_at": "2023-03-01T10:00:00.000Z",
        }

    def _system(self, username):
        return {"id": -1, "username": username, "name": "System", "trust_level": 4}

    def _post_json(self, post):
        data = {k: v for k, v in post.items() if k not in ("raw", "likers")}
        data["actions_summary"] = [{"id": 2, "count": len(post["likers"])}]
        return data

    def _topic(self, topic):
        posts = [self._post_json(p) for p in topic["posts"]]
        first = topic["posts"][0]
        return {
            "id": topic["id"],
            "title": topic["title"],
            "slug": topic["slug"],
            "category_id": topic["category_id"],
            "created_at": first["created_at"],
            "views": 42,
            "closed": topic.get("closed", False),
            "archived": topic.get("archived", False),
            "visible": True,
            "pinned": topic.get("pinned", False),
            "pinned_globally": False,
            "tags": topic.get("tags", []),
            "accepted_answer": topic.get("accepted_answer"),
            "post_stream": {
                "posts": posts[:CHUNK],
                "stream": [p["id"] for p in posts],
            },
            "details": {"created_by": {"username": first["username"]}},
        }


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


def serve(fake: FakeDiscourse):
    """Serve `fake` on a free port of 127.0.0.1 until the returned stop() runs."""
    server = make_server("127.0.0.1", 0, fake, handler_class=_QuietHandler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join()

    return stop
