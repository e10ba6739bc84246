from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django import forms
from django.utils import timezone

from . import alsfrs
from .models import SYMPTOM_AREAS, Diary, Entry, Invitation, Rating, Reminder, Role, display_name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# The first places to see a new day are 14 hours ahead of UTC. A diary may be kept from
# anywhere, so "the future" starts only when no one on Earth has reached that date yet.
EARLIEST_TIME_ZONE = dt_timezone(timedelta(hours=14))


def _not_in_future(value):
    if value and value > datetime.now(EARLIEST_TIME_ZONE).date():
        raise forms.ValidationError("The date cannot be in the future.")
    return value


class DiaryForm(forms.Form):
    patient_name = forms.CharField(
        label="Patient's name",
        error_messages={"required": "Enter the patient's name"},
        max_length=Diary._meta.get_field("patient_name").max_length,
        help_text="The person whose symptoms this diary follows: you, or someone you care for.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    about_me = forms.BooleanField(
        label="This diary is about me",
        required=False,
        help_text="Then you are its patient: nobody else can remove you, change your role or "
        "delete the diary. Leave it unticked for someone you care for; you can invite them as "
        "the patient later.",
    )

    def clean_patient_name(self):
        name = self.cleaned_data["patient_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter a name.")
        return name


RATING_CHOICES = [(str(value), label) for value, label in Rating.choices]
# On a saved entry an area can be set back to unrated. A new entry starts with nothing
# chosen instead, so the first arrow key in a group picks "1 Mild" (fewer key presses).
RATING_CHOICES_WITH_UNRATED = [*RATING_CHOICES, ("", "Not rated")]


class EntryForm(forms.ModelForm):
    """A day's entry. Every area starts unrated; `version` travels hidden for edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Entry
        fields = ["date", *[name for name, _ in SYMPTOM_AREAS], "weight_kg", "notes", "for_neurologist"]
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "weight_kg": "Weight in kilograms (optional)",
            "notes": "Notes (optional)",
            "for_neurologist": "For the neurologist: show this day first in the appointment summary",
        }
        error_messages = {
            "date": {"required": "Enter the date of the entry"},
            "notes": {
                "max_length": f"Notes can be up to {Entry._meta.get_field('notes').max_length:,} "
                "characters long. These have %(show_value)d: please shorten them."
            },
        }
        help_texts = {"date": "Today unless you are catching up. It cannot be in the future."}

    def __init__(self, *args, tracked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tracked = [name for name, _ in SYMPTOM_AREAS if name in tracked]
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        for name, label in SYMPTOM_AREAS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=RATING_CHOICES_WITH_UNRATED if self.instance.pk else RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            if self.instance.pk:
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else str(value)
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

    @property
    def tracked_fields(self):
        """The diary's tracked areas, shown first."""
        return [self[name] for name in self.tracked]

    @property
    def other_fields(self):
        return [self[name] for name, _ in SYMPTOM_AREAS if name not in self.tracked]

    def entry_data(self):
        """The cleaned values to store, without the version."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ClinicalDetailsForm(forms.ModelForm):
    """The dates behind the progression rate, and the areas the quick entry shows first."""

    tracked_areas = forms.MultipleChoiceField(
        label="Areas to show first when adding an entry",
        choices=SYMPTOM_AREAS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose the few areas you rate most days. The others stay one click away.",
    )

    class Meta:
        model = Diary
        fields = ["symptoms_began_on", "diagnosed_on", "tracked_areas"]
        widgets = {"symptoms_began_on": DateInput(), "diagnosed_on": DateInput()}
        labels = {
            "symptoms_began_on": "Date the first symptoms began (optional)",
            "diagnosed_on": "Date of diagnosis (optional)",
        }
        help_texts = {
            "symptoms_began_on": "A best guess is fine, such as the first of the month. It gives the "
            "ALSFRS-R progression rate.",
        }

    def clean_symptoms_began_on(self):
        return _not_in_future(self.cleaned_data["symptoms_began_on"])

    def clean_diagnosed_on(self):
        return _not_in_future(self.cleaned_data["diagnosed_on"])

    def clean(self):
        cleaned = super().clean()
        began, diagnosed = cleaned.get("symptoms_began_on"), cleaned.get("diagnosed_on")
        if began and diagnosed and diagnosed < began:
            self.add_error("diagnosed_on", "The diagnosis cannot come before the symptoms began.")
        return cleaned


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label="Your name in diaries",
        max_length=150,
        help_text="Other members see this name on entries, the members page and the activity record, "
        "instead of your email address.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Please enter a name.")
        if "@" in name:
            raise forms.ValidationError("Please enter a name, not an email address.")
        return name


class ReminderForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Email me a reminder",
        choices=Reminder.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The mail only says it is time; it never contains anything from the diary.",
    )


class PatientInvitationForm(forms.Form):
    """Inviting the patient asks only for their address: their role is always owner."""

    email = forms.EmailField(
        label="Their email address",
        max_length=Invitation._meta.get_field("email").max_length,
        error_messages={"required": "Enter their email address"},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class InvitationForm(PatientInvitationForm):
    role = forms.ChoiceField(
        label="What they may do",
        help_text="An owner can invite and remove members and export every entry. If the diary has no "
        "patient, an owner can also delete it, with all its entries, for everyone; if it has one, "
        "only the patient can.",
        error_messages={"required": "Choose what they may do"},
        choices=[
            (Role.EDITOR, "Editor: adds and corrects entries"),
            (Role.VIEWER, "Viewer: reads and prints"),
            (Role.OWNER, "Owner: also manages members and exports; deletes the diary if it has no patient"),
        ],
        initial=Role.EDITOR,
        widget=forms.RadioSelect,
    )


class ApprovalSettingForm(forms.Form):
    new_members_need_approval = forms.BooleanField(
        label="New members wait for my approval before they can open the diary", required=False
    )


class ActingForPatientForm(forms.Form):
    """Which owner may act for the patient; the choices are given by the view."""

    member = forms.TypedChoiceField(label="Who may act for you", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Nobody")] + [(m.pk, display_name(m.user)) for m in owners]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices, error_messages={"required": "Choose a role"})


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, I understand",
        required=True,
        error_messages={"required": "Tick “Yes, I understand” to go on"},
    )


class PeriodForm(forms.Form):
    """A period of days, by default the last three months. Never raises: bad input falls back."""

    start = forms.DateField(label="From", widget=DateInput(), required=False)
    end = forms.DateField(label="To", widget=DateInput(), required=False)

    MAX_DAYS = 3 * 366
    DEFAULT_LENGTH = timedelta(days=90)

    def clean(self):
        cleaned = super().clean()
        end = cleaned.get("end") or timezone.localdate()
        start = cleaned.get("start") or self._default_start(end)
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
        return self._default_start(end), end

    @classmethod
    def _default_start(cls, end):
        # max() keeps the start inside the calendar for an end in year 1.
        return max(end, date.min + cls.DEFAULT_LENGTH) - cls.DEFAULT_LENGTH


FEEDING_TUBE_CHOICES = [("no", "No"), ("yes", "Yes, I have a feeding tube")]


class FeedingTubeForm(forms.Form):
    """Asked before the questions: it decides which version of item 5 the person sees."""

    feeding_tube = forms.ChoiceField(
        label="Do you have a feeding tube (a gastrostomy, such as a PEG or RIG)?",
        help_text="Question 5 is about using your hands: with a feeding tube it asks about handling "
        "the tube instead of cutting food.",
        choices=FEEDING_TUBE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a feeding tube"},
    )


class AssessmentForm(forms.Form):
    """The 12 ALSFRS-R items, one short page per domain (three questions each).

    The person said first whether they have a feeding tube (`feeding_tube`), so item 5 shows
    one version only. `page` (1-4) is the domain on screen: the answers of earlier pages
    travel along as hidden inputs, so it works without JavaScript and without saving half an
    assessment. A post without `page` holds all four domains at once.
    """

    date = forms.DateField(
        widget=DateInput(),
        help_text="The day the answers describe.",
        error_messages={"required": "Enter the day the answers describe"},
    )
    feeding_tube = forms.ChoiceField(choices=FEEDING_TUBE_CHOICES, widget=forms.HiddenInput)
    page = forms.TypedChoiceField(
        choices=[(str(n), n) for n in range(1, len(alsfrs.DOMAINS) + 1)],
        coerce=int,
        required=False,
        empty_value=len(alsfrs.DOMAINS),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, feeding_tube=None, page=1, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            feeding_tube = self.data.get("feeding_tube")
            try:
                page = int(self.data.get("page") or len(alsfrs.DOMAINS))
            except ValueError:
                page = len(alsfrs.DOMAINS)
        else:
            self.initial.setdefault("date", timezone.localdate())
            self.initial["feeding_tube"] = feeding_tube
            self.initial["page"] = page
        self.with_tube = feeding_tube == "yes"
        self.page_number = min(max(page, 1), len(alsfrs.DOMAINS))
        self.domain = alsfrs.DOMAINS[self.page_number - 1]
        for number, domain in enumerate(alsfrs.DOMAINS, start=1):
            for key in domain.item_keys:
                item = alsfrs.ITEMS_BY_KEY[key]
                tube = item.has_alternative and self.with_tube
                question = item.alternative_question if tube else item.question
                self.fields[key] = forms.TypedChoiceField(
                    label=f"{item.number}. {item.title}: {question}",
                    help_text=item.help_text,
                    choices=[(str(v), t) for v, t in (item.alternative_answers if tube else item.answers)],
                    coerce=int,
                    required=number <= self.page_number,
                    widget=forms.RadioSelect if number == self.page_number else forms.HiddenInput,
                    error_messages={"required": f"Choose an answer for {item.number}. {item.title}"},
                )

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])

    @property
    def is_last_page(self):
        return self.page_number == len(alsfrs.DOMAINS)

    @property
    def item_fields(self):
        return [self[key] for key in self.domain.item_keys]

    @property
    def carried_fields(self):
        """Answers of earlier pages, as hidden inputs."""
        return [
            self[key]
            for domain in alsfrs.DOMAINS[: self.page_number - 1]
            for key in domain.item_keys
            if self.is_bound or self.initial.get(key) is not None
        ]

    def next_page(self):
        """An unbound form for the following domain, holding every answer so far."""
        answered = {
            key: self.cleaned_data[key] for key in alsfrs.ITEM_KEYS if self.cleaned_data.get(key) is not None
        }
        return AssessmentForm(
            initial={"date": self.cleaned_data["date"], **answered},
            feeding_tube=self.cleaned_data["feeding_tube"],
            page=self.page_number + 1,
        )

    def answers(self):
        """(answers by item key, whether item 5 was answered with the feeding-tube set)."""
        return {key: int(self.cleaned_data[key]) for key in alsfrs.ITEM_KEYS}, self.with_tube
