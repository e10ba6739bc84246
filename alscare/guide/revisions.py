"""Clinical sign-off: a page's next version waits as a revision until a reviewer approves it.

A revision holds the page as its content file does (loading.item_data), and approval
writes it with the loader's own code, so every field the schema knows travels through
review without being named here. The public only ever sees the live page.
"""

import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .history import links_recorded_afterwards, record_links
from .loading import BODY_FIELD, data_from_json, fingerprint, item_data, write_item
from .models import GuideItem, Revision, add_months
from .schema import fields_for
from .sections import SECTIONS


class EditConflict(Exception):
    """The page's pending changes moved on since the editor opened them; nothing was saved."""

    def __init__(self, revision):
        super().__init__("the page was changed since it was opened")
        self.revision = revision


class ReviewRefused(Exception):
    """A review action that may not happen; the message says why, in the reviewer's words."""


def open_revision(item):
    """The page's revision that waits for review or was sent back, or None."""
    return Revision.objects.filter(item_id=item.pk, state__in=Revision.OPEN_STATES).first()


def edit_token(item, revision=None):
    """What an editor opened: the open revision at its version, or the live page's fingerprint.

    The edit form carries it back; a save whose token no longer matches is a conflict.
    """
    if revision is not None:
        return f"revision-{revision.pk}-{revision.version}"
    return f"live-{fingerprint(item_data(item))}"


def revision_data(revision):
    """The revision's content in the shape read_item gives for a content file."""
    return data_from_json(revision.item.section, revision.content)


def as_json(data):
    """`data` (as item_data gives it) as a revision stores it."""
    return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in data.items()}


def publish_data(item, data, reason, revision=None):
    """Make `data` the live version of `item`, with the loader's code, in the caller's transaction."""
    item = item.kind_item
    item._published_revision = revision
    # The version's links are recorded once, below, after the related pages are set.
    with links_recorded_afterwards():
        write_item(item, data, reason)
    item.related.set(GuideItem.objects.filter(slug__in=data["related"]).exclude(pk=item.pk))
    record_links(item)
    return item


@contextmanager
def showing(revision):
    """Inside the block, the database holds the page as the revision would publish it;
    everything written inside is undone on leaving, so the public never sees it."""
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            if revision is not None:
                publish_data(revision.item, revision_data(revision), "Preview of pending changes")
            yield
        finally:
            transaction.savepoint_rollback(savepoint)


def save_revision(item_id, data, by, token, note=""):
    """Record `data` as the page's pending revision: "Sent for review".

    `token` is the edit_token the editor opened. If the page's pending changes (or, with none
    pending, its live version) moved on since then, raises EditConflict and saves nothing.
    """
    content = as_json(data)
    now = timezone.now()
    with transaction.atomic():
        item = GuideItem.objects.get(pk=item_id).kind_item
        revision = open_revision(item)
        if token != edit_token(item, revision):
            raise EditConflict(revision)
        if revision is None:
            try:
                with transaction.atomic():
                    revision = Revision.objects.create(
                        item_id=item.pk,
                        content=content,
                        created_by=by,
                        updated_by=by,
                        created_at=now,
                        updated_at=now,
                        editor_note=note,
                    )
            except IntegrityError:
                # Another editor's first save of this page landed a moment before.
                raise EditConflict(open_revision(item)) from None
        else:
            updated = Revision.objects.filter(
                pk=revision.pk, version=revision.version, state=revision.state
            ).update(
                content=content,
                version=F("version") + 1,
                state=Revision.State.WAITING,
                updated_by=by,
                updated_at=now,
                editor_note=note or revision.editor_note,
            )
            if not updated:
                raise EditConflict(Revision.objects.get(pk=revision.pk))
            revision.refresh_from_db()
        revision.editors.add(by)
    return revision


def _reviewable(revision_id, reviewer, version):
    revision = Revision.objects.select_for_update().select_related("item").get(pk=revision_id)
    if revision.state != Revision.State.WAITING:
        raise ReviewRefused("These changes are no longer waiting for review.")
    if revision.version != version:
        raise ReviewRefused("The editor saved these changes again after you opened them. Read them again.")
    if revision.editors.filter(pk=reviewer.pk).exists():
        raise ReviewRefused("You worked on these changes, so another clinical reviewer must approve them.")
    return revision


@transaction.atomic
def approve(revision_id, reviewer, version, note=""):
    """Publish the revision: the live page changes and its review dates move on, all at once."""
    revision = _reviewable(revision_id, reviewer, version)
    data = revision_data(revision)
    today = timezone.localdate()
    data["last_reviewed"] = today
    data["next_review"] = add_months(today, settings.GUIDE_REVIEW_INTERVAL_MONTHS)
    item = revision.item.kind_item
    item._history_user = reviewer
    publish_data(item, data, "Published after clinical review", revision=revision)
    revision.state = Revision.State.PUBLISHED
    revision.reviewed_by = reviewer
    revision.reviewed_at = timezone.now()
    revision.reviewer_note = note
    revision.save(update_fields=["state", "reviewed_by", "reviewed_at", "reviewer_note"])
    return revision


@transaction.atomic
def send_back(revision_id, reviewer, version, note):
    """Return the revision to its editors with a note saying what to change."""
    if not note.strip():
        raise ReviewRefused("Write a note so the editor knows what to change.")
    revision = Revision.objects.select_for_update().get(pk=revision_id)
    if revision.state != Revision.State.WAITING:
        raise ReviewRefused("These changes are no longer waiting for review.")
    if revision.version != version:
        raise ReviewRefused("The editor saved these changes again after you opened them. Read them again.")
    revision.state = Revision.State.SENT_BACK
    revision.reviewed_by = reviewer
    revision.reviewed_at = timezone.now()
    revision.reviewer_note = note.strip()
    revision.save(update_fields=["state", "reviewed_by", "reviewed_at", "reviewer_note"])
    return revision


# What a revision changes, word by word ----------------------------------------------------

CONTEXT_WORDS = 8


@dataclass
class FieldChange:
    field: str
    old: str
    new: str

    @property
    def words(self):
        return word_diff(self.old, self.new)


def as_text(value):
    """A field's value as a person reads it, for comparing versions."""
    if isinstance(value, list):
        return "\n".join(as_text(entry) for entry in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {as_text(entry)}" for key, entry in value.items())
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def changes_between(old, new):
    """The fields whose text differs between two page data dicts, in the schema's order."""
    section = new.get("section") or old.get("section")
    names = [*fields_for(SECTIONS[section].model), BODY_FIELD]
    changes = []
    for name in names:
        before, after = as_text(old.get(name)), as_text(new.get(name))
        if before != after:
            changes.append(FieldChange(name.replace("_", " "), before, after))
    return changes


def _words(text):
    # Each word keeps the space after it, so the text is put back together as written;
    # words are compared without it.
    return re.findall(r"\S+\s*", text.lstrip())


def word_diff(old, new):
    """HTML of `new` against `old`, word by word: removed words in <del>, added in <ins>.

    Long unchanged stretches are shortened to their ends, so a one-word change in a long
    text reads at a glance.
    """
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(
        None, [word.strip() for word in old_words], [word.strip() for word in new_words], autojunk=False
    )
    opcodes = matcher.get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            shown = _shortened(new_words[j1:j2], index == 0, index == len(opcodes) - 1)
            parts.append(format_html("{}", shown))
            continue
        removed, added = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if removed.strip():
            after = "" if added.strip() else _trailing_space(removed)
            parts.append(format_html("<del>{}</del>{}", removed.rstrip(), after))
        if added.strip():
            parts.append(format_html("<ins>{}</ins>{}", added.rstrip(), _trailing_space(added)))
    return mark_safe("".join(parts))


def _trailing_space(text):
    return text[len(text.rstrip()) :]


def _shortened(words, first, last):
    """An unchanged stretch: whole if short, else only the words next to the changes."""
    if len(words) <= 2 * CONTEXT_WORDS:
        return "".join(words)
    head = "" if first else "".join(words[:CONTEXT_WORDS])
    tail = "" if last else "".join(words[-CONTEXT_WORDS:])
    return f"{head}… {tail}"
