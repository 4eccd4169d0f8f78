"""Writes of the Discourse layer: user API keys, which a member grants an
application through Discourse's `/user-api-key/new` flow."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from django.db import transaction
from django.utils import timezone

from forum.api.keys import PREFIX_LENGTH, hash_token, new_token
from forum.api.services import LAST_USED_PRECISION

from .models import UserApiKey
from .permissions import check_can_revoke_user_api_key

# What Discourse's clients expect in the payload: the version of the flow.
USER_API_VERSION = 4


def create_user_api_key(
    *, user, application_name: str, client_id: str, scopes: list[str]
) -> tuple[UserApiKey, str]:
    """Grant `application_name` a key acting as `user` (the one signed in: the
    flow's page asks them). A client asking again replaces its earlier key, as
    on Discourse. Returns the key and its secret, which is never stored."""
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        UserApiKey.objects.filter(
            user=user, client_id=client_id, revoked_at__isnull=True
        ).update(revoked_at=now)
        key = UserApiKey.objects.create(
            user=user,
            application_name=application_name,
            client_id=client_id,
            scopes=",".join(scopes),
            prefix=token[:PREFIX_LENGTH],
            hashed_key=hash_token(token),
        )
    return key, token


def revoke_user_api_key(*, key: UserApiKey, by) -> UserApiKey:
    """Stop `key` working, for good."""
    check_can_revoke_user_api_key(by, key)
    if not key.is_revoked:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def record_user_api_key_use(*, key: UserApiKey) -> None:
    """Note that `key` was just used, writing at most once a minute."""
    now = timezone.now()
    if key.last_used_at and now - key.last_used_at < LAST_USED_PRECISION:
        return
    UserApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now


def encrypted_payload(
    *, token: str, nonce: str, public_key: RSAPublicKey, oaep: bool = False
) -> str:
    """What the flow hands back to the application: the key and its nonce,
    readable only with the application's private key (RSA, PKCS#1 v1.5 as
    Discourse does, or OAEP when asked), in Base64."""
    message = json.dumps(
        {"key": token, "nonce": nonce, "push": False, "api": USER_API_VERSION}
    ).encode()
    if oaep:
        scheme = rsa_padding.OAEP(
            mgf=rsa_padding.MGF1(algorithm=hashes.SHA1()),  # noqa: S303 (Discourse's)
            algorithm=hashes.SHA1(),  # noqa: S303
            label=None,
        )
    else:
        scheme = rsa_padding.PKCS1v15()
    return base64.b64encode(public_key.encrypt(message, scheme)).decode("ascii")
