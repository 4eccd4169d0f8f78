"""POST /api/v1/uploads: the composer's uploads, and scripts attaching plots."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from forum.uploads import services
from forum.uploads.models import Upload

from .permissions import KeyAllowsMethod


class UploadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class UploadParser(parsers.MultiPartParser):
    """Multipart bodies up to the largest upload allowed, refused before reading."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") or "0" if request else "0"
        limit = services.max_request_bytes()
        if not length.isdigit() or int(length) > limit:
            raise UploadTooLarge(
                f"The request is over the limit of {limit / (1024 * 1024):g} MB."
            )
        return super().parse(stream, media_type, parser_context)


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The image or file; its kind is checked from its bytes."
    )


class UploadSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="Site-relative address.")
    thumbnail_url = serializers.CharField(read_only=True, allow_null=True)
    name = serializers.CharField(source="original_name", read_only=True)
    markdown = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = [
            "id",
            "url",
            "thumbnail_url",
            "name",
            "kind",
            "extension",
            "size",
            "width",
            "height",
            "markdown",
        ]

    def get_markdown(self, upload: Upload) -> str:
        return services.markdown_for(upload)


class UploadView(APIView):
    permission_classes = [IsAuthenticated, KeyAllowsMethod]
    parser_classes = [UploadParser]

    @extend_schema(
        request={"multipart/form-data": UploadInputSerializer},
        responses={201: UploadSerializer},
        description="Upload an image or file (multipart field `file`) to use in "
        "a post: insert the `markdown` it answers. Allowed kinds and limits: "
        "docs/settings.md (FORUM_UPLOAD_*).",
    )
    def post(self, request):
        serializer = UploadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        file = serializer.validated_data["file"]
        try:
            upload = services.create_upload(user=request.user, file=file)
        except DjangoValidationError as error:
            if error.code == "trust_level":
                raise PermissionDenied(" ".join(error.messages)) from error
            raise
        data = UploadSerializer(upload).data
        return Response(data, status=status.HTTP_201_CREATED)
