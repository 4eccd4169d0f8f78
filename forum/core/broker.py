"""The Celery broker's transport: kombu's Redis transport, made to survive the
broker going away under a worker that holds unacknowledged tasks.

When Redis dies, Celery's consumer collects the broken connection (closing its
channels) and then closes it. If closing one channel fails on the dead socket
(the remote-control channel deleting its fanout queue, say), kombu stops closing
the others and detaches the connection from its transport. The task channel is
closed afterwards, and giving back its unacknowledged messages (the delayed
emails a worker holds) builds a new Redis client from the detached connection:
`'NoneType' object has no attribute 'hostname'` in `Channel._connparams`, an
AttributeError that Celery treats as unrecoverable, so the worker exited.

Here a channel whose connection is gone raises a connection error instead, which
kombu and Celery already handle as the outage it is, and giving back the
unacknowledged messages is left to Redis: they stay in its unacked set until the
visibility timeout, when any worker's channel hands them out again. None is
dropped (unless Redis itself lost its data; the emails are queued again by beat
then, `forum.subscriptions.tasks.queue_overdue_emails`).
"""

from __future__ import annotations

import logging

from kombu.transport import redis
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger("forum.broker")


class ConnectionDetached(RedisConnectionError):
    """The channel's broker connection was closed: no client can be built for it."""


class QoS(redis.QoS):
    def restore_unacked(self, client=None):
        try:
            super().restore_unacked(client)
        except ConnectionDetached:
            logger.warning(
                "The broker connection closed before %d unacknowledged message(s) "
                "could be given back; Redis hands them out again after the "
                "visibility timeout (%s s).",
                len(self._delivered),
                self.visibility_timeout,
            )
            self._delivered.clear()


class Channel(redis.Channel):
    QoS = QoS

    def _connparams(self, asynchronous=False):
        transport = self.connection
        if transport is None or transport.client is None:
            raise ConnectionDetached("this channel's broker connection is closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(redis.Transport):
    """kombu's Redis transport with the channel above (for `redis://`, `rediss://`)."""

    Channel = Channel
