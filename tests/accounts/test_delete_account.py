from django.contrib.auth import get_user_model
from django.urls import reverse

from alscare.diary.models import Diary, Entry, Membership, Role

from ..diary.conftest import PASSWORD

User = get_user_model()


def delete(client, user, **data):
    client.force_login(user)
    return client.post(reverse("accounts:delete"), data)


def test_it_needs_the_password_and_the_confirmation(client, patient, diary):
    assert delete(client, patient, password=PASSWORD).status_code == 200
    assert delete(client, patient, password="wrong", confirm="on").status_code == 200
    assert User.objects.filter(pk=patient.pk).exists()
    assert Diary.objects.filter(pk=diary.pk).exists()


def test_it_warns_which_diaries_go_with_the_account(client, patient, diary):
    client.force_login(patient)
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "only owner of 1 diary" in html and "Diary for Alex Test" in html


def test_deleting_the_owner_deletes_the_diary(client, patient, caregiver, diary, entry):
    response = delete(client, patient, password=PASSWORD, confirm="on")
    assert response.status_code == 302
    assert not User.objects.filter(pk=patient.pk).exists()
    assert not Diary.objects.filter(pk=diary.pk).exists()
    assert not Entry.objects.exists()
    client.force_login(caregiver)
    assert client.get(reverse("diary:home", kwargs={"diary_id": diary.pk})).status_code == 404


def test_deleting_a_member_keeps_their_entries_as_by_a_former_member(
    client, patient, caregiver, diary, entry
):
    delete(client, caregiver, password=PASSWORD, confirm="on")
    assert not User.objects.filter(pk=caregiver.pk).exists()
    assert Diary.objects.filter(pk=diary.pk).exists()
    entry.refresh_from_db()
    assert entry.created_by is None
    client.force_login(patient)
    html = client.get(reverse("diary:entries", kwargs={"diary_id": diary.pk})).content.decode()
    assert "Tired today." in html and "a former member" in html


def test_a_diary_with_another_owner_survives(client, patient, caregiver, diary):
    Membership.objects.filter(diary=diary, user=caregiver).update(role=Role.OWNER)
    delete(client, patient, password=PASSWORD, confirm="on")
    assert Diary.objects.filter(pk=diary.pk).exists()
    assert list(diary.memberships.values_list("user__email", flat=True)) == [
        "caregiver@example.com",
        "viewer@example.com",
    ]


def test_other_peoples_diaries_are_untouched(client, patient, diary, stranger, strangers_diary):
    delete(client, patient, password=PASSWORD, confirm="on")
    assert Diary.objects.filter(pk=strangers_diary.pk).exists()


def test_deleting_the_owner_in_the_staff_admin_deletes_the_diary_too(
    client, patient, caregiver, diary, entry
):
    admin_user = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_delete", args=[patient.pk]), {"post": "yes"}, follow=False
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=patient.pk).exists()
    assert not Diary.objects.filter(pk=diary.pk).exists(), "no diary may be left without an owner"
    assert not Membership.objects.filter(user=caregiver).exists()


def test_deleting_a_member_any_other_way_keeps_the_diary(patient, caregiver, diary, entry):
    caregiver.delete()
    assert Diary.objects.filter(pk=diary.pk).exists()
    entry.refresh_from_db()
    assert entry.created_by is None


def test_it_refuses_endless_password_guesses_on_the_delete_page(client, patient, diary):
    for _ in range(10):
        delete(client, patient, password="guess", confirm="on")
    response = delete(client, patient, password=PASSWORD, confirm="on")
    assert response.status_code == 200
    assert "Too many tries" in response.content.decode()
    assert User.objects.filter(pk=patient.pk).exists()
