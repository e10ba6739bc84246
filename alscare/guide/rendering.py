"""Markdown to safe HTML for guide pages."""

import markdown
import nh3
from django.utils.safestring import mark_safe

from .glossary import LINK_CLASS, FirstUseExtension

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(text, glossary=None):
    """Render Markdown, then keep only plain structural HTML (no scripts, styles or images).

    With a glossary, the first use of each of its terms links to the term's meaning. The
    result is sanitised here, so it is returned marked safe: templates print it as it is.
    """
    extensions = ["extra", "sane_lists"]
    if glossary is not None:
        extensions.append(FirstUseExtension(glossary))
    html = markdown.markdown(text, extensions=extensions, output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            allowed_classes={"a": {LINK_CLASS}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )
