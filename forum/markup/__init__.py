"""Markdown -> safe HTML ("cooking") for posts and their live preview."""

from forum.markup.pipeline import mentioned_usernames, render

__all__ = ["mentioned_usernames", "render"]
