"""The staff side of the guide: edit, preview, publish, review on schedule, see history."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models as db_models
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import models
from .forms import GuideItemAdminForm, SourceFormSet, is_list_field, list_formfield
from .glossary import GLOSSARY_SLUG
from .history import record_links, restore_links
from .loading import item_data
from .rendering import render_markdown
from .revisions import (
    EditConflict,
    ReviewRefused,
    approve,
    changes_between,
    edit_token,
    open_revision,
    revision_data,
    save_revision,
    send_back,
    showing,
)
from .schema import fields_for
from .sections import SECTIONS

APPROVE_PERMISSION = "guide.approve_revision"


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


@admin.action(description="Mark as reviewed today", permissions=["approve"])
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


def _pages(count):
    return f"{count} page{pluralize(count)}"


class ClinicalReviewMixin:
    """Review actions (approving, marking reviewed) belong to clinical reviewers."""

    def has_approve_permission(self, request, obj=None):
        return request.user.has_perm(APPROVE_PERMISSION)


def with_page_state(queryset):
    """Pages annotated with the state of their open revision (None when there is none)."""
    open_revision = models.Revision.objects.filter(item=OuterRef("pk"), state__in=models.Revision.OPEN_STATES)
    return queryset.annotate(open_revision_state=Subquery(open_revision.values("state")[:1]))


PAGE_STATES = {
    (True, None): "Live",
    (True, models.Revision.State.WAITING): "Live with pending changes",
    (True, models.Revision.State.SENT_BACK): "Live; changes sent back",
    (False, None): "Draft (not public)",
    (False, models.Revision.State.WAITING): "Waiting for review",
    (False, models.Revision.State.SENT_BACK): "Sent back",
}


def page_state(item):
    """Where the page stands: live or not, and whether changes wait for review."""
    return PAGE_STATES[(item.is_published, getattr(item, "open_revision_state", None))]


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


class GuideItemAdmin(ClinicalReviewMixin, SimpleHistoryAdmin):
    """Edits never reach the public directly: a save sends the page's next version for
    clinical review (its one pending revision), and approval publishes it."""

    form = GuideItemAdminForm
    change_form_template = "admin/guide/page_change_form.html"
    object_history_form_template = "admin/guide/page_revert_form.html"
    list_display = ["title", "state", "last_reviewed", "next_review", "review_state"]
    list_filter = ["status", ReviewFilter]
    search_fields = ["title", "summary", "body", "slug"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SourceInline]
    actions = [mark_reviewed]
    readonly_fields = ["preview", "body_preview", "source_path", "updated_at"]
    history_list_display = ["status"]
    save_on_top = True

    def get_queryset(self, request):
        return with_page_state(super().get_queryset(request))

    def has_delete_permission(self, request, obj=None):
        # Deleting takes a page off the guide at once, with no approval: a reviewer's call.
        return super().has_delete_permission(request, obj) and self.has_approve_permission(request)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_review"
        review = path("<path:object_id>/review/", self.admin_site.admin_view(self.review_view), name=name)
        return [review, *super().get_urls()]

    def get_historical_record_context_helper(self, request, historical_record):
        return FullTextHistoryHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        if not change:
            # A new page waits, hidden, for its first approval; its revision holds its status.
            request.guide_requested_status = obj.status
            obj.status = models.Status.DRAFT
        super().save_model(request, obj, form, change)

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

    # Edits become the pending revision ------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        response = super().add_view(request, form_url, extra_context)
        item = getattr(request, "guide_added", None)
        if request.method == "POST" and item is not None:
            data = item_data(item)
            data["status"] = request.guide_requested_status
            save_revision(item.pk, data, request.user, edit_token(item), self._note(request))
            self.message_user(request, SENT_FOR_REVIEW, messages.SUCCESS)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return super().change_view(request, object_id, form_url, extra_context)
        revision = open_revision(item)
        context = {**self._revision_context(request, item, revision), **(extra_context or {})}
        return self._as_revision(
            request,
            item,
            revision,
            lambda: super(GuideItemAdmin, self).change_view(request, object_id, form_url, context),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return super().history_form_view(request, object_id, version_id, extra_context)
        context = {"edit_token": edit_token(item, open_revision(item)), **(extra_context or {})}

        def revert():
            response = super(GuideItemAdmin, self).history_form_view(request, object_id, version_id, context)
            if request.method == "POST" and response.status_code == 302:
                restore_links(
                    self.model.objects.get(pk=item.pk), self.model.history.get(history_id=version_id)
                )
            return response

        # A revert is an edit like any other: it becomes the pending revision, over the live page.
        return self._as_revision(request, item, None, revert)

    def _as_revision(self, request, item, revision, run):
        """Run the admin's own view with the pending revision in the database, then undo
        every write and keep what a successful save produced as the pending revision."""
        data = None
        with showing(revision):
            response = run()
            if hasattr(response, "render"):
                response.render()
            if request.method == "POST" and response.status_code == 302:
                data = item_data(self.model.objects.get(pk=item.pk))
        if data is None:
            return response
        if open_revision(item) is None and data == item_data(self.model.objects.get(pk=item.pk)):
            self.message_user(request, "Nothing was changed, so nothing was sent for review.", messages.INFO)
            return response
        try:
            save_revision(
                item.pk, data, request.user, request.POST.get("edit_token", ""), self._note(request)
            )
        except EditConflict as conflict:
            return self._conflict_response(request, item, data, conflict.revision)
        self.message_user(request, SENT_FOR_REVIEW, messages.SUCCESS)
        return response

    def _note(self, request):
        return request.POST.get("note_for_reviewer", "").strip()

    def response_add(self, request, obj, post_url_continue=None):
        request.guide_added = obj
        return self._quiet_redirect(request, obj)

    def response_change(self, request, obj):
        return self._quiet_redirect(request, obj)

    def _quiet_redirect(self, request, obj):
        # Django's "was changed successfully" would be untrue: nothing is public yet.
        if "_continue" in request.POST:
            return HttpResponseRedirect(self._url("change", obj.pk))
        if "_addanother" in request.POST:
            return HttpResponseRedirect(self._url("add"))
        return HttpResponseRedirect(self._url("changelist"))

    def _url(self, view, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def _revision_context(self, request, item, revision):
        context = {"edit_token": edit_token(item, revision), "revision": revision}
        if revision is not None:
            context.update(
                changes=changes_between(item_data(item), revision_data(revision)),
                may_review=request.user.has_perm(APPROVE_PERMISSION),
                edited_it=revision.editors.filter(pk=request.user.pk).exists(),
                review_url=self._url("review", item.pk),
            )
        return context

    def _conflict_response(self, request, item, yours, revision):
        theirs = revision_data(revision) if revision is not None else item_data(item.kind_item)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Someone else changed {theirs['title']} while you were editing",
            "opts": self.opts,
            "item": item,
            "revision": revision,
            "changes": changes_between(theirs, yours),
            "change_url": self._url("change", item.pk),
        }
        return TemplateResponse(request, "admin/guide/edit_conflict.html", context, status=409)

    def review_view(self, request, object_id):
        """Approve and publish, or send back, the page's pending revision (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(APPROVE_PERMISSION):
            raise PermissionDenied
        change_url = self._url("change", object_id)
        try:
            revision_id, version = int(request.POST.get("revision", "")), int(request.POST.get("version", ""))
            item_id = int(unquote(object_id))
        except ValueError:
            self.message_user(request, "That review form was incomplete; nothing changed.", messages.ERROR)
            return HttpResponseRedirect(change_url)
        if not models.Revision.objects.filter(pk=revision_id, item_id=item_id).exists():
            self.message_user(request, "Those changes are not this page's; nothing changed.", messages.ERROR)
            return HttpResponseRedirect(change_url)
        note = request.POST.get("reviewer_note", "")
        try:
            decision = request.POST.get("decision")
            if decision == "approve":
                approve(revision_id, request.user, version, note.strip())
                self.message_user(request, PUBLISHED, messages.SUCCESS)
            elif decision == "send-back":
                send_back(revision_id, request.user, version, note)
                self.message_user(request, SENT_BACK, messages.SUCCESS)
            else:
                raise ReviewRefused("Choose to approve or to send back.")
        except ReviewRefused as refusal:
            self.message_user(request, f"{refusal} Nothing changed.", messages.ERROR)
        return HttpResponseRedirect(change_url)

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
            ("Send for review", {"fields": ["note_for_reviewer"]}),
            ("Where it came from", {"classes": ["collapse"], "fields": ["source_path", "updated_at"]}),
        ]

    def _glossary_fieldsets(self, obj):
        if obj is not None and obj.slug != GLOSSARY_SLUG and not obj.terms:
            return []
        return [("Glossary (the glossary page only)", {"fields": ["terms"]})]

    @admin.display(description="State")
    def state(self, item):
        return page_state(item)

    @admin.display(description="Review")
    def review_state(self, item):
        return item.review_state

    @admin.display(description="Preview")
    def preview(self, item):
        if item.pk is None:
            return "Send the page for review to preview it."
        return preview_link(item)

    @admin.display(description="Text as it will appear (after sending)")
    def body_preview(self, item):
        if not item.body:
            return "Nothing yet."
        return format_html('<div class="markdown-preview">{}</div>', render_markdown(item.body))

    def get_changeform_initial_data(self, request):
        # Nothing reaches patients before a reviewer approves it, so a new page asks to be live.
        return {"status": models.Status.PUBLISHED, **super().get_changeform_initial_data(request)}

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


SENT_FOR_REVIEW = "Sent for review: a clinical reviewer will read it before patients see it."
PUBLISHED = "Published: patients see it now."
SENT_BACK = "Sent back to the editor."


for kind in KIND_MODELS:
    admin.site.register(kind, GuideItemAdmin)


class PageListAdmin(ClinicalReviewMixin, admin.ModelAdmin):
    """A read-only list across all kinds; each row links to its kind's edit page."""

    list_display = ["page", "section", "state", "last_reviewed", "next_review", "review_state"]
    list_display_links = None
    list_filter = ["section", "status", ReviewFilter]
    search_fields = ["title", "summary", "body", "slug"]
    ordering = ["section", "order", "title"]
    actions = [mark_reviewed]

    def get_queryset(self, request):
        return with_page_state(super().get_queryset(request))

    @admin.display(description="State")
    def state(self, item):
        return page_state(item)

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


@admin.register(models.Revision)
class RevisionAdmin(admin.ModelAdmin):
    """The reviewers' queue: pages whose changes wait for review or were sent back."""

    list_display = ["page", "state", "created_by_email", "updated_at"]
    list_display_links = None
    list_filter = ["state"]
    ordering = ["updated_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(state__in=models.Revision.OPEN_STATES)
            .select_related("item", "created_by")
        )

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": "Changes waiting for review", **(extra_context or {})}
        )

    @admin.display(description="Page", ordering="item__title")
    def page(self, revision):
        return format_html(
            '<a href="{}">{}</a>', kind_admin_url(revision.item), revision.content.get("title")
        )

    @admin.display(description="Started by")
    def created_by_email(self, revision):
        return revision.created_by.email if revision.created_by else "(a former staff member)"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
