"""A small reader of a Discourse site's JSON API (the standard library only)."""

from __future__ import annotations

import json
import time
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

MAX_FILE_BYTES = 5 * 1024 * 1024


class DiscourseUnavailable(Exception):
    """The site could not be read; the message says what to check."""


class NotFound(Exception):
    pass


class DiscourseReader:
    def __init__(self, url: str, *, api_key: str, api_username: str, retries: int = 3):
        if not url.startswith(("http://", "https://")):
            raise ValueError("A Discourse site's URL starts with http:// or https://")
        self.url = url.rstrip("/")
        self.headers = {
            "Api-Key": api_key,
            "Api-Username": api_username,
            "Accept": "application/json",
            "User-Agent": "Meridian import_discourse",
        }
        self.retries = retries

    def _open(
        self, path: str, params: dict | None = None, *, limit: int | None = None
    ) -> bytes:
        url = path if "://" in path else self.url + path
        url += f"?{urlencode(params, doseq=True)}" if params else ""
        # The key goes to the site only, never to the CDN an avatar is on.
        headers = self.headers if url.startswith(self.url + "/") else {}
        for attempt in range(self.retries + 1):
            try:
                # The scheme is checked (in __init__ and binary()): http(s) only.
                request = Request(url, headers=headers)  # noqa: S310
                with urlopen(request, timeout=30) as answer:  # noqa: S310
                    return answer.read(limit) if limit else answer.read()
            except HTTPError as error:
                if error.code in (403, 404):
                    raise NotFound(path) from error
                if error.code == 429 and attempt < self.retries:
                    time.sleep(_wait_seconds(error))
                    continue
                raise DiscourseUnavailable(
                    f"{url} answered {error.code}: check the site URL and the key."
                ) from error
            except URLError as error:
                raise DiscourseUnavailable(
                    f"Cannot reach {url}: {error.reason}"
                ) from error
        raise DiscourseUnavailable(f"{url} kept answering 429 (rate limited).")

    def get(self, path: str, **params) -> dict:
        return json.loads(self._open(path, params))

    def raw(self, topic_id: int, post_number: int) -> str:
        return self._open(f"/raw/{topic_id}/{post_number}").decode("utf-8")

    def binary(self, address: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
        """A file (an avatar) at a path of the site or a full http(s) URL (a
        CDN), at most `limit` bytes."""
        if address.startswith("//"):
            address = self.url.split("//", 1)[0] + address
        if "://" in address and not address.startswith(("http://", "https://")):
            raise NotFound(address)
        if "://" not in address and not address.startswith("/"):
            raise NotFound(address)
        return self._open(address, limit=limit)


def _wait_seconds(error: HTTPError) -> float:
    try:
        return float(json.loads(error.read())["extras"]["wait_seconds"])
    except (ValueError, KeyError, TypeError):
        return float(error.headers.get("Retry-After") or 5)
