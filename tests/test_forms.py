"""One way to draw a form: the portal's field template and error summary, and messages that
name what is missing."""

import pytest
from django.urls import reverse

from alscare.diary.forms import AssessmentForm, DiaryForm, EntryForm, InvitationForm

pytestmark = pytest.mark.django_db


def test_an_empty_sign_up_names_each_missing_thing_in_a_summary(client):
    html = client.post(reverse("account_signup"), {}).content.decode()

    assert "There is a problem" in html
    assert '<a href="#id_email">Enter your email address</a>' in html
    assert '<a href="#id_password1">Enter a password</a>' in html
    assert "This field is required" not in html
    assert "placeholder=" not in html


def test_the_password_rules_come_before_the_password_field(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert html.index('id="id_password1_helptext"') < html.index('id="id_password1"')


def test_the_error_summary_comes_before_the_heading(client):
    html = client.post(reverse("account_login"), {}).content.decode()
    main = html.split("<main", 1)[1]

    assert main.index("There is a problem") < main.index("<h1")


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (DiaryForm, "patient_name", "Enter the patient's name"),
        (EntryForm, "date", "Enter the date of the entry"),
        (InvitationForm, "email", "Enter their email address"),
        (InvitationForm, "role", "Choose what they may do"),
        (AssessmentForm, "date", "Enter the day the answers describe"),
        (AssessmentForm, "speech", "Choose an answer for 1. Speech"),
    ],
)
def test_the_diary_forms_name_what_is_missing(form, field, message):
    bound = form(data={})
    bound.is_valid()

    assert bound.errors[field] == [message]


def test_fields_carry_no_classes_added_in_python():
    form = EntryForm()

    assert all("class" not in field.widget.attrs for field in form.fields.values())
    assert 'class="field' in str(form["date"].as_field_group())
