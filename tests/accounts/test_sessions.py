"""A person sees the devices where they are logged in, and can log out everywhere else."""

import pytest
from django.test import Client
from django.urls import reverse

from ..diary.conftest import PASSWORD


def logged_in_client(email, browser):
    client = Client(HTTP_USER_AGENT=browser)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def phone_and_laptop(patient):
    return (
        logged_in_client("patient@example.com", "Phone browser"),
        logged_in_client("patient@example.com", "Laptop browser"),
    )


def test_the_page_lists_every_device_where_the_person_is_logged_in(phone_and_laptop):
    phone, _ = phone_and_laptop
    html = phone.get(reverse("usersessions_list")).content.decode()
    assert "Phone browser" in html and "Laptop browser" in html
    assert "This device" in html and "Log out everywhere else" in html


def test_logging_out_everywhere_else_ends_the_other_devices_sessions(phone_and_laptop):
    phone, laptop = phone_and_laptop
    response = phone.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert laptop.get(reverse("accounts:overview")).status_code == 302, "the laptop must log in again"
    assert phone.get(reverse("accounts:overview")).status_code == 200


def test_nobody_sees_another_persons_devices(phone_and_laptop, stranger):
    other = logged_in_client("stranger@example.com", "Stranger browser")
    html = other.get(reverse("usersessions_list")).content.decode()
    assert "Phone browser" not in html and "Stranger browser" in html
