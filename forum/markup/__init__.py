"""Markdown -> safe HTML ("cooking") for posts and their live preview."""

from forum.markup.absolute import absolute_markdown_urls, absolute_urls
from forum.markup.pipeline import mentioned_usernames, render
from forum.markup.uploads import UploadInfo
from forum.markup.uploads import set_resolver as set_upload_resolver

__all__ = [
    "UploadInfo",
    "absolute_markdown_urls",
    "absolute_urls",
    "mentioned_usernames",
    "render",
    "set_upload_resolver",
]
