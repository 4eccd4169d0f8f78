"""Who may upload, and who may fetch an upload."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

from forum.topics.models import Post

from .models import Upload


def upload_refusal(user) -> str | None:
    """Why `user` may not upload files at all, or None if they may."""
    if not user.is_authenticated:
        return "Sign in to upload files."
    if user.is_staff_or_moderator:
        return None
    if user.is_silenced:
        return "You are silenced and may not upload files for now."
    level = settings.FORUM_UPLOAD_MIN_TRUST_LEVEL
    if user.trust_level < level:
        return (
            f"Members may upload files from trust level {level}; you are at level "
            f"{user.trust_level}. Reading a few more topics lifts this."
        )
    return None


def can_upload(user) -> bool:
    return upload_refusal(user) is None


def check_can_upload(user) -> None:
    """Raise ValidationError (code "trust_level") if `user` may not upload."""
    refusal = upload_refusal(user)
    if refusal:
        raise ValidationError(refusal, code="trust_level")


def can_view_upload(user, upload: Upload) -> bool:
    """Staff, the uploader, and whoever may see a post that uses the upload.

    An upload no post uses yet is only for its uploader (their composer preview);
    one used only in a restricted category is only for those who may read it.
    """
    if user.is_authenticated and (user.is_staff or upload.uploader_id == user.id):
        return True
    return Post.objects.visible_to(user).filter(upload_uses__upload=upload).exists()
