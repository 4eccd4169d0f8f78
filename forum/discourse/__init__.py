"""Discourse's JSON API and URLs beside Meridian's own, so Discourse bots,
scripts and links keep working after a move. Stands on the floor of `forum.api`:
it reuses that app's key authentication, throttles and lookups."""
