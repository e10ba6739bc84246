"""The public search form, and the admin form for guide pages: lists edited one entry per line,
checked like content files."""

from django import forms
from django.db import models as db_models

from .schema import FieldError, fields_for


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


class MedicineFormsField(EntryPerLineField):
    """A medicine's forms, one per line as 'Form: how it is taken'."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{form['name']}: {form['how_taken']}" if isinstance(form, dict) else str(form)
                for form in value
            )
        return value

    def to_python(self, value):
        forms_ = []
        for line in super().to_python(value):
            name, colon, how_taken = line.partition(":")
            if not colon or not name.strip() or not how_taken.strip():
                raise forms.ValidationError(
                    f"Write each form as 'Form: how it is taken', for example "
                    f"'Tablet: by mouth, twice a day'. This line is not: {line!r}"
                )
            forms_.append({"name": name.strip(), "how_taken": how_taken.strip()})
        return forms_


def list_formfield(db_field):
    field_class = MedicineFormsField if db_field.name == "forms" else EntryPerLineField
    return field_class(
        label=db_field.verbose_name.capitalize(),
        required=not db_field.blank,
        help_text=db_field.help_text,
    )


def is_list_field(db_field):
    return isinstance(db_field, db_models.JSONField)


class GuideItemAdminForm(forms.ModelForm):
    """Holds a page to the same rules as its content file, so it can always be exported."""

    def clean(self):
        cleaned = super().clean()
        schema = fields_for(self._meta.model)
        for name in self._meta.model.kind_fields:
            value = cleaned.get(name)
            if name not in cleaned or (value in ("", []) and not schema[name].required):
                continue
            try:
                cleaned[name] = schema[name].type.clean(value, None)
            except FieldError as problem:
                self.add_error(name, f"This {problem.message}.")
        last, following = cleaned.get("last_reviewed"), cleaned.get("next_review")
        if last and following and following <= last:
            self.add_error("next_review", "The next review must be after the last one.")
        return cleaned


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
