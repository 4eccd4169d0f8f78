"""Parse the seed content in `fixtures/` (see fixtures/README.md for the format)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BLOCK = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL | re.MULTILINE)


@dataclass
class SeedPost:
    meta: dict
    body: str

    @property
    def digest(self) -> str:
        return self.digest_for(self.body)

    def digest_for(self, rendered: str) -> str:
        """A fingerprint of the front matter and the body as filled in: a fixture
        edit and a change of a quoted setting or URL both change it."""
        payload = json.dumps([self.meta, rendered], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class SeedTopic:
    key: str
    posts: list[SeedPost] = field(default_factory=list)

    @property
    def meta(self) -> dict:
        return self.posts[0].meta


def parse_topic_file(path: Path) -> SeedTopic:
    """Split a topic file into posts: each a YAML front-matter block and its body."""
    text = path.read_text(encoding="utf-8")
    matches = list(BLOCK.finditer(text))
    if not matches or matches[0].start() != 0:
        raise ValueError(
            f"{path.name}: a topic file starts with a --- front matter block"
        )
    topic = SeedTopic(key=path.stem)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        meta = yaml.safe_load(match.group(1)) or {}
        topic.posts.append(SeedPost(meta=meta, body=text[match.end() : end].strip()))
    return topic


def load_yaml(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []
