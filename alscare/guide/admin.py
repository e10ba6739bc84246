"""The staff side of the guide: edit, preview, publish, review on schedule, see history."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models as db_models
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import models
from .forms import GuideItemAdminForm, SourceFormSet, is_list_field, list_formfield
from .glossary import GLOSSARY_SLUG
from .history import record_links, restore_links
from .rendering import render_markdown
from .schema import fields_for
from .sections import SECTIONS


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", f"Overdue or due within {models.REVIEW_SOON_DAYS} days"),
            ("overdue", "Overdue"),
            ("soon", f"Due within {models.REVIEW_SOON_DAYS} days"),
            ("current", f"Not due for {models.REVIEW_SOON_DAYS} days or more"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=models.REVIEW_SOON_DAYS)
        if self.value() == "due":
            return queryset.review_due()
        if self.value() == "overdue":
            return queryset.filter(next_review__lt=today)
        if self.value() == "soon":
            return queryset.filter(next_review__gte=today, next_review__lte=horizon)
        if self.value() == "current":
            return queryset.filter(next_review__gt=horizon)
        return queryset


KIND_MODELS = [section.model for section in SECTIONS.values()]


def _each_kind_item(queryset):
    # Saving each page as its own kind records the change in that kind's history.
    kinds = {item.pk: item for model in KIND_MODELS for item in model.objects.filter(pk__in=queryset)}
    return [kinds[pk] for pk in queryset.values_list("pk", flat=True) if pk in kinds]


@admin.action(description="Mark as reviewed today", permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    months = settings.GUIDE_REVIEW_INTERVAL_MONTHS
    items = _each_kind_item(queryset)
    for item in items:
        item.mark_reviewed(months=months)
        item._change_reason = "Marked as reviewed"
        item.save()
    pages = _pages(len(items))
    modeladmin.message_user(
        request,
        f"{pages} marked as reviewed today. The next review is due in {months} months.",
        messages.SUCCESS,
    )


@admin.action(description="Publish", permissions=["change"])
def publish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, models.Status.PUBLISHED)


@admin.action(description="Make draft (hide from the public)", permissions=["change"])
def make_draft(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, models.Status.DRAFT)


def _set_status(modeladmin, request, queryset, status):
    items = _each_kind_item(queryset)
    for item in items:
        item.status = status
        item._change_reason = f"Status set to {status}"
        item.save()
    modeladmin.message_user(request, f"{_pages(len(items))} now {status}.", messages.SUCCESS)


def _pages(count):
    return f"{count} page{pluralize(count)}"


def preview_link(item):
    url = reverse("guide:preview", kwargs={"section": item.section, "slug": item.slug})
    label = "Preview as the public will see it (opens in a new tab)"
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)


def kind_admin_url(item):
    model = SECTIONS[item.section].model
    return reverse(f"admin:guide_{model._meta.model_name}_change", args=[item.pk])


class SourceInline(admin.StackedInline):
    """Stacked, not tabular: each field gets its own <label> (axe: tabular inputs had none)."""

    model = models.Source
    formset = SourceFormSet
    extra = 0
    min_num = 1
    fields = ["title", "url", "position"]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    verbose_name = "source"
    verbose_name_plural = "sources (at least one; shown at the end of the page)"


class FullTextHistoryHelper(HistoricalRecordContextHelper):
    def format_delta_change(self, change):
        # Keep text whole: the history template shows just the lines that changed.
        if isinstance(change.old, str) and isinstance(change.new, str):
            return change
        return super().format_delta_change(change)


def _source_lines(sources):
    return "\n".join(f"{source['title']} ({source['url']})" for source in sources)


LINK_FIELDS = [
    ("sources", "sources_snapshot", _source_lines),
    ("related pages", "related_snapshot", "\n".join),
]


class GuideItemAdmin(SimpleHistoryAdmin):
    form = GuideItemAdminForm
    list_display = ["title", "status", "last_reviewed", "next_review", "review_state"]
    list_filter = ["status", ReviewFilter]
    search_fields = ["title", "summary", "body", "slug"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SourceInline]
    actions = [mark_reviewed, publish, make_draft]
    readonly_fields = ["preview", "body_preview", "source_path", "updated_at"]
    history_list_display = ["status"]
    save_on_top = True

    def get_historical_record_context_helper(self, request, historical_record):
        return FullTextHistoryHelper(self.model, historical_record)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Sources and related pages are saved after the page: add them to its new version.
        record_links(form.instance)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            changes = getattr(newer, "history_delta_changes", None) or []
            for label, field_name, as_lines in LINK_FIELDS:
                old, new = as_lines(getattr(older, field_name)), as_lines(getattr(newer, field_name))
                if old != new:
                    changes.append({"field": label, "old": old, "new": new})
            newer.history_delta_changes = changes

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            version = self.model.history.get(history_id=version_id)
            restore_links(self.model.objects.get(pk=object_id), version)
        return response

    def get_fieldsets(self, request, obj=None):
        kind_fields = list(self.model.kind_fields)
        return [
            (None, {"fields": ["preview", "title", "slug", "summary", "status", "order"]}),
            ("Text", {"fields": ["body", "body_preview"]}),
            (f"About this {self.model._meta.verbose_name}", {"fields": kind_fields}),
            ("Safety: shown near the top of the page", {"fields": ["warnings", "get_help_now"]}),
            *self._glossary_fieldsets(obj),
            ("From the diary", {"fields": ["diary_areas"]}),
            ("Review", {"fields": ["last_reviewed", "next_review"]}),
            ("Related pages", {"fields": ["related"]}),
            ("Where it came from", {"classes": ["collapse"], "fields": ["source_path", "updated_at"]}),
        ]

    def _glossary_fieldsets(self, obj):
        if obj is not None and obj.slug != GLOSSARY_SLUG and not obj.terms:
            return []
        return [("Glossary (the glossary page only)", {"fields": ["terms"]})]

    @admin.display(description="Review")
    def review_state(self, item):
        return item.review_state

    @admin.display(description="Preview")
    def preview(self, item):
        if item.pk is None:
            return "Save the page (as a draft if it is not ready) to preview it."
        return preview_link(item)

    @admin.display(description="Text as it will appear (after saving)")
    def body_preview(self, item):
        if not item.body:
            return "Nothing yet."
        return format_html('<div class="markdown-preview">{}</div>', render_markdown(item.body))

    def get_changeform_initial_data(self, request):
        # A page made in the admin starts as a draft: nothing reaches patients unreviewed.
        return {"status": models.Status.DRAFT, **super().get_changeform_initial_data(request)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_list_field(db_field):
            spec = fields_for(self.model).get(db_field.name)
            return list_formfield(db_field, required=spec.required if spec else None)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            kwargs["queryset"] = models.GuideItem.objects.order_by("title")
            # Plain checkboxes work with a keyboard, a switch or a head mouse, without script.
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["help_text"] = "Tick the pages to suggest at the end of this one."
        return super().formfield_for_manytomany(db_field, request, **kwargs)


for kind in KIND_MODELS:
    admin.site.register(kind, GuideItemAdmin)


class PageListAdmin(admin.ModelAdmin):
    """A read-only list across all kinds; each row links to its kind's edit page."""

    list_display = ["page", "section", "status", "last_reviewed", "next_review", "review_state"]
    list_display_links = None
    list_filter = ["section", "status", ReviewFilter]
    search_fields = ["title", "summary", "body", "slug"]
    ordering = ["section", "order", "title"]
    actions = [mark_reviewed, publish, make_draft]

    @admin.display(description="Page", ordering="title")
    def page(self, item):
        return format_html('<a href="{}">{}</a>', kind_admin_url(item), item.title)

    @admin.display(description="Review")
    def review_state(self, item):
        return item.review_state

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.GuidePage)
class GuidePageAdmin(PageListAdmin):
    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "All guide pages", **(extra_context or {})})


@admin.register(models.PageDueForReview)
class PageDueForReviewAdmin(PageListAdmin):
    ordering = ["next_review", "title"]

    def changelist_view(self, request, extra_context=None):
        # The list says what it is, not Django's "Select page due for review to change".
        return super().changelist_view(request, {"title": "Pages due for review", **(extra_context or {})})

    def get_queryset(self, request):
        return super().get_queryset(request).review_due()
