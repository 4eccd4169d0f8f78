"""File names as people gave them, made safe to show and to offer on download."""

import re
import unicodedata

MAX_LENGTH = 100
# Path separators, control characters and what Windows forbids in names.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def clean_name(name: str, *, default: str = "file") -> str:
    """The last part of `name`, without separators or controls, at most 100 chars.

    Only ever shown and offered as the download's name: files are stored under
    the hash of their contents.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    # Drop format characters (right-to-left overrides that disguise an extension).
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    if len(name) > MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = MAX_LENGTH - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and keep > 0 else name[:MAX_LENGTH]
    return name or default
