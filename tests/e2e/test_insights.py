"""The staff dashboard in a real browser: every chart loads as an image, the page
has no serious accessibility violation at desktop and phone widths."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import UserFactory

from .site import build_site
from .test_accessibility import FAILING_IMPACTS, WCAG_TAGS, WIDTHS, _describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_staff_see_the_dashboard_charts(open_page, live_server, width):
    build_site()
    staff = UserFactory(username="ops", is_staff=True, is_superuser=True)
    viewport_width, height = WIDTHS[width]
    page = open_page(staff, width=viewport_width, height=height)
    page.goto(f"{live_server.url}/admin/dashboard/?days=30")
    assert page.get_by_role("heading", name="Last 30 days").is_visible()
    images = page.locator("figure img")
    assert images.count() == 6
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        image.wait_for(state="visible")
        loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded, image.get_attribute("src")
    shots = os.environ.get("MERIDIAN_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=f"{shots}/staff-dashboard-{viewport_width}.png", full_page=True
        )
    results = (
        Axe()
        .run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        .response
    )
    problems = [
        _describe(v) for v in results["violations"] if v["impact"] in FAILING_IMPACTS
    ]
    assert not problems, "\n".join(problems)
