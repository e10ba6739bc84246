from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from alscare.diary.models import Assessment, Diary, Entry, Membership


def run(monkeypatch, password="a-demo-password"):
    monkeypatch.setenv("DEMO_PASSWORD", password)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_creates_the_demo_story(db, monkeypatch):
    output = run(monkeypatch)
    alex = Diary.objects.get(patient_name="Alex Demo")
    sam = Diary.objects.get(patient_name="Sam Other")
    roles = dict(alex.memberships.values_list("user__email", "role"))
    assert roles == {
        "patient@example.com": "owner",
        "caregiver@example.com": "editor",
        "viewer@example.com": "viewer",
    }
    assert alex.patient.email == "patient@example.com", "the demo's patient is Alex Demo's patient"
    assert sam.patient is None
    assert dict(sam.memberships.values_list("user__email", "role")) == {"other@example.com": "owner"}
    assert 250 < alex.entries.count() <= 365
    assert alex.entries.exclude(notes="").exists()
    totals = list(alex.assessments.order_by("date").values_list("total", flat=True))
    assert len(totals) == 12 and totals[-1] < totals[0], "a slow decline"
    assert 0 < sam.entries.count() < 20
    assert get_user_model().objects.get(email="viewer@example.com").check_password("a-demo-password")
    for email in roles:
        assert email in output


def test_running_it_again_changes_nothing(db, monkeypatch):
    run(monkeypatch)
    counts = (
        Entry.objects.count(),
        Assessment.objects.count(),
        Membership.objects.count(),
        Diary.objects.count(),
    )
    run(monkeypatch)
    assert counts == (
        Entry.objects.count(),
        Assessment.objects.count(),
        Membership.objects.count(),
        Diary.objects.count(),
    )


def test_it_uses_the_default_password_without_the_variable(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())
    user = get_user_model().objects.get(email="patient@example.com")
    assert user.check_password("demo-als-care-2026")


def test_every_demo_account_has_a_confirmed_address_and_logs_in(client, db, monkeypatch):
    from django.urls import reverse

    run(monkeypatch)
    for user in get_user_model().objects.all():
        client.cookies.clear()
        response = client.post(reverse("account_login"), {"login": user.email, "password": "a-demo-password"})
        assert response.status_code == 302 and "verif" not in response["Location"], user.email
