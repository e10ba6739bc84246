"""Installs are reproducible: the lock files pin, with hashes, every package the two
human-edited lists name, at the version they name."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)", re.MULTILINE)


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    return {canonical(name): version for name, version in PIN.findall(path.read_text())}


@pytest.mark.parametrize(
    "lists, lock",
    [
        (["requirements.txt"], "requirements.lock"),
        (["requirements.txt", "requirements-dev.txt"], "requirements-dev.lock"),
    ],
)
def test_the_lock_pins_every_listed_package_at_its_listed_version(lists, lock):
    locked = pins(ROOT / lock)
    for listed in lists:
        for name, version in pins(ROOT / listed).items():
            assert locked.get(name) == version, f"{name}=={version} from {listed}: run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_carries_a_hash(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text().split("\n", 1)[1])
    packages = [entry for entry in entries if PIN.match(entry)]
    assert packages
    assert all("--hash=sha256:" in entry for entry in packages)


def test_make_installs_only_from_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in makefile
