"""Readable changes for the admin's history list."""

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

from ..revisions import as_text, word_diff

register = template.Library()

LONG_TEXT = 120


@register.simple_tag
def readable_change(change):
    """Short values as old → new; longer text word by word, removed words struck out."""
    old, new = change["old"], change["new"]
    if not (isinstance(old, str) and isinstance(new, str)) or max(len(old), len(new)) <= LONG_TEXT:
        return format_html("{} → {}", _shown(old), _shown(new))
    return format_html('<div class="history-diff word-diff">{}</div>', word_diff(as_text(old), as_text(new)))


def _shown(value):
    if value in ("", None, [], {}):
        return "(empty)"
    if isinstance(value, datetime.date):
        return date_format(value)
    return value
