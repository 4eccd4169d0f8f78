"""The Celery app. Without REDIS_URL, tasks run eagerly in-process (settings.py)."""

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

# Redis URLs get kombu's Redis transport made to survive a broker outage under a
# worker holding unacknowledged (delayed) tasks: forum/core/broker.py says how the
# stock one made the worker exit. Set before any connection resolves its transport.
for scheme in ("redis", "rediss"):
    TRANSPORT_ALIASES[scheme] = "forum.core.broker:Transport"

app = Celery("forum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
