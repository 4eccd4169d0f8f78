"""Discourse's user API keys: the /user-api-key/new flow (an application's
public key in, the key back encrypted for it alone), the `User-Api-Key` header
within the key's scopes, and revoking."""

import base64
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from forum.discourse.models import UserApiKey
from forum.topics.models import Post


@pytest.fixture(scope="module")
def app_key():
    """The application's own key pair: only it can read what the forum sends."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _request(app_key, **changes) -> str:
    pem = app_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    params = {
        "application_name": "Release bot",
        "client_id": "release-bot-1",
        "scopes": "read,write",
        "public_key": pem.decode(),
        "nonce": "a-fresh-nonce",
        "auth_redirect": "discourse://auth_redirect",
        **changes,
    }
    return "/user-api-key/new?" + urlencode(
        {k: v for k, v in params.items() if v is not None}
    )


def _read(app_key, payload: str, *, oaep=False) -> dict:
    scheme = padding.PKCS1v15()
    if oaep:
        scheme = padding.OAEP(
            mgf=padding.MGF1(algorithm=hashes.SHA1()),  # noqa: S303
            algorithm=hashes.SHA1(),  # noqa: S303
            label=None,
        )
    return json.loads(app_key.decrypt(base64.b64decode(payload), scheme))


@pytest.fixture
def grant(client, member, app_key):
    """Alice authorizes the application; returns what it decrypts."""
    client.force_login(member)

    def authorize(**changes) -> dict:
        response = client.post(_request(app_key, **changes))
        assert response.status_code == 302
        assert response.url.startswith("discourse://auth_redirect?payload=")
        payload = parse_qs(urlsplit(response.url).query)["payload"][0]
        return _read(app_key, payload)

    return authorize


def _app(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_USER_API_KEY=key)
    return api


def test_signing_in_comes_first(client, app_key, db):
    response = client.get(_request(app_key))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/user-api-key/new")


def test_the_page_names_the_application_and_what_it_may_do(client, member, app_key):
    client.force_login(member)
    response = client.get(_request(app_key))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Release bot" in page
    assert "read everything you can read" in page
    assert "post, edit, like and change things as you" in page
    assert "Authorize</button>" in page
    assert not UserApiKey.objects.exists()


def test_authorizing_sends_the_key_encrypted_for_the_application(grant, member):
    answer = grant()
    assert answer["nonce"] == "a-fresh-nonce"
    assert answer["api"] == 4
    key = UserApiKey.objects.get()
    assert (key.user, key.application_name, key.scope_list) == (
        member,
        "Release bot",
        ["read", "write"],
    )
    assert answer["key"] not in key.hashed_key


def test_the_key_acts_as_the_member_on_discourse_paths(grant, member, topic):
    api = _app(grant()["key"])
    assert api.get("/notifications.json").status_code == 200
    response = api.post(
        "/posts", {"raw": "A reply sent by the release bot.", "topic_id": topic.id}
    )
    assert response.status_code == 200
    assert Post.objects.get(id=response.json()["id"]).author == member
    assert UserApiKey.objects.get().last_used_at is not None


def test_a_read_scope_key_may_read_but_not_write(grant, topic):
    api = _app(grant(scopes="read")["key"])
    assert api.get(f"/t/{topic.id}.json").status_code == 200
    response = api.post(
        "/posts", {"raw": "A reply the key may not send.", "topic_id": topic.id}
    )
    assert response.status_code == 403
    assert response.json()["error_type"] == "invalid_access"
    assert "read scope only" in response.json()["errors"][0]
    assert topic.posts.count() == 1


def test_without_auth_redirect_the_page_shows_the_key_to_paste(client, member, app_key):
    client.force_login(member)
    response = client.post(_request(app_key, auth_redirect=None, padding="oaep"))
    assert response.status_code == 200
    page = response.content.decode()
    payload = page.split('id="user-api-key-payload">')[1].split("<")[0]
    assert _read(app_key, payload, oaep=True)["nonce"] == "a-fresh-nonce"


@pytest.mark.parametrize(
    "changes",
    [
        {"auth_redirect": "https://evil.example/steal"},
        {"scopes": "read,push"},
        {"scopes": ""},
        {"public_key": "not a key"},
        {"nonce": None},
        {"application_name": None},
    ],
)
def test_requests_the_forum_cannot_grant_are_400(client, member, app_key, changes):
    client.force_login(member)
    url = _request(app_key, **changes)
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert not UserApiKey.objects.exists()


def test_a_small_rsa_key_is_refused(client, member):
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 (the point)
    client.force_login(member)
    response = client.post(_request(weak))
    assert response.status_code == 400
    assert b"at least 2048 bits" in response.content


def test_authorizing_needs_the_csrf_token(member, app_key):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(_request(app_key)).status_code == 403
    assert not UserApiKey.objects.exists()


def test_asking_again_replaces_the_clients_earlier_key(grant):
    first, second = grant()["key"], grant()["key"]
    assert _app(first).get("/notifications.json").status_code == 401
    assert _app(second).get("/notifications.json").status_code == 200


def test_revoke_ends_the_key_that_sends_it(grant):
    api = _app(grant()["key"])
    response = api.post("/user-api-key/revoke")
    assert response.json() == {"success": "OK"}
    response = api.get("/notifications.json")
    assert response.status_code == 401
    assert response.json()["error_type"] == "not_logged_in"


def test_revoke_by_id_only_the_callers_own_keys(grant, other_member):
    grant()
    key = UserApiKey.objects.get()
    bob = APIClient()
    bob.force_authenticate(other_member)
    assert bob.post("/user-api-key/revoke", {"id": key.id}).status_code == 404
    owner = APIClient()
    owner.force_authenticate(key.user)
    assert owner.post("/user-api-key/revoke", {"id": key.id}).status_code == 200
    key.refresh_from_db()
    assert key.is_revoked


def test_a_suspended_members_key_stops_working(grant, member):
    api = _app(grant()["key"])
    account_services.suspend_user(
        user=member, until=timezone.now() + timedelta(days=1), reason="Spam."
    )
    assert api.get("/notifications.json").status_code == 401


def test_a_revoked_key_says_to_authorize_the_application_again(grant):
    api = _app(grant()["key"])
    api.post("/user-api-key/revoke")
    response = api.get("/notifications.json")
    assert response.json()["errors"] == [
        "This user API key was revoked: authorize the application again."
    ]


def test_a_suspended_members_key_says_why_its_owner_may_not_come_in(grant, member):
    api = _app(grant()["key"])
    account_services.suspend_user(
        user=member, until=timezone.now() + timedelta(days=1), reason="Spam."
    )
    [error] = api.get("/notifications.json").json()["errors"]
    assert error.startswith("The owner of this key: ")
    assert "suspended" in error


def test_an_unknown_key_is_401(db):
    response = _app("mer_nonsense").get("/latest.json")
    assert response.status_code == 401
    assert response.json()["error_type"] == "not_logged_in"


def test_the_applications_page_lists_and_revokes(grant, client, member):
    key = _app(grant()["key"])
    response = client.get("/my/preferences/apps")
    assert response.url == "/u/alice/preferences/apps"
    page = client.get(response.url).content.decode()
    assert "Release bot" in page
    assert "read and write" in page
    granted = UserApiKey.objects.get()
    response = client.post(f"/u/alice/preferences/apps/{granted.id}/revoke")
    assert response.url == "/u/alice/preferences/apps"
    assert key.get("/notifications.json").status_code == 401
    page = client.get(response.url).content.decode()
    assert "“Release bot” may no longer act as you." in page
    assert "You have not authorized any application." in page


def test_someone_elses_applications_are_404(grant, other_member):
    grant()
    granted = UserApiKey.objects.get()
    bob = Client()
    bob.force_login(other_member)
    assert bob.get("/u/alice/preferences/apps").status_code == 404
    assert bob.post(f"/u/alice/preferences/apps/{granted.id}/revoke").status_code == 404
    granted.refresh_from_db()
    assert not granted.is_revoked


def test_the_applications_page_query_count_is_bounded(
    grant, client, django_assert_max_num_queries
):
    for n in range(5):
        grant(client_id=f"client-{n}")
    client.get("/u/alice/preferences/apps")  # warm-up: the daily visit note
    with django_assert_max_num_queries(6):
        response = client.get("/u/alice/preferences/apps")
    assert response.content.decode().count("Revoke</button>") == 5


def test_a_read_scope_key_may_revoke_itself(grant):
    api = _app(grant(scopes="read")["key"])
    assert api.post("/user-api-key/revoke").status_code == 200
    assert api.get("/latest.json").status_code == 401


def test_a_read_scope_key_may_change_nothing_on_any_discourse_path(grant, topic):
    api = _app(grant(scopes="read")["key"])
    post = topic.posts.get()
    for method, url, data in [
        ("put", f"/posts/{post.id}", {"post[raw]": "A read key rewrites this."}),
        ("delete", f"/posts/{post.id}", {}),
        ("put", f"/t/{topic.slug}/{topic.id}", {"title": "A read key renames it"}),
        ("put", f"/t/{topic.id}/status", {"status": "closed", "enabled": "true"}),
        ("post", "/post_actions", {"id": post.id, "post_action_type_id": 2}),
        ("post", f"/t/{topic.id}/notifications", {"notification_level": 3}),
        ("post", "/solution/accept", {"id": post.id}),
    ]:
        response = getattr(api, method)(url, data)
        assert response.status_code == 403, (method, url)
    topic.refresh_from_db()
    assert topic.title == "Reading calexp images"
    assert not topic.is_closed


def test_the_application_learns_who_it_acts_as(grant, member):
    body = _app(grant(scopes="read")["key"]).get("/session/current.json").json()
    user = body["current_user"]
    assert (user["id"], user["username"], user["name"]) == (
        member.id,
        "alice",
        "Alice Astro",
    )
    assert user["unread_notifications"] == 0
    assert user["admin"] is False


def test_a_visitor_has_no_current_user(db):
    response = APIClient().get("/session/current.json")
    assert response.status_code == 404
    assert response.json()["error_type"] == "not_found"
