"""A page's history keeps its sources and related pages with each version, so that the
history shows their changes and a revert brings them back too."""

import contextvars
from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max
from simple_history.signals import pre_create_historical_record

from .models import GuideItem, Source


def links_of(item):
    """(sources, related slugs) of a stored page, as a version records them."""
    sources = [
        {"title": title, "url": url}
        for title, url in Source.objects.filter(item_id=item.pk)
        .order_by("position", "id")
        .values_list("title", "url")
    ]
    related = sorted(
        GuideItem.related.through.objects.filter(from_guideitem_id=item.pk).values_list(
            "to_guideitem__slug", flat=True
        )
    )
    return sources, related


def record_links(item):
    """Write the page's current sources and related pages into its newest version."""
    history = type(item.kind_item).history
    newest = history.filter(id=item.pk).order_by("-history_date", "-history_id").first()
    if newest is not None:
        sources, related = links_of(item)
        history.filter(history_id=newest.history_id).update(
            sources_snapshot=sources, related_snapshot=related
        )


def record_links_of_written(items):
    """record_links for pages that were all just saved in this transaction, in a few queries
    for them all rather than four a page: a load writes up to thousands at once. Each page's
    newest version is the one this transaction wrote, so it has the highest history id."""
    ids = [item.pk for item in items]
    sources = defaultdict(list)
    rows = Source.objects.filter(item_id__in=ids).order_by("item_id", "position", "id")
    for item_id, title, url in rows.values_list("item_id", "title", "url"):
        sources[item_id].append({"title": title, "url": url})
    related = defaultdict(list)
    for item_id, slug in GuideItem.related.through.objects.filter(from_guideitem_id__in=ids).values_list(
        "from_guideitem_id", "to_guideitem__slug"
    ):
        related[item_id].append(slug)
    by_kind = defaultdict(list)
    for item in items:
        by_kind[type(item.kind_item)].append(item.pk)
    for kind, kind_ids in by_kind.items():
        history_model = kind.history.model
        newest = (
            kind.history.filter(id__in=kind_ids).values("id").annotate(newest=Max("history_id")).order_by()
        )
        versions = [
            history_model(
                history_id=row["newest"],
                sources_snapshot=sources[row["id"]],
                related_snapshot=sorted(related[row["id"]]),
            )
            for row in newest
        ]
        history_model.objects.bulk_update(versions, ["sources_snapshot", "related_snapshot"], batch_size=500)


@transaction.atomic
def restore_links(item, version):
    """Give the page the sources and related pages it had in `version`."""
    item.sources.all().delete()
    for position, source in enumerate(version.sources_snapshot):
        Source.objects.create(item=item, title=source["title"], url=source["url"], position=position)
    item.related.set(GuideItem.objects.filter(slug__in=version.related_snapshot))
    record_links(item)


_links_recorded_afterwards = contextvars.ContextVar("links_recorded_afterwards", default=False)


@contextmanager
def links_recorded_afterwards():
    """Inside the block, saving a page does not look up its links for the new version: the
    caller calls record_links for every page it wrote once their links are set (a load of a
    thousand pages saves two thousand queries)."""
    token = _links_recorded_afterwards.set(True)
    try:
        yield
    finally:
        _links_recorded_afterwards.reset(token)


def _snapshot_links(sender, instance, history_instance, **kwargs):
    if not (isinstance(instance, GuideItem) and hasattr(history_instance, "sources_snapshot")):
        return
    history_instance.revision = getattr(instance, "_published_revision", None)
    if _links_recorded_afterwards.get() and history_instance.history_type != "-":
        return
    history_instance.sources_snapshot, history_instance.related_snapshot = links_of(instance)


def connect():
    pre_create_historical_record.connect(_snapshot_links, dispatch_uid="guide-page-links")
