from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from tests.fake_github import fake_github  # noqa: F401


@pytest.fixture
def github_sign_in(fake_github):  # noqa: F811
    """Walk the GitHub OAuth round trip with a Django test client.

    The client asks Meridian to start, the fake GitHub (over real HTTP) sends it
    back with a code, and Meridian exchanges the code and reads the profile from
    the fake, as it would from github.com. Returns the callback's response.
    """

    def walk(client, process: str = "login"):
        start = reverse("github_login")
        assert client.get(start, {"process": process}).status_code == 200
        response = client.post(start, {"process": process})
        assert response.status_code == 302, response.content
        authorize = response["Location"]
        assert authorize.startswith(fake_github.url + "/login/oauth/authorize")
        back = requests.get(authorize, allow_redirects=False, timeout=10)
        assert back.status_code == 302
        callback = urlsplit(back.headers["Location"])
        return client.get(f"{callback.path}?{callback.query}")

    return walk
