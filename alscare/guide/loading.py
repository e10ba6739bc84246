"""Reading the guide's content files and bringing the database in line with them.

Files are the source of truth, but staff may also edit pages in the admin. Every item
remembers a fingerprint of the data it was last loaded with; if the database no longer
matches that fingerprint, staff changed it, and loading refuses to overwrite it unless told
which side wins.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from yaml.reader import ReaderError

from .history import links_recorded_afterwards, record_links_of_written
from .models import GuideItem, Revision, Source
from .schema import SAFETY_FIELDS, FieldError, arrange, fields_for, page_problems
from .sections import SECTIONS

# libyaml's parser when PyYAML was built with it (its wheels are): the same nodes and marks,
# several times faster, which a load of a thousand pages feels.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BODY_FIELD = "body"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the content files")
        self.problems = problems


@dataclass
class ItemFile:
    path: str
    section: str
    data: dict
    lines: dict

    @property
    def slug(self):
        return self.data["slug"]

    @property
    def model(self):
        return SECTIONS[self.section].model


@dataclass
class Conflict:
    slug: str
    path: str
    reason: str

    def __str__(self):
        return f"conflict: {self.slug} ({self.path}): {self.reason}"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)

    def summary(self):
        text = (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, removed {len(self.removed)}, "
            f"conflicts {len(self.conflicts)}"
        )
        if self.kept:
            text += f" (kept the database version of {len(self.kept)})"
        return text


# Reading files ---------------------------------------------------------------------------


def read_content(root):
    """Read and validate every content file under root; raise ContentInvalid listing all problems."""
    root = Path(root)
    problems = []
    items = []
    for path in sorted(root.glob("*/*.md")):
        display = display_path(path, root)
        section = path.parent.name
        if section not in SECTIONS:
            problems.append(
                Problem(
                    display,
                    1,
                    f"unknown section {section!r} (the folder name); expected one of: " + ", ".join(SECTIONS),
                )
            )
            continue
        item, item_problems = read_item(path, display, section)
        problems.extend(item_problems)
        if item is not None:
            items.append(item)
    problems.extend(_cross_file_problems(items))
    if problems:
        raise ContentInvalid(problems)
    return items


def display_path(path, root):
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(Path(root.name) / path.relative_to(root))


def read_item(path, display, section):
    """Parse one file. Returns (ItemFile or None, problems)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(display, 1, "the file is not UTF-8 text")]
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Problem(display, 1, "the file must start with a '---' line opening the front matter")]
    try:
        end = next(index for index in range(1, len(lines)) if lines[index].strip() == "---")
    except StopIteration:
        return None, [Problem(display, 1, "the front matter is never closed by a '---' line")]
    header = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :]).strip()
    first_line = 2
    for number, line in enumerate(lines[end + 1 :], start=end + 2):
        if "\x00" in line:
            # PostgreSQL cannot store it, and no page needs it.
            return None, [Problem(display, number, "the text holds a NUL character (U+0000): delete it")]

    try:
        loader = YamlLoader(header)
    except ReaderError as error:
        return None, [_unreadable_character(display, header, first_line, error)]
    try:
        try:
            node = loader.get_single_node()
        except ReaderError as error:
            return None, [_unreadable_character(display, header, first_line, error)]
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            if error.context_mark and (mark is None or mark.line >= end - 1):
                # An error found only at the end of the header started where its context did.
                mark = error.context_mark
            line = first_line + (mark.line if mark else 0)
            return None, [Problem(display, line, f"YAML syntax error: {error.problem or error}")]
        if not isinstance(node, yaml.MappingNode):
            return None, [Problem(display, first_line, "the front matter must be 'field: value' lines")]
        return _read_fields(loader, node, display, section, body, first_line, end + 2)
    finally:
        loader.dispose()


def _unreadable_character(display, header, first_line, error):
    """A control character YAML refuses, found before any mark could name its line."""
    character = error.character if isinstance(error.character, int) else ord(error.character)
    line = first_line + header.count("\n", 0, error.position)
    message = f"the front matter holds a character that is not allowed (U+{character:04X}): delete it"
    return Problem(display, line, message)


def _read_fields(loader, node, display, section, body, first_line, body_line):
    schema = fields_for(SECTIONS[section].model)
    problems = []
    data = {"section": section}
    lines = {}
    value_nodes = {}

    def line_of(some_node):
        return first_line + some_node.start_mark.line

    for key_node, value_node in node.value:
        key = key_node.value
        line = line_of(key_node)
        if key in lines:
            problems.append(Problem(display, line, f"field {key!r} is given twice"))
            continue
        lines[key] = line
        value_nodes[key] = value_node
        if key not in schema:
            expected = ", ".join(schema)
            problems.append(
                Problem(display, line, f"unknown field {key!r}; fields for this kind: {expected}")
            )
            continue
        try:
            raw = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as error:
            problems.append(Problem(display, line, f"{key!r}: cannot read the value ({error})"))
            continue
        try:
            data[key] = schema[key].type.clean(raw, value_node)
        except FieldError as error:
            where = line_of(error.node) if error.node is not None else line
            problems.append(Problem(display, where, f"{key!r} {error.message}"))

    for key, spec in schema.items():
        if key in lines:
            continue
        if spec.required:
            problems.append(Problem(display, 1, f"missing required field {key!r}"))
        else:
            data[key] = spec.default

    if not body:
        problems.append(Problem(display, body_line, "the page has no body text after the front matter"))
    data[BODY_FIELD] = body

    stem = Path(display).stem
    if "slug" in data and data["slug"] != stem:
        problems.append(
            Problem(display, lines["slug"], f"slug {data['slug']!r} must match the file name {stem!r}.md")
        )
    if "last_reviewed" in data and "next_review" in data and data["next_review"] <= data["last_reviewed"]:
        problems.append(Problem(display, lines["next_review"], "'next_review' must be after 'last_reviewed'"))

    if not problems:
        for key, index, message in page_problems(data):
            where = value_nodes[key]
            if index is not None:
                entries = where.value if isinstance(where, yaml.SequenceNode) else []
                where = _source_node(entries[index]) if index < len(entries) else where
            elif isinstance(where, yaml.MappingNode):
                where = _source_node(where)
            problems.append(Problem(display, line_of(where), message))

    if problems:
        return None, problems
    return ItemFile(display, section, data, lines), []


def _source_node(node):
    """The node of the 'source' key in a mapping, to point at the line to fix."""
    for key_node, value_node in getattr(node, "value", []):
        if getattr(key_node, "value", None) == "source":
            return value_node
    return node


def _cross_file_problems(items):
    problems = []
    first_by_slug = {}
    for item in items:
        if item.slug in first_by_slug:
            first = first_by_slug[item.slug]
            problems.append(
                Problem(
                    item.path,
                    item.lines["slug"],
                    f"duplicate slug {item.slug!r}, already used by {first.path}",
                )
            )
        else:
            first_by_slug[item.slug] = item
    for item in items:
        for slug in item.data["related"]:
            if slug == item.slug:
                problems.append(Problem(item.path, item.lines["related"], "'related' lists the page itself"))
            elif slug not in first_by_slug:
                problems.append(
                    Problem(item.path, item.lines["related"], f"'related' names unknown slug {slug!r}")
                )
    return problems


# Comparing with the database ----------------------------------------------------------------


def item_data(item):
    """The data of a stored item, in the same shape read_item gives for a file."""
    kind = item.kind_item
    data = {
        "section": kind.section,
        "title": kind.title,
        "slug": kind.slug,
        "summary": kind.summary,
        "order": kind.order,
        "status": kind.status,
        "last_reviewed": kind.last_reviewed,
        "next_review": kind.next_review,
        "sources": [{"title": source.title, "url": source.url} for source in kind.sources.all()],
        "related": sorted(related.slug for related in kind.related.all()),
        BODY_FIELD: kind.body,
    }
    for name in (*type(kind).kind_fields, *SAFETY_FIELDS):
        data[name] = getattr(kind, name)
    schema = fields_for(type(kind))
    return {
        name: arrange(schema[name], _normalise_text(value)) if name in schema else _normalise_text(value)
        for name, value in data.items()
    }


def _normalise_text(value):
    # Browsers submit textarea text with CRLF line ends; files use LF.
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def fingerprint(data):
    canonical = dict(data, related=sorted(data.get("related", [])))
    encoded = json.dumps(canonical, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def stored_items():
    """Every stored item as its own kind, with sources and related items, keyed by slug."""
    items = {}
    for section in SECTIONS.values():
        for item in section.model.objects.prefetch_related("sources", "related"):
            items[item.slug] = item
    return items


def is_edited_since_load(item):
    return fingerprint(item_data(item)) != item.loaded_fingerprint


# Loading ---------------------------------------------------------------------------------


PREFER_FILES = "files"
PREFER_DATABASE = "database"


def load_content(root, prefer=None):
    """Bring the database in line with the files under root.

    Raises ContentInvalid if any file is invalid. Returns a LoadReport; if it holds conflicts
    (and prefer is None), nothing was written. Writes nothing when nothing changed.
    """
    files = read_content(root)
    stored = stored_items()
    report = LoadReport()
    to_write = []
    to_remove = []
    resync = []
    file_slugs = {item.slug for item in files}

    pending = set(
        Revision.objects.filter(state__in=Revision.OPEN_STATES).values_list("item__slug", flat=True)
    )
    for item_file in files:
        existing = stored.get(item_file.slug)
        file_print = fingerprint(item_file.data)
        if existing is None:
            report.created.append(item_file.slug)
            to_write.append((item_file, None, file_print))
            continue
        current = item_data(existing)
        current_print = fingerprint(current)
        if current_print == file_print:
            report.unchanged.append(item_file.slug)
            if existing.loaded_fingerprint != file_print:
                # Edited in the admin, then edited back: only the record of the load is stale.
                resync.append((existing.pk, file_print, item_file.path))
            continue
        edited = current_print != existing.loaded_fingerprint
        if edited and not _resolve(
            report, prefer, item_file.slug, item_file.path, "changed in the admin since it was last loaded"
        ):
            continue
        if (
            not edited
            and item_file.slug in pending
            and not _resolve(
                report,
                prefer,
                item_file.slug,
                item_file.path,
                "it has changes waiting for review in the admin",
            )
        ):
            continue
        report.updated.append(item_file.slug)
        to_write.append((item_file, existing, file_print))

    for slug, existing in stored.items():
        if slug in file_slugs:
            continue
        path = existing.source_path or "(no file)"
        if is_edited_since_load(existing) and not _resolve(
            report, prefer, slug, path, "its file is gone, but it was created or changed in the admin"
        ):
            continue
        report.removed.append(slug)
        to_remove.append(existing)

    if report.conflicts and prefer is None:
        return report
    if to_write or to_remove or resync:
        # _apply records the links of every page it writes once they are all set.
        with links_recorded_afterwards():
            _apply(files, to_write, to_remove, resync)
    return report


def _resolve(report, prefer, slug, path, reason):
    """Record an admin edit that the files would overwrite. True if the files win."""
    if prefer == PREFER_FILES:
        return True
    if prefer == PREFER_DATABASE:
        report.kept.append(slug)
        return False
    report.conflicts.append(Conflict(slug, path, reason))
    return False


@transaction.atomic
def _apply(files, to_write, to_remove, resync):
    for pk, file_print, path in resync:
        GuideItem.objects.filter(pk=pk).update(loaded_fingerprint=file_print, source_path=path)
    deleted = set()
    for item in to_remove:
        GuideItem.objects.filter(pk=item.pk).delete()
        deleted.add(item.slug)
    written = {}
    new_sources = []
    for item_file, existing, file_print in to_write:
        if existing is not None and type(existing.kind_item) is not item_file.model:
            # The file moved to another section: its row must become another kind.
            GuideItem.objects.filter(pk=existing.pk).delete()
            deleted.add(existing.slug)
            existing = None
        written[item_file.slug] = _save(item_file, existing, file_print, new_sources)
    _create_sources(new_sources)

    _set_related(files, written, deleted)
    record_links_of_written(list(written.values()))
    # A revision written against the page the files just replaced must be read again.
    Revision.objects.filter(item__in=list(written.values()), state__in=Revision.OPEN_STATES).update(
        state=Revision.State.SENT_BACK,
        reviewer_note="The content files were loaded over this page after these changes were "
        "written. Compare them with the live page, then save them again to send them for review.",
    )


def _set_related(files, written, deleted):
    """Give every page the load wrote, or whose related pages it deleted, the related pages
    its file names: the difference from what is stored, in one query each way."""
    ids_by_slug = dict(GuideItem.objects.values_list("slug", "id"))
    wanted = {}
    for item_file in files:
        # Deleting a row also dropped the links other pages had to it.
        if item_file.slug in written or deleted.intersection(item_file.data["related"]):
            wanted[ids_by_slug[item_file.slug]] = {
                ids_by_slug[slug] for slug in item_file.data["related"] if slug in ids_by_slug
            }
    links = GuideItem.related.through.objects
    stored = defaultdict(set)
    for from_id, to_id in links.filter(from_guideitem_id__in=wanted).values_list(
        "from_guideitem_id", "to_guideitem_id"
    ):
        stored[from_id].add(to_id)
    for from_id, targets in stored.items():
        if gone := targets - wanted[from_id]:
            links.filter(from_guideitem_id=from_id, to_guideitem_id__in=gone).delete()
    links.bulk_create(
        links.model(from_guideitem_id=from_id, to_guideitem_id=to_id)
        for from_id, targets in wanted.items()
        for to_id in sorted(targets - stored[from_id])
    )


def _save(item_file, existing, file_print, new_sources):
    """Write one page from its file. A new page's sources are added to `new_sources`, for
    the caller to create with every other new page's at once."""
    reason = f"Loaded from {item_file.path}"
    if existing is None:
        item = item_file.model(source_path=item_file.path, loaded_fingerprint=file_print)
        _write_fields(item, item_file.data, reason)
        new_sources.extend(_sources_of_new_page(item, item_file.data, reason))
        return item
    item = existing.kind_item
    item.source_path = item_file.path
    item.loaded_fingerprint = file_print
    return write_item(item, item_file.data, reason)


def _write_fields(item, data, reason):
    for name, value in data.items():
        if name not in ("sources", "related"):
            setattr(item, name, value)
    item._change_reason = reason
    item.save()


def _sources_of_new_page(item, data, reason):
    sources = [
        Source(item=item, title=source["title"], url=source["url"], position=position)
        for position, source in enumerate(data["sources"])
    ]
    for source in sources:
        source._change_reason = reason
    return sources


def _create_sources(sources):
    """New pages' sources and their first versions: one insert for the rows, one for the
    versions, however many pages."""
    if sources:
        bulk_create_with_history(sources, Source, batch_size=500)


def write_item(item, data, reason):
    """Give stored page `item` (its own kind) every field of `data`, shaped as a content
    file's data, with its sources; the caller sets its related pages once all pages exist.
    (A new page is written by `_save`, with every other new page's sources at once.)"""
    _write_fields(item, data, reason)
    # Sources are updated in place, position by position: the rows keep their ids, so an
    # admin form opened on a pending revision still names the same rows when it is saved.
    existing = list(item.sources.order_by("position", "id"))
    for position, source in enumerate(data["sources"]):
        if position < len(existing):
            row = existing[position]
            if (row.title, row.url, row.position) != (source["title"], source["url"], position):
                row.title, row.url, row.position = source["title"], source["url"], position
                row.save()
        else:
            Source.objects.create(item=item, title=source["title"], url=source["url"], position=position)
    for row in existing[len(data["sources"]) :]:
        row.delete()
    return item


def data_from_json(section, content):
    """Data stored as JSON (dates as text) back in the shape read_item gives, checked against
    the same schema as a content file. Raises FieldError if it no longer fits."""
    schema = fields_for(SECTIONS[section].model)
    data = {"section": section, BODY_FIELD: content[BODY_FIELD]}
    for name, spec in schema.items():
        value = content.get(name, spec.default)
        if not spec.required and value == spec.default:
            data[name] = spec.default
        else:
            data[name] = spec.type.clean(value, None)
    return data
