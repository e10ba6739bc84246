"""The public search form, and the admin form for guide pages: lists edited one entry per line,
checked like content files."""

from django import forms
from django.db import models as db_models

from .schema import SAFETY_FIELDS, FieldError, fields_for, page_problems


class EntryPerLineField(forms.CharField):
    """A list of short texts, edited as one entry per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(entry) for entry in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ColonPairsField(EntryPerLineField):
    """Pairs of texts, one per line as 'First: second', kept as dicts under the two keys."""

    keys = ("name", "text")
    hint = "Write each line as 'Name: text'."

    def prepare_value(self, value):
        if isinstance(value, list):
            first, second = self.keys
            return "\n".join(
                f"{entry[first]}: {entry[second]}" if isinstance(entry, dict) else str(entry)
                for entry in value
            )
        return value

    def to_python(self, value):
        pairs = []
        for line in super().to_python(value):
            first, colon, second = line.partition(":")
            if not colon or not first.strip() or not second.strip():
                raise forms.ValidationError(f"{self.hint} This line is not: {line!r}")
            pairs.append(dict(zip(self.keys, (first.strip(), second.strip()), strict=True)))
        return pairs


class MedicineFormsField(ColonPairsField):
    """A medicine's forms, one per line as 'Form: how it is taken'."""

    keys = ("name", "how_taken")
    hint = "Write each form as 'Form: how it is taken', for example 'Tablet: by mouth, twice a day'."


class WarningsField(EntryPerLineField):
    """Safety points, one per line as 'What to know | https://source'."""

    separator = " | "

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{warning['text']}{self.separator}{warning['source']}"
                if isinstance(warning, dict)
                else str(warning)
                for warning in value
            )
        return value

    def to_python(self, value):
        warnings = []
        for line in super().to_python(value):
            text, bar, source = line.rpartition("|")
            if not bar or not text.strip() or not source.strip():
                raise forms.ValidationError(
                    "Write each safety point as 'What to know | https://address of its source'. "
                    f"This line is not: {line!r}"
                )
            warnings.append({"text": text.strip(), "source": source.strip()})
        return warnings


class UrgentHelpField(EntryPerLineField):
    """The get-help-now box as lines starting 'Emergency:', 'Today:' or 'Source:'."""

    labels = {"emergency": "Emergency", "today": "Today"}

    def prepare_value(self, value):
        if isinstance(value, dict):
            lines = [
                f"{label}: {entry}" for key, label in self.labels.items() for entry in value.get(key, [])
            ]
            if value.get("source"):
                lines.append(f"Source: {value['source']}")
            return "\n".join(lines)
        return value

    def to_python(self, value):
        urgent = {}
        for line in super().to_python(value):
            label, colon, text = line.partition(":")
            key = label.strip().lower()
            if not colon or not text.strip() or key not in (*self.labels, "source"):
                raise forms.ValidationError(
                    "Start each line with 'Emergency:' (call 911 now), 'Today:' (call the care team "
                    f"today) or 'Source:' (one address). This line is not: {line!r}"
                )
            if key == "source":
                if "source" in urgent:
                    raise forms.ValidationError("Give one 'Source:' line, not several.")
                urgent["source"] = text.strip()
            else:
                urgent.setdefault(key, []).append(text.strip())
        if urgent and "source" not in urgent:
            raise forms.ValidationError("Add a 'Source:' line with the address of one of the page's sources.")
        return {key: urgent[key] for key in (*self.labels, "source") if key in urgent}


class GlossaryTermsField(ColonPairsField):
    """Glossary terms, one per line as 'Term: what it means'."""

    keys = ("term", "meaning")
    hint = "Write each term as 'Term: what it means', for example 'PEG: a feeding tube'."


FIELD_CLASSES = {
    "forms": MedicineFormsField,
    "warnings": WarningsField,
    "get_help_now": UrgentHelpField,
    "terms": GlossaryTermsField,
}


def list_formfield(db_field, required=None):
    field_class = FIELD_CLASSES.get(db_field.name, EntryPerLineField)
    return field_class(
        label=db_field.verbose_name.capitalize(),
        required=not db_field.blank if required is None else required,
        help_text=db_field.help_text,
    )


def is_list_field(db_field):
    return isinstance(db_field, db_models.JSONField)


class GuideItemAdminForm(forms.ModelForm):
    """Holds a page to the same rules as its content file, so it can always be exported."""

    note_for_reviewer = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note for the clinical reviewer",
        help_text="What you changed and why. Saving sends the page for review; patients see the "
        "live version until a clinical reviewer approves.",
    )

    def clean(self):
        cleaned = super().clean()
        schema = fields_for(self._meta.model)
        for name in (*self._meta.model.kind_fields, *SAFETY_FIELDS):
            value = cleaned.get(name)
            if name not in cleaned or (value in ("", [], {}) and not schema[name].required):
                continue
            try:
                cleaned[name] = schema[name].type.clean(value, None)
            except FieldError as problem:
                self.add_error(name, f"This {problem.message}.")
        if "terms" in cleaned and "slug" in cleaned:
            page = {"slug": cleaned["slug"], "terms": cleaned["terms"]}
            for name, _, message in page_problems(page):
                self.add_error(name, f"{message[0].upper()}{message[1:]}.")
        last, following = cleaned.get("last_reviewed"), cleaned.get("next_review")
        if last and following and following <= last:
            self.add_error("next_review", "The next review must be after the last one.")
        return cleaned


class SourceFormSet(forms.BaseInlineFormSet):
    """The page's sources, checked against the safety points that must cite one of them."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        sources = [
            {"url": form.cleaned_data["url"]}
            for form in self.forms
            if form.cleaned_data.get("url") and not form.cleaned_data.get("DELETE")
        ]
        page = {
            "sources": sources,
            "warnings": self.instance.warnings,
            "get_help_now": self.instance.get_help_now,
        }
        problems = [message for name, _, message in page_problems(page) if name != "terms"]
        if problems:
            raise forms.ValidationError([f"{message[0].upper()}{message[1:]}." for message in problems])


class SearchForm(forms.Form):
    """The words to look for. A CharField refuses NUL characters, which PostgreSQL cannot hold
    in a query: without it they reached the database and answered 500."""

    q = forms.CharField(
        required=False,
        error_messages={
            "null_characters_not_allowed": "Your search had a character that cannot be searched for. "
            "Please type the words again."
        },
    )
