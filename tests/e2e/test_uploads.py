import base64
import io

import pytest
from PIL import Image

from tests.factories import TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTE = """([data, name]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  const textarea = document.querySelector("#reply textarea[name=raw]");
  textarea.focus();
  textarea.dispatchEvent(new ClipboardEvent("paste", {
    clipboardData: transfer, bubbles: true, cancelable: true,
  }));
}"""

# The image is loaded and decoded, as wide as expected.
LOADED = """([selector, width]) => {
  const img = document.querySelector(selector);
  return img !== null && img.complete && img.naturalWidth === width;
}"""


def plot_png() -> str:
    image = Image.new("RGB", (800, 400), "white")
    for x in range(800):
        image.putpixel((x, 200 + (x % 50) - 25), (36, 87, 166))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


def test_member_pastes_a_plot_into_a_reply_and_it_shows_in_the_topic(
    page, live_server, sign_in, category, member, other_member
):
    topic = TopicFactory(
        category=category, author=member, title="Zero points drift in the g band?"
    )
    sign_in(other_member)
    page.goto(f"{live_server.url}{topic.get_absolute_url()}")
    assert page.locator("[data-upload-nojs]").count() == 0  # JavaScript took over
    page.fill("#reply textarea[name=raw]", "Here is what I see in my data:\n\n")

    page.evaluate(PASTE, [plot_png(), "image.png"])

    preview_image = page.locator("#reply .preview a.lightbox img")
    preview_image.wait_for()
    text = page.locator("#reply textarea[name=raw]").input_value()
    assert text.startswith("Here is what I see in my data:\n\n![image.png](/uploads/")
    assert page.locator("#reply [data-upload-status]").inner_text() == (
        "Attached image.png."
    )
    page.wait_for_function(LOADED, arg=["#reply .preview a.lightbox img", 690])
    page.click("#reply button[type=submit]")

    shown = page.locator("#post-2 a.lightbox img")
    shown.wait_for()
    assert shown.get_attribute("width") == "690"
    page.wait_for_function(LOADED, arg=["#post-2 a.lightbox img", 690])
    full = page.locator("#post-2 a.lightbox").get_attribute("href")
    assert page.request.get(live_server.url + full).headers["content-type"] == (
        "image/png"
    )


def test_refusal_is_shown_beside_the_composer(
    page, live_server, sign_in, category, member, other_member
):
    topic = TopicFactory(
        category=category, author=member, title="Zero points drift in the g band?"
    )
    sign_in(other_member)
    page.goto(f"{live_server.url}{topic.get_absolute_url()}")
    spoof = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()

    page.evaluate(PASTE, [spoof, "fake.png"])

    status = page.locator("#reply [data-upload-status]")
    status.filter(has_text="contents are not a PNG image").wait_for()
    assert page.locator("#reply textarea[name=raw]").input_value() == ""


def test_the_lightbox_shows_the_full_image_and_escape_closes_it(
    page, live_server, sign_in, category, member
):
    sign_in(member)
    page.goto(f"{live_server.url}/new-topic")
    page.evaluate(PASTE.replace("#reply ", ""), [plot_png(), "wide.png"])
    page.locator(".preview a.lightbox img").wait_for()

    page.click(".preview a.lightbox")

    page.wait_for_function(LOADED, arg=[".lightbox-overlay img", 800])
    page.keyboard.press("Escape")
    assert page.locator(".lightbox-overlay").count() == 0
