from datetime import timedelta

from django import forms
from django.utils import timezone

from .models import SYMPTOM_AREAS, Entry, Rating, Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError("The date cannot be in the future.")
    return value


class DiaryForm(forms.Form):
    patient_name = forms.CharField(
        label="Patient's name",
        max_length=120,
        help_text="The person whose symptoms this diary follows: you, or someone you care for.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_patient_name(self):
        name = self.cleaned_data["patient_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter a name.")
        return name


RATING_CHOICES = [("", "Not rated")] + [(str(value), label) for value, label in Rating.choices]


class EntryForm(forms.ModelForm):
    """A day's entry. Every area starts unrated; `version` travels hidden for edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Entry
        fields = ["date", *[name for name, _ in SYMPTOM_AREAS], "weight_kg", "notes"]
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"weight_kg": "Weight in kilograms (optional)", "notes": "Notes (optional)"}
        help_texts = {"date": "Today unless you are catching up. It cannot be in the future."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        for name, label in SYMPTOM_AREAS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            if self.instance.pk:
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else str(value)
            else:
                self.initial.setdefault(name, "")
        self.fields["weight_kg"].widget.attrs.update({"inputmode": "decimal", "step": "0.1", "min": "1"})
        self.fields["weight_kg"].min_value = 1

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])

    def clean_weight_kg(self):
        weight = self.cleaned_data.get("weight_kg")
        if weight is not None and not (1 <= weight <= 500):
            raise forms.ValidationError("Enter a weight between 1 and 500 kilograms.")
        return weight

    @property
    def rating_fields(self):
        return [self[name] for name, _ in SYMPTOM_AREAS]

    def entry_data(self):
        """The cleaned values to store, without the version."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Their email address", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label="What they may do",
        choices=[
            (Role.EDITOR, "Editor: adds and corrects entries"),
            (Role.VIEWER, "Viewer: reads and prints"),
            (Role.OWNER, "Owner: also manages members, exports and can delete the diary"),
        ],
        initial=Role.EDITOR,
        widget=forms.RadioSelect,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, I understand", required=True)


class PeriodForm(forms.Form):
    """A period of days, by default the last three months. Never raises: bad input falls back."""

    start = forms.DateField(label="From", widget=DateInput(), required=False)
    end = forms.DateField(label="To", widget=DateInput(), required=False)

    MAX_DAYS = 3 * 366

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=90)
        if start > end:
            raise forms.ValidationError("The start of the period must be on or before its end.")
        if (end - start).days > self.MAX_DAYS:
            raise forms.ValidationError("Choose a period of at most three years.")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self):
        """(start, end) of a valid form, or the default period."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        end = timezone.localdate()
        return end - timedelta(days=90), end
