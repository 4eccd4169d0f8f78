from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from forum.categories.models import Category
from forum.core.pagination import page_number

from . import services
from .backends import SearchUnavailable
from .forms import AdvancedSearchForm
from .query import MAX_QUERY_LENGTH, parse


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.visible_to(request.user).select_related("parent")
    if "advanced" in request.GET:
        form = AdvancedSearchForm(request.GET, categories=categories)
        if form.is_valid():
            query = urlencode({"q": str(form.to_query())})
            return redirect(f"{reverse('search:search')}?{query}")
        context = {"form": form, "advanced_open": True}
        return render(request, "search/search.html", context, status=400)
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    query = parse(request.GET.get("q", ""))
    initial = AdvancedSearchForm.initial_from(query)
    context = {
        "form": AdvancedSearchForm(initial=initial, categories=categories),
        "query": query,
        "query_text": text,
    }
    status = 200
    if not query.is_empty:
        try:
            page = services.search(query, user=request.user, page=page_number(request))
        except SearchUnavailable as error:
            context["unavailable"], status = str(error), 503
        else:
            context["page"] = page
    template = "search/_results.html" if request.htmx else "search/search.html"
    return render(request, template, context, status=status)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Topics for the header box as the user types (an htmx fragment)."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    try:
        results = services.suggest(parse(text), user=request.user)
    except SearchUnavailable:
        results = []
    context = {"results": results, "query_text": text.strip()}
    return render(request, "search/_suggestions.html", context)
