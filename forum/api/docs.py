"""The OpenAPI schema and its Swagger UI, with every asset served by the site
(drf-spectacular-sidecar) and no inline script or style, under the site's CSP."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    # The split view loads its start-up code as a script file (`?script`), and our
    # template replaces the stock one's inline <style> with a stylesheet.
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
