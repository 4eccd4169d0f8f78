"""Files uploaded to this site, as a post shows them.

An upload's address is ``/uploads/<sha256>.<ext>`` (and its thumbnail's
``/uploads/thumbs/<sha256>.webp``); nothing else relative may be an image source.
The uploads app tells the cooking, through `set_resolver`, what each upload is:
images get their size and a thumbnail that links to the full image, and uploads
that no longer exist become a placeholder. Without a resolver the addresses stay
as written.
"""

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

IMAGE_EXTENSIONS = ("png", "jpg", "gif", "webp")
# The whole attribute value, so "/uploads/<hash>.png/../../x" is not one.
UPLOAD_URL = re.compile(r"/uploads/(?P<sha>[0-9a-f]{64})\.(?P<ext>[a-z0-9]{1,5})")
IMAGE_URL = re.compile(
    r"/uploads/(?:thumbs/)?[0-9a-f]{64}\.(?:" + "|".join(IMAGE_EXTENSIONS) + ")"
)
LIGHTBOX_CLASS = "lightbox"


@dataclass(frozen=True)
class UploadInfo:
    extension: str
    width: int | None = None
    height: int | None = None
    # A smaller copy for the page, when the image is wider than pages show.
    thumbnail_url: str | None = None
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None


# Takes the hashes a post names, returns {hash: info} for the uploads that exist.
UploadResolver = Callable[[set[str]], dict[str, UploadInfo]]

_resolver: list[UploadResolver] = []


def set_resolver(resolver: UploadResolver) -> None:
    """Let the uploads app describe the uploads a post names (at start-up)."""
    _resolver[:] = [resolver]


def is_upload_image_url(url: str) -> bool:
    """True if `url` (as a browser reads it) is an image uploaded to this site."""
    return IMAGE_URL.fullmatch(url) is not None


def _placeholder(text: str, tail: str | None) -> etree.Element:
    em = etree.Element("em")
    em.text = text
    em.tail = tail
    return em


class _UploadLinker(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        if not _resolver:
            return
        found: list[tuple[etree.Element, etree.Element, str, str]] = []
        for parent in root.iter():
            for child in parent:
                attribute = "src" if child.tag == "img" else "href"
                if child.tag not in ("img", "a"):
                    continue
                match = UPLOAD_URL.fullmatch(child.get(attribute, ""))
                if match:
                    found.append((parent, child, match["sha"], match["ext"]))
        if not found:
            return
        infos = _resolver[0]({sha for _, _, sha, _ in found})
        for parent, element, sha, ext in found:
            info = infos.get(sha)
            if info is None or info.extension != ext:
                index = list(parent).index(element)
                label = "image" if element.tag == "img" else "file"
                name = element.get("alt") or "".join(element.itertext())
                text = f"[{label} removed{': ' + name if name else ''}]"
                parent[index] = _placeholder(text, element.tail)
            elif element.tag == "img":
                self._show_image(parent, element, info)

    @staticmethod
    def _show_image(parent: etree.Element, img: etree.Element, info: UploadInfo):
        if info.thumbnail_url is None:
            if info.width and info.height:
                img.set("width", str(info.width))
                img.set("height", str(info.height))
            return
        full = img.get("src")
        img.set("src", info.thumbnail_url)
        img.set("width", str(info.thumbnail_width))
        img.set("height", str(info.thumbnail_height))
        if parent.tag == "a":
            return
        index = list(parent).index(img)
        link = etree.Element("a", {"href": full, "class": LIGHTBOX_CLASS})
        link.tail, img.tail = img.tail, None
        link.append(img)
        parent[index] = link


class UploadExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After the inline patterns (20) have made the images and links.
        md.treeprocessors.register(_UploadLinker(md), "upload-linker", 14)
