import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_operations_under_the_csp(page, live_server):
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("requestfailed", lambda request: problems.append(request.url))
    page.goto(live_server.url + "/api/docs/")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = operations.all_inner_texts()
    assert any(p.replace("\u200b", "") == "/api/v1/topics" for p in paths)
    assert problems == []
