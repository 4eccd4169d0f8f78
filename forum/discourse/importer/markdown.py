"""Discourse's own BBCode-style Markdown, made readable by any Markdown:
quotes with their attribution, [details] blocks and polls."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

QUOTE = re.compile(
    # A body without another [quote in it: the innermost quote.
    r"\[quote(?:=\"(?P<attrs>[^\"\]]*)\")?\]\s*\n?"
    r"(?P<body>(?:(?!\[quote).)*?)\n?\[/quote\]",
    re.DOTALL | re.IGNORECASE,
)
DETAILS = re.compile(
    r"\[details(?:=\"(?P<summary>[^\"\]]*)\")?\]\s*\n?(?P<body>.*?)\n?\[/details\]",
    re.DOTALL | re.IGNORECASE,
)
POLL = re.compile(
    r"\[poll[^\]]*\]\s*\n?(?P<body>.*?)\n?\[/poll\]", re.DOTALL | re.IGNORECASE
)


def _quoted(body: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in body.strip().split("\n"))


def _quote(match: re.Match, topic_id: Callable[[int], int]) -> str:
    attrs = [part.strip() for part in (match["attrs"] or "").split(",")]
    who = attrs[0] if attrs and attrs[0] else None
    fields = dict(part.split(":", 1) for part in attrs[1:] if ":" in part)
    heading = ""
    if who:
        heading = f"> **{who}**"
        if fields.get("topic", "").isdigit() and fields.get("post", "").isdigit():
            topic = topic_id(int(fields["topic"]))
            heading += f" [wrote](/t/{topic}/{fields['post']}):"
        else:
            heading += " wrote:"
        heading += "\n>\n"
    return f"\n{heading}{_quoted(match['body'])}\n"


def _details(match: re.Match) -> str:
    summary = (match["summary"] or "Details").strip()
    return f"\n**{summary}**\n\n{match['body'].strip()}\n"


def _poll(match: re.Match) -> str:
    return f"\n**Poll:**\n\n{match['body'].strip()}\n"


def readable(raw: str, *, topic_id: Callable[[int], int] = int) -> str:
    """`raw` with Discourse-only markup turned into plain Markdown; a quote's
    link goes to the topic `topic_id` says its Discourse topic now is."""
    text = raw
    quote = partial(_quote, topic_id=topic_id)
    # Innermost quotes first, so nested quotes nest.
    while True:
        changed = QUOTE.sub(quote, text)
        if changed == text:
            break
        text = changed
    text = DETAILS.sub(_details, text)
    return POLL.sub(_poll, text).strip()
