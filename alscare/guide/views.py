from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .forms import SearchForm
from .glossary import GLOSSARY_SLUG, Glossary, term_anchor
from .models import GuideItem
from .page_cache import public_page
from .rendering import render_markdown
from .revisions import open_revision, showing
from .search import MAX_QUERY_LENGTH, search_items
from .sections import SECTIONS

SEARCH_PAGE_SIZE = 20


def _section_or_404(slug):
    try:
        return SECTIONS[slug]
    except KeyError:
        raise Http404("No such section") from None


@public_page
@require_safe
def home(request):
    counts = dict(GuideItem.objects.published().values_list("section").annotate(count=Count("id")).order_by())
    sections = [(section, counts.get(section.slug, 0)) for section in SECTIONS.values()]
    return render(request, "guide/home.html", {"sections": sections})


@public_page
@require_safe
def section_index(request, section):
    info = _section_or_404(section)
    items = (
        GuideItem.objects.published().filter(section=info.slug).only("section", "slug", "title", "summary")
    )
    breadcrumbs = [("Care guide", reverse("guide:home")), (info.title, None)]
    return render(
        request, "guide/section.html", {"section": info, "items": items, "breadcrumbs": breadcrumbs}
    )


def _item_context(info, slug, queryset):
    """What guide/item.html needs to show page `slug` of section `info`, found in `queryset`."""
    try:
        item = queryset.prefetch_related("sources").get(section=info.slug, slug=slug)
    except info.model.DoesNotExist:
        raise Http404("No such page") from None
    related = item.related.published().only("section", "slug", "title", "summary")
    sources = list(item.sources.all())
    glossary = None if item.slug == GLOSSARY_SLUG else Glossary.published()
    breadcrumbs = [
        ("Care guide", reverse("guide:home")),
        (info.title, reverse("guide:section", kwargs={"section": info.slug})),
        (item.title, None),
    ]
    return {
        "section": info,
        "item": item,
        "related": related,
        "breadcrumbs": breadcrumbs,
        "kind_template": f"guide/kinds/{info.model._meta.model_name}.html",
        "sources": sources,
        "body_html": render_markdown(item.body, glossary),
        **_safety_context(item, sources),
    }


def _safety_context(item, sources):
    """The page's warnings and get-help-now box, each with the listed source it cites."""
    by_url = {source.url: source for source in sources}
    urgent = item.get_help_now or {}
    return {
        "warnings": [
            {"text": warning["text"], "source": by_url.get(warning["source"])} for warning in item.warnings
        ],
        "urgent": urgent and {**urgent, "source": by_url.get(urgent["source"])},
        "glossary_terms": [
            {"term": entry["term"], "meaning": entry["meaning"], "anchor": term_anchor(entry["term"])}
            for entry in item.terms
        ],
    }


@public_page
@require_safe
def item_detail(request, section, slug):
    info = _section_or_404(section)
    context = _item_context(info, slug, info.model.objects.published())
    return render(request, "guide/item.html", context)


@never_cache
@require_safe
def item_preview(request, section, slug):
    """Any page, draft or not, with its changes waiting for review, exactly as the public
    would see it once approved; for guide staff only. The live page is not touched."""
    if not (
        request.user.is_active and request.user.is_staff and request.user.has_perm("guide.view_guideitem")
    ):
        raise Http404("No such page")
    info = _section_or_404(section)
    item = info.model.objects.filter(slug=slug).first()
    if item is None:
        raise Http404("No such page")
    revision = open_revision(item)
    with showing(revision):
        context = _item_context(info, slug, info.model.objects.all())
        response = render(request, "guide/item.html", {**context, "preview": True, "revision": revision})
    response["X-Robots-Tag"] = "noindex"
    return response


@public_page(query=("q", "page"))
@require_safe
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    too_long = len(query) > MAX_QUERY_LENGTH
    page = None
    if query:
        paginator = Paginator(search_items(query), SEARCH_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "guide/search.html",
        {"query": query, "page": page, "too_long": too_long, "problems": form.errors.get("q", [])},
    )


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
