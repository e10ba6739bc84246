"""What a content file may contain: one schema per kind of item.

Each field type turns a value read from YAML into the value stored, or raises
FieldError with a message a content editor can act on.
"""

import datetime
import re

import yaml

from alscare.diary.models import SYMPTOM_FIELDS

from . import models
from .glossary import GLOSSARY_SLUG


class FieldError(Exception):
    def __init__(self, message, node=None):
        super().__init__(message)
        self.message = message
        self.node = node


def _children(node):
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _mapping_node_for(node, key):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return node


class Text:
    def __init__(self, max_length=None):
        self.max_length = max_length

    def clean(self, value, node):
        if not isinstance(value, str) or not value.strip():
            raise FieldError("must be text", node)
        value = value.strip()
        if self.max_length and len(value) > self.max_length:
            raise FieldError(f"must be at most {self.max_length} characters (has {len(value)})", node)
        return value


class Slug:
    pattern = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

    def clean(self, value, node):
        if not isinstance(value, str) or not self.pattern.match(value):
            raise FieldError("must be a slug: lowercase letters, digits and single hyphens", node)
        return value


class WholeNumber:
    def clean(self, value, node):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FieldError("must be a whole number, 0 or more", node)
        return value


class Date:
    def clean(self, value, node):
        if isinstance(value, datetime.datetime):
            raise FieldError("must be a date (YYYY-MM-DD) without a time", node)
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise FieldError("must be a date written YYYY-MM-DD", node)


class Choice:
    def __init__(self, choices):
        self.choices = [str(choice) for choice in choices]

    def clean(self, value, node):
        if value not in self.choices:
            raise FieldError(f"must be one of: {', '.join(self.choices)}", node)
        return value


class TextList:
    def __init__(self, item=None):
        self.item = item or Text()

    def clean(self, value, node):
        if not isinstance(value, list):
            raise FieldError("must be a list (one '- ' line per entry)", node)
        child_nodes = _children(node) or [node] * len(value)
        return [self.item.clean(entry, child) for entry, child in zip(value, child_nodes, strict=False)]


class Records:
    """A list of small mappings, each with the same required text keys."""

    def __init__(self, **fields):
        self.fields = fields

    def arrange(self, value):
        """The entries with their keys in the file's order (the database may reorder them)."""
        return [{key: entry[key] for key in self.fields if key in entry} for entry in value]

    def clean(self, value, node):
        if not isinstance(value, list) or not value:
            raise FieldError("must be a list with at least one entry", node)
        cleaned = []
        child_nodes = _children(node) or [node] * len(value)
        for entry, child in zip(value, child_nodes, strict=False):
            if not isinstance(entry, dict):
                raise FieldError(f"each entry needs {' and '.join(self.fields)}", child)
            unknown = set(entry) - set(self.fields)
            if unknown:
                raise FieldError(f"unknown key {sorted(unknown)[0]!r} in an entry", child)
            record = {}
            for key, field_type in self.fields.items():
                if key not in entry:
                    raise FieldError(f"an entry is missing {key!r}", child)
                record[key] = field_type.clean(entry[key], _mapping_node_for(child, key))
            cleaned.append(record)
        return cleaned


class Url(Text):
    def clean(self, value, node):
        value = super().clean(value, node)
        if not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
            raise FieldError("must be a full https:// address", node)
        return value


class UrgentHelp:
    """The "get help now" box: what needs an emergency call, what needs a call today."""

    lists = ("emergency", "today")
    keys = (*lists, "source")

    def __init__(self):
        self.entries = TextList()
        self.source = Url()

    def clean(self, value, node):
        if not isinstance(value, dict) or not value:
            raise FieldError("must have an 'emergency' or 'today' list (or both) and a 'source'", node)
        unknown = set(value) - set(self.keys)
        if unknown:
            raise FieldError(f"has unknown key {sorted(unknown)[0]!r}; use: {', '.join(self.keys)}", node)
        if "source" not in value:
            raise FieldError("needs a 'source': the address of one of this page's sources", node)
        if not any(value.get(name) for name in self.lists):
            raise FieldError("needs at least one entry under 'emergency' or 'today'", node)
        cleaned = {}
        for name in self.lists:
            if name in value:
                cleaned[name] = self.entries.clean(value[name], _mapping_node_for(node, name))
        cleaned["source"] = self.source.clean(value["source"], _mapping_node_for(node, "source"))
        return cleaned

    def arrange(self, value):
        return {key: value[key] for key in self.keys if key in value}


class Field:
    def __init__(self, type_, required=True, default=None):
        self.type = type_
        self.required = required
        self.default = default


COMMON_FIELDS = {
    "title": Field(Text(max_length=120)),
    "slug": Field(Slug()),
    "summary": Field(Text(max_length=240)),
    "order": Field(WholeNumber(), required=False, default=100),
    "status": Field(Choice(models.Status.values), required=False, default="published"),
    "last_reviewed": Field(Date()),
    "next_review": Field(Date()),
    "sources": Field(Records(title=Text(max_length=300), url=Url())),
    "related": Field(TextList(Slug()), required=False, default=[]),
    "warnings": Field(Records(text=Text(max_length=400), source=Url()), required=False, default=[]),
    "get_help_now": Field(UrgentHelp(), required=False, default={}),
    "terms": Field(
        Records(term=Text(max_length=60), meaning=Text(max_length=300)), required=False, default=[]
    ),
    # The diary's symptom areas (e.g. saliva) whose run of bad days links to this page.
    "diary_areas": Field(TextList(Choice(SYMPTOM_FIELDS)), required=False, default=[]),
}

# Safety parts of a page: written after the fields of its kind, shown near the top of the page.
# The diary areas that point here ride with them, last in the file, for the same reason:
# adding one leaves the lines above it untouched.
SAFETY_FIELDS = ["warnings", "get_help_now", "terms", "diary_areas"]

# A medicine page is never published without its safety points: every kind that describes
# medicines requires at least one sourced warning.
REQUIRED_WARNINGS = Field(Records(text=Text(max_length=400), source=Url()))

KIND_FIELDS = {
    models.DiagnosticTest: {
        "what_it_shows": Field(Text()),
        "how_it_is_done": Field(Text()),
        "preparation": Field(Text(), required=False, default=""),
    },
    models.Medicine: {
        "generic_name": Field(Text(max_length=200)),
        "brand_names": Field(TextList(), required=False, default=[]),
        "forms": Field(Records(name=Text(max_length=100), how_taken=Text())),
        "regulatory_status": Field(Choice(models.Medicine.RegulatoryStatus.values)),
        "status_date": Field(Date()),
        "status_note": Field(Text()),
        "side_effects": Field(TextList()),
        "monitoring": Field(Text(), required=False, default=""),
        "warnings": REQUIRED_WARNINGS,
    },
    models.SymptomTreatment: {
        "symptom": Field(Text(max_length=200)),
        "medicines": Field(TextList()),
        "other_help": Field(TextList(), required=False, default=[]),
        "warnings": REQUIRED_WARNINGS,
    },
    models.Therapy: {
        "provided_by": Field(TextList()),
        "helps_with": Field(TextList()),
    },
    models.CopingTopic: {"key_points": Field(TextList())},
    models.AppointmentGuide: {"checklist": Field(TextList())},
}


def fields_for(model):
    return {**COMMON_FIELDS, **KIND_FIELDS[model]}


def arrange(spec, value):
    """`value` of a field, in the order its content file writes it."""
    arranger = getattr(spec.type, "arrange", None)
    return arranger(value) if arranger and value else value


def page_problems(data):
    """Rules that join fields of one page: (field, entry index or None, message) for each break.

    A safety point must name where it comes from, and that source must be listed on the page
    itself, so a reader can check it and a reviewer knows what to re-read.
    """
    urls = {source["url"] for source in data.get("sources") or []}
    if "sources" in data:
        for index, warning in enumerate(data.get("warnings") or []):
            if warning["source"] not in urls:
                yield (
                    "warnings",
                    index,
                    f"'warnings' entry {index + 1}: its source {warning['source']} is not one of this "
                    "page's 'sources'; cite one listed there or add it",
                )
        urgent = data.get("get_help_now") or {}
        if urgent and urgent["source"] not in urls:
            yield (
                "get_help_now",
                None,
                f"'get_help_now': its source {urgent['source']} is not one of this page's 'sources'; "
                "cite one listed there or add it",
            )
    terms = data.get("terms") or []
    if terms and data.get("slug") != GLOSSARY_SLUG:
        yield "terms", None, f"'terms' belong only on the glossary page (slug {GLOSSARY_SLUG!r})"
    seen = set()
    for index, entry in enumerate(terms):
        if entry["term"] in seen:
            yield "terms", index, f"'terms' entry {index + 1}: {entry['term']!r} is explained twice"
        seen.add(entry["term"])
