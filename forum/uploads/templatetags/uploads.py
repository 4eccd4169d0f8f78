from django import template
from django.conf import settings

from forum.uploads.permissions import upload_refusal

register = template.Library()


@register.inclusion_tag("uploads/_composer_upload.html", takes_context=True)
def composer_upload(context, field) -> dict:
    """The composer's attach control for `field` (the Markdown textarea)."""
    return {
        "field": field,
        "topic": context.get("topic"),
        "refusal": upload_refusal(context["request"].user),
        "upload_kinds": settings.FORUM_UPLOAD_KINDS,
        "image_mb": settings.FORUM_UPLOAD_MAX_IMAGE_MB,
        "file_mb": settings.FORUM_UPLOAD_MAX_FILE_MB,
    }
