"""The glossary: its terms, and the links that make the first use of each term on a page
one tap from its meaning, without JavaScript."""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

GLOSSARY_SLUG = "glossary"

# Text inside these is never linked: a heading stays plain, a link must not nest in a link,
# code is literal, and an abbreviation already explained keeps its own title.
UNLINKED_TAGS = {"a", "abbr", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "dfn"}

LINK_CLASS = "glossary-term"


def term_anchor(term):
    return f"term-{slugify(term)}"


def is_abbreviation(term):
    """PEG, BiPAP, ALSFRS-R: two capitals or more, matched exactly as written."""
    return sum(character.isupper() for character in term) >= 2


@dataclass(frozen=True)
class Glossary:
    url: str
    terms: tuple

    @classmethod
    def published(cls):
        """The published glossary page's terms, in one query; None when there is none."""
        from .models import GuideItem

        found = (
            GuideItem.objects.published()
            .filter(slug=GLOSSARY_SLUG)
            .values("section", "slug", "terms")
            .first()
        )
        if not found or not found["terms"]:
            return None
        return cls(
            url=GuideItem(section=found["section"], slug=found["slug"]).get_absolute_url(),
            terms=tuple((entry["term"], entry["meaning"]) for entry in found["terms"]),
        )

    @cached_property
    def _lookup(self):
        return {
            (term if is_abbreviation(term) else term.lower()): (term, meaning) for term, meaning in self.terms
        }

    @cached_property
    def pattern(self):
        # Longest first, so "ALSFRS-R" wins over "ALSFRS"; a hyphen or letter on either side
        # means the text is part of a longer word.
        alternatives = [
            re.escape(term) if is_abbreviation(term) else f"(?i:{re.escape(term)})"
            for term, _ in sorted(self.terms, key=lambda entry: -len(entry[0]))
        ]
        return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")

    def entry_for(self, found):
        return self._lookup.get(found) or self._lookup.get(found.lower())

    def link(self, term, meaning, text):
        link = etree.Element("a", {"href": f"{self.url}#{term_anchor(term)}", "class": LINK_CLASS})
        if is_abbreviation(term):
            abbreviation = etree.SubElement(link, "abbr", {"title": meaning})
            abbreviation.text = AtomicString(text)
        else:
            link.text = AtomicString(text)
        return link


class _FirstUseLinker(Treeprocessor):
    def __init__(self, md, glossary):
        super().__init__(md)
        self.glossary = glossary

    def run(self, root):
        self.unused = {term for term, _ in self.glossary.terms}
        self._visit(root)

    def _visit(self, element):
        if element.tag in UNLINKED_TAGS:
            return
        if element.text and not isinstance(element.text, AtomicString):
            element.text, links = self._split(element.text)
            for index, link in enumerate(links):
                element.insert(index, link)
        for child in list(element):
            self._visit(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail, links = self._split(child.tail)
                position = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(position + offset, link)

    def _split(self, text):
        """(text before the first link, links each carrying the text after it as its tail)."""
        if not self.unused:
            return text, []
        head, links, last, last_end = text, [], None, 0
        for found in self.glossary.pattern.finditer(text):
            entry = self.glossary.entry_for(found.group())
            if entry is None or entry[0] not in self.unused:
                continue
            self.unused.discard(entry[0])
            link = self.glossary.link(*entry, found.group())
            if last is None:
                head = text[: found.start()]
            else:
                last.tail = text[last_end : found.start()]
            last, last_end = link, found.end()
            links.append(link)
        if last is not None:
            last.tail = text[last_end:]
        return head, links


class FirstUseExtension(Extension):
    def __init__(self, glossary):
        super().__init__()
        self.glossary = glossary

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        # After inline patterns (20), so emphasis and links already exist as elements.
        md.treeprocessors.register(_FirstUseLinker(md, self.glossary), "glossary-first-use", 15)
