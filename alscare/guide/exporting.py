"""Writing the guide from the database back to content files, in the loader's format.

Exported files load back to exactly the same data, so staff edits made in the admin can
be reviewed and committed like any other change to content/.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from .loading import (
    BODY_FIELD,
    PREFER_DATABASE,
    PREFER_FILES,
    Conflict,
    display_path,
    fingerprint,
    item_data,
    read_item,
    stored_items,
)
from .models import GuideItem
from .schema import SAFETY_FIELDS, fields_for
from .sections import SECTIONS

LEADING_FIELDS = [
    "title",
    "slug",
    "summary",
    "order",
    "status",
    "last_reviewed",
    "next_review",
    "sources",
    "related",
]


class _ContentDumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list entries under their field, as people write them by hand.
        return super().increase_indent(flow, False)


def _represent_text(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ContentDumper.add_representer(str, _represent_text)


@dataclass
class ExportReport:
    written: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    kept_unloaded: list = field(default_factory=list)
    kept_files: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)

    def summary(self):
        text = (
            f"written {len(self.written)}, unchanged {len(self.unchanged)}, deleted {len(self.deleted)}, "
            f"conflicts {len(self.conflicts)}"
        )
        if self.kept_files:
            text += f" (kept the file version of {len(self.kept_files)})"
        if self.kept_unloaded:
            text += f" (left {len(self.kept_unloaded)} file(s) never loaded)"
        return text


def item_file_text(data):
    """The text of a content file holding `data` (as item_data returns it)."""
    schema = fields_for(SECTIONS[data["section"]].model)
    header = {}
    kind_fields = [name for name in schema if name not in LEADING_FIELDS + SAFETY_FIELDS]
    # Safety parts come last, so adding one to a page leaves the lines above it untouched.
    for name in LEADING_FIELDS + kind_fields + SAFETY_FIELDS:
        value = data[name]
        spec = schema[name]
        # Optional fields at their default stay out of the file, as a person would write it.
        if not spec.required and value == spec.default:
            continue
        header[name] = value
    front_matter = yaml.dump(
        header,
        Dumper=_ContentDumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    return f"---\n{front_matter}---\n{data[BODY_FIELD]}\n"


def export_content(root, prefer=None):
    """Write every stored item to root/<section>/<slug>.md, and remove the files of items
    deleted in the admin.

    A file changed since it was last loaded is never overwritten silently: it is reported as a
    conflict and nothing is written, unless `prefer` says which side wins. A file that was
    never loaded (a new page not yet in the database) is left alone.
    """
    root = Path(root)
    report = ExportReport()
    to_write = []
    in_step = {}
    stored = stored_items()
    for slug, item in sorted(stored.items()):
        data = item_data(item)
        path = root / data["section"] / f"{slug}.md"
        display = display_path(path, root)
        text = item_file_text(data)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            report.unchanged.append(slug)
        elif current is not None and _file_fingerprint(path, display, data["section"]) not in (
            item.loaded_fingerprint,
            fingerprint(data),
        ):
            if prefer == PREFER_FILES:
                report.kept_files.append(slug)
                continue
            if prefer != PREFER_DATABASE:
                report.conflicts.append(Conflict(slug, display, "the file changed since it was last loaded"))
                continue
            to_write.append((path, text, slug))
        else:
            to_write.append((path, text, slug))
        in_step[item.pk] = (fingerprint(data), display)

    to_delete = _files_of_deleted_items(root, stored, report)
    if report.conflicts:
        return report
    for path, text, slug in to_write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        report.written.append(slug)
    for path in to_delete:
        path.unlink()
        report.deleted.append(str(path))
    _mark_in_step(in_step)
    return report


def _file_fingerprint(path, display, section):
    item_file, problems = read_item(path, display, section)
    return None if problems else fingerprint(item_file.data)


def _files_of_deleted_items(root, stored, report):
    """Files whose item is gone from the database because it was deleted there."""
    candidates = {
        path.stem: path
        for section in SECTIONS
        for path in sorted((root / section).glob("*.md"))
        if path.stem not in stored
    }
    deleted = set()
    for section in SECTIONS.values():
        deleted.update(
            section.model.history.filter(history_type="-", slug__in=candidates).values_list("slug", flat=True)
        )
    report.kept_unloaded.extend(str(path) for slug, path in candidates.items() if slug not in deleted)
    return [path for slug, path in candidates.items() if slug in deleted]


@transaction.atomic
def _mark_in_step(fingerprints):
    # The files now hold what the database holds: later loads compare against this.
    stale = GuideItem.objects.filter(pk__in=fingerprints).values_list("pk", "loaded_fingerprint")
    for pk, current in stale:
        new_print, path = fingerprints[pk]
        if current != new_print:
            GuideItem.objects.filter(pk=pk).update(loaded_fingerprint=new_print, source_path=path)
