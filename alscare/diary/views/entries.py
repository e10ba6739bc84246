import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from .. import services
from ..forms import EntryForm
from ..models import SYMPTOM_AREAS, UNDO_PERIOD, Entry
from ..permissions import diary_view

ENTRIES_PER_PAGE = 20


def _entry_or_404(access, entry_id):
    try:
        return Entry.objects.select_related("created_by", "updated_by").get(pk=entry_id, diary=access.diary)
    except Entry.DoesNotExist:
        raise Http404("No such entry") from None


@diary_view(get="view_diary")
def entry_list(request, access):
    entries = access.diary.entries.select_related("created_by", "updated_by")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    services.record_visit(access)
    return render(request, "diary/entry_list.html", {"access": access, "diary": access.diary, "page": page})


@diary_view(get="add_entry", post="add_entry")
def entry_add(request, access):
    form = EntryForm(request.POST or None, tracked=access.diary.tracked_areas)
    if request.method == "POST" and form.is_valid():
        entry = services.add_entry(access.diary, form.entry_data(), by=request.user)
        messages.success(request, f"Your entry for {entry.date:%A %-d %B %Y} is saved.")
        return redirect("diary:home", diary_id=access.diary.pk)
    return _entry_form_page(request, access, form, entry=None)


@diary_view(get="edit_entry", post="edit_entry")
def entry_edit(request, access, entry_id):
    entry = _entry_or_404(access, entry_id)
    if request.method != "POST":
        form = EntryForm(instance=entry)
        return _entry_form_page(request, access, form, entry)

    # A copy, because validating a ModelForm writes into its instance.
    form = EntryForm(request.POST, instance=copy.copy(entry))
    if not form.is_valid():
        return _entry_form_page(request, access, form, entry)
    version = form.cleaned_data.get("version")
    if version is None:
        form.add_error(None, "This form is missing its version number. Please open the entry again.")
        return _entry_form_page(request, access, form, entry)
    try:
        services.update_entry(access.diary, entry.pk, form.entry_data(), version, by=request.user)
    except services.EditConflict as conflict:
        return _conflict_page(request, access, form, conflict.current)
    saved_date = form.cleaned_data["date"]
    messages.success(request, f"Your changes to the entry for {saved_date:%A %-d %B %Y} are saved.")
    return redirect("diary:entries", diary_id=access.diary.pk)


def _entry_form_page(request, access, form, entry):
    return render(
        request,
        "diary/entry_form.html",
        {"access": access, "diary": access.diary, "form": form, "entry": entry},
    )


def _conflict_page(request, access, form, current):
    """Someone saved the entry after this form was opened: show both, overwrite nothing."""
    if current is None:
        messages.error(request, "This entry was deleted by someone else while you were editing it.")
        return redirect("diary:entries", diary_id=access.diary.pk)
    yours = form.cleaned_data
    # The form keeps the person's own values but now carries the saved version, so saving
    # again is a deliberate choice made after seeing the other version.
    data = request.POST.copy()
    data["version"] = str(current.version)
    retry = EntryForm(data, instance=copy.copy(current))
    retry.is_valid()
    rows = [
        (label, getattr(current, name), yours.get(name))
        for name, label in [
            ("date", "Date"),
            *SYMPTOM_AREAS,
            ("weight_kg", "Weight (kg)"),
            ("notes", "Notes"),
        ]
    ]
    return render(
        request,
        "diary/entry_conflict.html",
        {"access": access, "diary": access.diary, "form": retry, "entry": current, "rows": rows},
        status=409,
    )


@diary_view(get="edit_entry", post="edit_entry")
def entry_delete(request, access, entry_id):
    entry = _entry_or_404(access, entry_id)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        if version is not None:
            try:
                services.delete_entry(access.diary, entry.pk, version, by=request.user)
            except services.EditConflict:
                messages.error(
                    request,
                    "This entry changed after you opened it, so it was not deleted. Check it and try again.",
                )
                return redirect("diary:entry_edit", diary_id=access.diary.pk, entry_id=entry.pk)
            messages.success(
                request,
                f"The entry for {entry.date:%-d %B %Y} was deleted. "
                f"You can bring it back from “Deleted entries” for {UNDO_PERIOD.days} days.",
            )
            return redirect("diary:entries", diary_id=access.diary.pk)
        messages.error(request, "Please confirm from the delete page.")
    return render(
        request, "diary/entry_delete.html", {"access": access, "diary": access.diary, "entry": entry}
    )


@diary_view(get="edit_entry")
def deleted_entries(request, access):
    """Entries deleted in the last UNDO_PERIOD, each with a button to bring it back."""
    return render(
        request,
        "diary/entries_deleted.html",
        {
            "access": access,
            "diary": access.diary,
            "entries": services.deleted_entries(access.diary),
            "undo_days": UNDO_PERIOD.days,
        },
    )


@diary_view(post="edit_entry")
def entry_restore(request, access, entry_id):
    try:
        entry = services.restore_entry(access.diary, entry_id, by=request.user)
    except services.DiaryRuleBroken as problem:
        messages.error(request, str(problem))
        return redirect("diary:entries_deleted", diary_id=access.diary.pk)
    messages.success(request, f"The entry for {entry.date:%-d %B %Y} is back.")
    return redirect("diary:entries", diary_id=access.diary.pk)
