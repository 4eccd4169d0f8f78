"""Every write to uploads. The composer, the API, the admin, the tasks (and mail
in, through `create_upload`) call these."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.utils import OperationalError, ProgrammingError
from django.utils import timezone

from forum import markup
from forum.core.page_cache import bump_page_cache
from forum.topics.models import Post
from forum.topics.services import rebake_posts

from . import images, kinds
from .models import Kind, Upload, UploadUse
from .names import clean_name
from .permissions import can_view_upload, check_can_upload

MB = 1024 * 1024


def _limit_mb(extension: str) -> float:
    if extension in kinds.IMAGES:
        return settings.FORUM_UPLOAD_MAX_IMAGE_MB
    return settings.FORUM_UPLOAD_MAX_FILE_MB


def max_request_bytes() -> int:
    """The largest request an upload may come in (the file and the form around it)."""
    largest = max(settings.FORUM_UPLOAD_MAX_IMAGE_MB, settings.FORUM_UPLOAD_MAX_FILE_MB)
    return int(largest * MB) + MB


def daily_quota_mb(user) -> float | None:
    """Megabytes `user` may upload per day by trust level; None: not limited."""
    if user.is_staff_or_moderator:
        return None
    quotas = settings.FORUM_UPLOAD_DAILY_MB
    return quotas[min(user.trust_level, len(quotas) - 1)]


def _check_kind(name: str) -> str:
    extension = kinds.claimed_extension(name)
    allowed = settings.FORUM_UPLOAD_KINDS
    if extension not in allowed:
        what = f".{extension} files" if extension else "Files without an extension"
        raise ValidationError(
            f"{what} cannot be uploaded. Allowed: {', '.join(allowed)}.",
            code="kind",
        )
    return extension


def _read(file, extension: str) -> bytes:
    limit_mb = _limit_mb(extension)
    limit = int(limit_mb * MB)
    noun = "Images" if extension in kinds.IMAGES else "Files"
    size = getattr(file, "size", None)
    if hasattr(file, "seek"):
        file.seek(0)
    # Never more than the limit in memory, whatever the size claims.
    data = b"" if size is not None and size > limit else file.read(limit + 1)
    if size is None or size <= limit:
        size = len(data)
    if size > limit:
        raise ValidationError(
            f"The file is {_size_label(size)}; {noun.lower()} may be at most "
            f"{limit_mb:g} MB.",
            code="too_large",
        )
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    return data


def _check_quota(user, size: int) -> None:
    quota_mb = daily_quota_mb(user)
    if quota_mb is None:
        return
    since = timezone.now() - timedelta(days=1)
    used = Upload.objects.by(user).since(since).total_bytes()
    if used + size > quota_mb * MB:
        raise ValidationError(
            f"You have uploaded {_size_label(used)} in the last 24 hours; at trust "
            f"level {user.trust_level} the limit is {quota_mb:g} MB a day.",
            code="quota",
        )


def _store(name: str, data: bytes) -> None:
    # Content-hash names: the same bytes are written once.
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))


def create_upload(*, user, file, name: str | None = None) -> Upload:
    """Check, clean and store a file `user` uploads; raise ValidationError if not.

    `file` is any file object (an UploadedFile, a mail attachment in BytesIO);
    `name` is the name it was given (by default `file.name`). Each refusal says
    the rule and the number, with a `code`: trust_level, kind, too_large, empty,
    quota, mismatch, broken, too_many_pixels or too_many_frames.
    """
    check_can_upload(user)
    name = clean_name(name or getattr(file, "name", "") or "")
    extension = _check_kind(name)
    data = _read(file, extension)
    _check_quota(user, len(data))
    detected = kinds.detect(data, name)
    width = height = thumbnail = None
    if detected.kind == Kind.IMAGE:
        encoded = images.reencode(data, extension)
        data, width, height = encoded.data, encoded.width, encoded.height
    sha = hashlib.sha256(data).hexdigest()
    existing = Upload.objects.filter(sha256=sha).first()
    if existing is not None:
        return _uploaded_again(existing)
    if detected.kind == Kind.IMAGE:
        thumbnail = images.thumbnail(data, settings.FORUM_UPLOAD_THUMBNAIL_WIDTH)
    upload = Upload(
        sha256=sha,
        extension=extension,
        kind=detected.kind,
        original_name=name,
        size=len(data),
        width=width,
        height=height,
        thumbnail_width=thumbnail[1] if thumbnail else None,
        uploader=user,
    )
    _store(upload.storage_name, data)
    if thumbnail:
        _store(upload.thumbnail_storage_name, thumbnail[0])
    try:
        with transaction.atomic():
            upload.save()
    except IntegrityError:
        # The same bytes, uploaded at the same moment by someone else.
        return _uploaded_again(Upload.objects.get(sha256=sha))
    return upload


def _uploaded_again(upload: Upload) -> Upload:
    now = timezone.now()
    Upload.objects.filter(pk=upload.pk).update(last_uploaded_at=now)
    upload.last_uploaded_at = now
    return upload


def markdown_for(upload: Upload, alt: str | None = None) -> str:
    """What the composer inserts: an image, or a link with the name and size."""
    name = re.sub(r"[\[\]()\\]", "", upload.original_name) or "file"
    if upload.is_image:
        return f"![{alt or name}]({upload.url})"
    return f"[{name} ({_size_label(upload.size)})]({upload.url})"


def _size_label(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.1f} MB"


def describe_uploads(shas: set[str]) -> dict[str, markup.UploadInfo]:
    """What the cooking shows for each upload a post names (one query)."""
    rows = Upload.objects.filter(sha256__in=shas).only(
        "sha256", "extension", "width", "height", "thumbnail_width"
    )
    try:
        uploads = list(rows)
    except (OperationalError, ProgrammingError):
        # No uploads table (a tool rendering without migrations): none exist.
        return {}
    return {
        upload.sha256: markup.UploadInfo(
            extension=upload.extension,
            width=upload.width,
            height=upload.height,
            thumbnail_url=upload.thumbnail_url,
            thumbnail_width=upload.thumbnail_width,
            thumbnail_height=upload.thumbnail_height,
        )
        for upload in uploads
    }


def _named_shas(cooked: str) -> set[str]:
    site = re.escape(settings.SITE_URL)
    pattern = rf'(?:src|href)="(?:{site})?/uploads/(?:thumbs/)?([0-9a-f]{{64}})\.'
    return set(re.findall(pattern, cooked))


def track_post_uploads(post: Post) -> None:
    """Record which uploads `post` shows or links, after it is created or edited.

    A post starts using an upload only if its author may fetch it: quoting the
    address of an upload from a restricted category in a public post does not
    make it public.
    """
    shas = _named_shas(post.cooked)
    current = set(
        UploadUse.objects.filter(post=post).values_list("upload_id", flat=True)
    )
    keep, new = set(), []
    for upload in Upload.objects.filter(sha256__in=shas):
        if upload.id in current:
            keep.add(upload.id)
        elif can_view_upload(post.author, upload):
            new.append(UploadUse(upload=upload, post=post))
    UploadUse.objects.filter(post=post).exclude(upload_id__in=keep).delete()
    UploadUse.objects.bulk_create(new, ignore_conflicts=True)


def delete_upload(*, upload: Upload) -> int:
    """Remove an upload and its files; the posts that used it show a placeholder.

    Returns how many posts changed.
    """
    names = [upload.storage_name, upload.thumbnail_storage_name]
    with transaction.atomic():
        post_ids = list(upload.uses.values_list("post_id", flat=True))
        upload.delete()
        changed = rebake_posts(Post.objects.filter(id__in=post_ids))
    transaction.on_commit(lambda: _delete_files(names))
    if changed:
        transaction.on_commit(bump_page_cache)
    return changed


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def remove_orphans() -> int:
    """Delete uploads no post has used since they were uploaded, a day or more ago."""
    hours = settings.FORUM_UPLOAD_ORPHAN_HOURS
    before = timezone.now() - timedelta(hours=hours)
    removed = 0
    for upload in Upload.objects.orphaned_before(before).iterator():
        delete_upload(upload=upload)
        removed += 1
    return removed
