"""Markdown -> safe HTML ("cooking") for posts and their live preview."""

from forum.markup.absolute import absolute_markdown_urls, absolute_urls
from forum.markup.oneboxes import Preview, lone_urls
from forum.markup.oneboxes import add_resolver as add_preview_resolver
from forum.markup.pipeline import mentioned_usernames, render
from forum.markup.uploads import UploadInfo
from forum.markup.uploads import set_resolver as set_upload_resolver

__all__ = [
    "Preview",
    "UploadInfo",
    "absolute_markdown_urls",
    "absolute_urls",
    "add_preview_resolver",
    "lone_urls",
    "mentioned_usernames",
    "render",
    "set_upload_resolver",
]
