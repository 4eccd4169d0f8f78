"""Username rules: what the @mention syntax can reach, and nothing reserved."""

from django.core.validators import RegexValidator

# Must match what forum.markup.mentions links: ASCII letters, digits, "_", "-"
# and "." (not first, not last), so every username can be @mentioned.
username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z",
        "Use letters, digits, “_”, “-” and “.” only, starting with a letter or "
        "digit and not ending with “.”.",
        code="invalid_username",
    )
]
