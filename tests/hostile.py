"""Hostile input for every form, drawn by Hypothesis: NUL characters, impossible dates, huge
numbers, long strings, and values no form offers. The only answers allowed are a clear
message (the form again, with errors) or a 4xx; never a 500, and nothing half-saved.

`HOSTILE` bounds each form's examples (HOSTILE_EXAMPLES, default 20) and has no deadline:
speed is measured in bench/, not here.
"""

import os

from django.contrib.auth import get_user_model
from django.forms import BaseForm
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HOSTILE = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

MILLION_CHARACTERS = "ALS " * 250_000

nul_text = st.builds(lambda before, after: f"{before}\x00{after}", st.text(max_size=20), st.text(max_size=20))
long_text = st.builds(lambda char, size: char * size, st.sampled_from("aé🙂 \n<"), st.integers(300, 20_000))
tricky_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u0000\u0000",
        "\ufffd",
        "\u202e\u200b\ufeff",
        "<script>alert(1)</script>",
        "'; DROP TABLE diary_entry; --",
        '=HYPERLINK("http://example.com")',
        "%00",
        "\r\n\r\n",
        "a" * 255,
        "a" * 256,
    ]
)

# Any text, weighted towards what breaks things.
hostile_text = st.one_of(tricky_text, nul_text, long_text, st.text(max_size=200))

huge_number = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(
        ["NaN", "nan", "Infinity", "-Infinity", "1e309", "1e-400", "9" * 400, "-0", "0x10", "½", "١٢"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)

hostile_date = st.one_of(
    st.sampled_from(
        [
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "-2026-01-01",
            "2026-1-1",
            "01/02/2026",
            "2026-01-01T25:00",
            "yesterday",
            "\x00",
            "2026-01-01\x00",
            "",
        ]
    ),
    st.dates().map(lambda day: day.isoformat()),
    hostile_text,
)


def hostile_choice(*valid):
    """One of the form's own choices, or anything else."""
    return st.one_of(st.sampled_from(list(valid)), hostile_text, huge_number)


hostile_email = st.one_of(
    hostile_text,
    st.emails().map(str),
    st.builds(lambda local: f"{local}@example.com", hostile_text),
    st.just("a" * 300 + "@example.com"),
)


def snapshot():
    """Everything a form could half-save: row counts, and the sum of entry versions."""
    from allauth.account.models import EmailAddress
    from django.db.models import Sum

    from alscare.diary.models import Assessment, Diary, Entry, Invitation, Membership

    return {
        "users": get_user_model().objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "diaries": Diary.objects.count(),
        "memberships": Membership.objects.count(),
        "roles": sorted(Membership.objects.values_list("role", flat=True)),
        "invitations": Invitation.objects.count(),
        "entries": Entry.objects.count(),
        "entry versions": Entry.objects.aggregate(total=Sum("version"))["total"],
        "assessments": Assessment.objects.count(),
    }


def forms_with_errors(response):
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, list):
        contexts = [contexts]
    return [
        value
        for context in contexts
        for value in context.flatten().values()
        if isinstance(value, BaseForm) and value.errors
    ]


def assert_refused_or_saved(client, response, before):
    """The answer to hostile input: a form with errors or a 4xx that changed nothing, or a
    redirect after a save whose next page also works. Never a 5xx."""
    assert response.status_code < 500, f"{response.status_code} for hostile input"
    if response.status_code in (301, 302, 303):
        # Accepted (or refused with a message on the next page): that page must work too.
        follow = client.get(response["Location"])
        assert follow.status_code < 500, f"{response['Location']} answered {follow.status_code} after a save"
        return "saved or redirected"
    assert snapshot() == before, "a refused form changed the database"
    if response.status_code == 200:
        page = response.content.decode(errors="replace")
        assert forms_with_errors(response) or "alert-danger" in page, "a refused form must say why"
        return "form errors"
    return f"{response.status_code}"
