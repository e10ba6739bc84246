"""Searching the guide: ranked full-text search on PostgreSQL, a word match elsewhere."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from .models import GuideItem

MAX_QUERY_LENGTH = 200


def search_items(query, queryset=None):
    """Published items matching query, best first."""
    queryset = (queryset if queryset is not None else GuideItem.objects.published()).only(
        "section", "slug", "title", "summary"
    )
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, query)
    return _word_search(queryset, query)


def _postgres_search(queryset, query):
    # GuideItem.search_document holds each page's weighted words, kept by a trigger and
    # indexed (GIN), so a search reads the index rather than every page's text.
    search_query = SearchQuery(query, search_type="websearch", config="english")
    return (
        queryset.filter(search_document=search_query)
        .annotate(rank=SearchRank(F("search_document"), search_query))
        .order_by("-rank", "title")
    )


def _word_search(queryset, query):
    words = [word.strip("\"'") for word in query.split() if word.strip("\"'")]
    matches = Q()
    score = Value(0)
    for word in words:
        matches &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        score = score + Case(
            When(title__icontains=word, then=Value(3)),
            When(summary__icontains=word, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return queryset.filter(matches).annotate(rank=score).order_by("-rank", "title")
