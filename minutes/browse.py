"""/items/ (browse and filter agenda items) and /search/ (full-text search with the same filters).

Both start from `AgendaItem.objects.public()`: the lists never show a draft meeting's item, even to staff (staff
preview single pages in the admin). Bad input is the reader's to correct: the form shows the error with a 400,
never a 500."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse

from panels.models import Panel

from . import feeds, visibility
from . import search as fulltext
from .filters import ItemFilter, SearchFilter

ITEMS_PER_PAGE = 25
FEED_FORMATS = ("atom", "rss")


def feed_format(request):
    """'atom', 'rss' or '' (the page); None for a format there is no feed in."""
    value = request.GET.get("format", "")
    return value if value in ("", *FEED_FORMATS) else None


def bad_format():
    return HttpResponseBadRequest(
        "There is no feed in that format: use format=atom or format=rss.", content_type="text/plain; charset=utf-8"
    )


def follow_links(request, filterset, query=""):
    """The page's feeds (the same filters, `format=atom|rss`) and its email alert sign-up."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    panel = filterset.form.cleaned_data.get("panel") if hasattr(filterset.form, "cleaned_data") else ""
    alert = {"follow": "search", "q": query, "panel": panel or ""}
    return {
        "atom": f"{request.path}?{urlencode([*params.lists(), ('format', 'atom')], doseq=True)}",
        "rss": f"{request.path}?{urlencode([*params.lists(), ('format', 'rss')], doseq=True)}",
        "alerts": f"{reverse('alerts:signup')}?{urlencode({k: v for k, v in alert.items() if v})}",
    }


def public_items():
    return visibility.public_items().select_related("meeting__panel__parent")


def remove_links(request, filterset):
    """[(label, value, url)] of the filters in force, each with the URL of the same page without it."""
    links = []
    for label, value, name in filterset.active():
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        query = params.urlencode()
        links.append((label, value, f"?{query}" if query else request.path))
    return links


def page_problem(number, paginator_pages, error):
    if isinstance(error, EmptyPage):
        return f"There is no page {number} of these results: they run to {paginator_pages} page(s)."
    return f"“{number}” is not a page number: pages are whole numbers from 1."


def selected_panel(filterset):
    slug = filterset.form.cleaned_data.get("panel") if hasattr(filterset.form, "cleaned_data") else None
    return Panel.objects.filter(slug=slug).first() if slug else None


def item_list(request):
    wanted = feed_format(request)
    if wanted is None:
        return bad_format()
    filterset = ItemFilter(request.GET, queryset=public_items())
    if wanted and filterset.is_valid():
        entries = [feeds.FeedEntry(item) for item in filterset.qs[: feeds.FEED_SIZE]]
        return feeds.follow_feed(request, wanted, feed_title(filterset, "agenda items"), entries)
    context = {"filter": filterset, "form": filterset.form, "page": None, "problem": "", "panel": None}
    status = 200
    if filterset.is_valid():
        paginator = Paginator(filterset.qs, ITEMS_PER_PAGE)
        number = request.GET.get("page") or 1
        try:
            context["page"] = paginator.page(number)
        except InvalidPage as error:
            context["problem"] = page_problem(number, paginator.num_pages, error)
            status = 400
        context["panel"] = selected_panel(filterset)
    else:
        status = 400
    context["active"] = remove_links(request, filterset)
    context["follow"] = follow_links(request, filterset) if status == 200 else None
    context["breadcrumbs"] = [("Agenda items", None)]
    return render(request, "minutes/item_list.html", context, status=status)


def feed_title(filterset, what):
    filters = ", ".join(f"{label}: {value}" for label, value, _ in filterset.active())
    return f"{what} ({filters})" if filters else what


def search_feed(request, wanted, query, filterset):
    """The newest public items matching the search, through /search/'s own function (newest first)."""
    results = fulltext.run_search(query, filterset.qs, 1, "newest")
    entries = [
        feeds.FeedEntry(hit.item, hit.paragraph_url, "".join(text for text, _ in hit.snippet)) for hit in results.hits
    ]
    return feeds.follow_feed(request, wanted, feed_title(filterset, f"search for “{query}”"), entries)


def search(request):
    wanted = feed_format(request)
    if wanted is None:
        return bad_format()
    ranked = fulltext.ranks()
    raw = request.GET.get("q", "")
    query, notes = fulltext.clean_query(raw)
    filterset = SearchFilter(request.GET, queryset=public_items(), ranked=ranked)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "query": query,
        "notes": notes,
        "ranked": ranked,
        "results": None,
        "problem": "",
        "max_length": fulltext.MAX_QUERY_LENGTH,
        "count_cap": fulltext.COUNT_CAP,
        "breadcrumbs": [("Search", None)],
    }
    status = 200
    if not filterset.is_valid():
        status = 400
    elif raw and not query:
        notes.append("Enter some words to search for.")
    elif query and wanted:
        return search_feed(request, wanted, query, filterset)
    elif query:
        number = request.GET.get("page") or 1
        order = filterset.form.cleaned_data.get("sort") or filterset.default_sort
        try:
            context["results"] = fulltext.run_search(query, filterset.qs, number, order)
        except InvalidPage as error:
            pages = fulltext.paginate(query, filterset.qs, order)[0].num_pages
            context["problem"] = page_problem(number, pages, error)
            status = 400
    context["active"] = remove_links(request, filterset)
    context["follow"] = follow_links(request, filterset, query) if query and status == 200 else None
    context["items_url"] = reverse("item-list")
    return render(request, "minutes/search.html", context, status=status)
