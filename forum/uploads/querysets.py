from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Sum


class UploadQuerySet(models.QuerySet):
    def by(self, user) -> UploadQuerySet:
        return self.filter(uploader=user)

    def since(self, moment: datetime) -> UploadQuerySet:
        return self.filter(created_at__gte=moment)

    def total_bytes(self) -> int:
        return self.aggregate(total=Sum("size"))["total"] or 0

    def orphaned_before(self, moment: datetime) -> UploadQuerySet:
        """Uploads no post uses, last uploaded before `moment`."""
        return self.filter(last_uploaded_at__lt=moment, uses__isnull=True)
