"""The categories' stylesheet; the category pages, which are topic lists, are in
forum/topics/category_views.py."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control

from .models import Category


@cache_control(max_age=300, private=True)
def stylesheet(request: HttpRequest) -> HttpResponse:
    """Category colours as CSS classes, since the CSP forbids inline styles."""
    colors = Category.objects.visible_to(request.user).values_list("id", "color")
    css = "".join(f".cat-{pk}{{--cat-color:{color}}}" for pk, color in colors)
    return HttpResponse(css, content_type="text/css")
