"""Writing the guide from the database back to content files, in the loader's format.

Exported files load back to exactly the same data, so staff edits made in the admin can
be reviewed and committed like any other change to content/.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from .loading import BODY_FIELD, fingerprint, item_data, stored_items
from .models import GuideItem
from .schema import fields_for
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

    def summary(self):
        return f"written {len(self.written)}, unchanged {len(self.unchanged)}, deleted {len(self.deleted)}"


def item_file_text(data):
    """The text of a content file holding `data` (as item_data returns it)."""
    schema = fields_for(SECTIONS[data["section"]].model)
    header = {}
    for name in LEADING_FIELDS + [name for name in schema if name not in LEADING_FIELDS]:
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


def export_content(root):
    """Write every stored item to root/<section>/<slug>.md and remove files of deleted items."""
    root = Path(root)
    report = ExportReport()
    kept_paths = set()
    fingerprints = {}
    for slug, item in sorted(stored_items().items()):
        data = item_data(item)
        path = root / data["section"] / f"{slug}.md"
        kept_paths.add(path)
        text = item_file_text(data)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            report.unchanged.append(slug)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            report.written.append(slug)
        fingerprints[item.pk] = (fingerprint(data), str(Path(root.name) / data["section"] / f"{slug}.md"))
    for section in SECTIONS:
        for path in sorted((root / section).glob("*.md")):
            if path not in kept_paths:
                path.unlink()
                report.deleted.append(str(path))
    _mark_in_step(fingerprints)
    return report


@transaction.atomic
def _mark_in_step(fingerprints):
    # The files now hold what the database holds: later loads compare against this.
    stale = GuideItem.objects.filter(pk__in=fingerprints).values_list("pk", "loaded_fingerprint")
    for pk, current in stale:
        new_print, path = fingerprints[pk]
        if current != new_print:
            GuideItem.objects.filter(pk=pk).update(loaded_fingerprint=new_print, source_path=path)
