"""Readable changes for the admin's history list."""

import difflib

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

LONG_TEXT = 120


@register.simple_tag
def readable_change(change):
    """Short values as old → new; long text as only the lines that changed."""
    old, new = change["old"], change["new"]
    if not (isinstance(old, str) and isinstance(new, str)) or max(len(old), len(new)) <= LONG_TEXT:
        return format_html("{} → {}", _shown(old), _shown(new))
    lines = [
        line
        for line in difflib.ndiff(old.splitlines(), new.splitlines())
        if line.startswith(("- ", "+ ")) and line[2:].strip()
    ]
    return format_html(
        '<div class="history-diff">{}</div>',
        format_html_join(
            "",
            "<{0}>{1}</{0}>",
            (("del" if line.startswith("-") else "ins", line[2:]) for line in lines),
        ),
    )


def _shown(value):
    return "(empty)" if value in ("", None, []) else value
