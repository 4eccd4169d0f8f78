"""The staff dashboard in a real browser: after choosing a period, each chart is
an SVG image with its title, with JavaScript on and off; no serious
accessibility violation at desktop and phone widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import UserFactory

from .site import build_site
from .test_accessibility import FAILING_IMPACTS, WCAG_TAGS, WIDTHS, _describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHART_TITLES = [
    "Activity per day",
    "Flags handled per day",
    "Email per day",
    "Questions solved",
    "Median time to a first reply",
    "Median time to the solution",
]


@pytest.fixture
def staff(db):
    build_site()
    return UserFactory(username="ops", is_staff=True, is_superuser=True)


def test_staff_choose_a_period_and_see_every_chart(open_page, live_server, staff, js):
    page = open_page(staff, js=js)
    page.goto(f"{live_server.url}/admin/dashboard/")
    page.get_by_label("Period").select_option(label="Last 7 days")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/admin/dashboard/?days=7*")
    assert page.get_by_role("heading", name="Last 7 days").is_visible()
    images = page.locator("figure img")
    assert images.count() == len(CHART_TITLES)
    for index, title in enumerate(CHART_TITLES):
        image = images.nth(index)
        assert image.get_attribute("alt").startswith(title)
        source = image.get_attribute("src")
        assert source.endswith("?days=7")
        # The image as the browser fetched it (the context's session cookie).
        answer = page.request.get(live_server.url + source, timeout=15_000)
        assert answer.ok, source
        assert answer.headers["content-type"] == "image/svg+xml"
        svg = answer.text()
        assert svg.lstrip().startswith(("<?xml", "<svg")), source
        assert title in svg, source


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_the_dashboard_has_no_serious_accessibility_violation(
    open_page, live_server, staff, width
):
    viewport_width, height = WIDTHS[width]
    page = open_page(staff, width=viewport_width, height=height, bypass_csp=True)
    page.goto(f"{live_server.url}/admin/dashboard/?days=30")
    page.wait_for_load_state("networkidle", timeout=15_000)
    results = (
        Axe()
        .run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        .response
    )
    problems = [
        _describe(v) for v in results["violations"] if v["impact"] in FAILING_IMPACTS
    ]
    assert not problems, "\n".join(problems)
