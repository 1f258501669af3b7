"""Single-use link tokens: unguessable, and kept only as a hash.

>>> token = new_token()
>>> len(token_hash(token))
64
"""

import hashlib
import secrets

from .models import Invitation


def new_token() -> str:
    """256 random bits, URL-safe: about 43 characters."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, or None for a forged or mistyped one."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("round", "round__partnership", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
