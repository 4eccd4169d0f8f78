"""Serving uploads (with the permission check) and attaching one without JavaScript."""

from __future__ import annotations

from csp.decorators import csp_exempt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from forum.topics import services as topic_services
from forum.topics.models import Topic
from forum.topics.permissions import can_see_topic

from . import kinds, services
from .models import Upload
from .permissions import can_view_upload

# Nothing an upload contains may run or load anything, even if a browser were
# talked into rendering it as a page.
UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _viewable(request: HttpRequest, **lookup) -> Upload:
    upload = Upload.objects.filter(**lookup).first()
    # The same answer for "no such upload" and "not for you": guessing or reusing
    # an address tells an outsider nothing.
    if upload is None or not can_view_upload(request.user, upload):
        raise Http404("No such upload.")
    return upload


def _file_response(
    request: HttpRequest, upload: Upload, name: str, extension: str, filename: str
) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404("No such upload.") from error
    inline = extension in kinds.IMAGES
    response = FileResponse(
        handle,
        content_type=kinds.CONTENT_TYPES[extension],
        as_attachment=not inline,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Shared caches may keep what anyone may see; the rest stays in the browser.
    scope = "private" if request.user.is_authenticated else "public"
    response["Cache-Control"] = f"{scope}, max-age=3600"
    return response


@csp_exempt()
@require_safe
def original(request: HttpRequest, sha256: str, extension: str) -> FileResponse:
    upload = _viewable(request, sha256=sha256, extension=extension)
    return _file_response(
        request, upload, upload.storage_name, extension, upload.original_name
    )


@csp_exempt()
@require_safe
def thumbnail(request: HttpRequest, sha256: str) -> FileResponse:
    upload = _viewable(request, sha256=sha256, thumbnail_width__isnull=False)
    stem = upload.original_name.rpartition(".")[0] or "image"
    return _file_response(
        request, upload, upload.thumbnail_storage_name, "webp", f"{stem}.webp"
    )


DRAFT_FIELDS = ("title", "category", "tags", "raw", "reply_to_post_number")


@login_required
@require_POST
def attach(request: HttpRequest) -> HttpResponse:
    """The composer's "Attach" button without JavaScript: upload the file, add
    its Markdown to the text, keep it all as the draft and go back to it."""
    key = request.POST.get("draft_key", "")
    back = _composer_url(request, key)
    data = {
        name: request.POST[name][:40000]
        for name in DRAFT_FIELDS
        if name in request.POST
    }
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "Choose a file to attach first.")
    else:
        try:
            upload = services.create_upload(user=request.user, file=file)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            markdown = services.markdown_for(upload)
            data["raw"] = f"{data.get('raw', '').rstrip()}\n\n{markdown}\n".lstrip()
            messages.success(request, f"Attached {upload.original_name}.")
    topic_services.save_draft(user=request.user, key=key, data=data)
    return redirect(back)


def _composer_url(request: HttpRequest, key: str) -> str:
    if key == topic_services.NEW_TOPIC_DRAFT:
        return reverse("topics:create")
    topic_id = key.removeprefix("topic-")
    if not topic_id.isdigit():
        raise Http404("No such composer.")
    topic = get_object_or_404(Topic, id=topic_id)
    if not can_see_topic(request.user, topic):
        raise Http404("No such topic.")
    return f"{topic.get_post_url(topic.highest_post_number)}#reply"
