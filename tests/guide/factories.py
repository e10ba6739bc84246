"""Write small, valid content trees for loader tests."""

import textwrap
from pathlib import Path

KIND_FIELDS = {
    "diagnosis": {
        "what_it_shows": "Whether the nerves to your muscles are damaged.",
        "how_it_is_done": "Small stickers on the skin send tiny pulses along a nerve.",
    },
    "als-medicines": {
        "generic_name": "examplezole",
        "forms": [{"name": "Tablet", "how_taken": "By mouth, twice a day."}],
        "regulatory_status": "approved",
        "status_date": "2020-01-02",
        "status_note": "Doctors can prescribe it.",
        "side_effects": ["Tiredness"],
        "warnings": [{"text": "Do not stop it suddenly.", "source": "https://www.ninds.nih.gov/als"}],
    },
    "symptom-medicines": {
        "symptom": "Cramps",
        "medicines": ["Example medicine"],
        "warnings": [{"text": "It can make you sleepy.", "source": "https://www.ninds.nih.gov/als"}],
    },
    "therapies": {"provided_by": ["A physical therapist"], "helps_with": ["Walking"]},
    "living-with-als": {"key_points": ["You are not alone."]},
    "appointments": {"checklist": ["Bring your notes."]},
}


def yaml_value(value, indent=0):
    pad = " " * indent
    if isinstance(value, dict):
        return "\n" + "\n".join(f"{pad}  {key}:{yaml_value(val, indent + 2)}" for key, val in value.items())
    if isinstance(value, list):
        lines = []
        for entry in value:
            if isinstance(entry, dict):
                first, *rest = entry.items()
                lines.append(f"{pad}  - {first[0]}: {first[1]}")
                lines.extend(f"{pad}    {key}: {val}" for key, val in rest)
            else:
                lines.append(f"{pad}  - {entry}")
        return "\n" + "\n".join(lines)
    return f" {value}"


def item_text(section, slug, body="Some plain words about this page.", **fields):
    data = {
        "title": f"Page {slug}",
        "slug": slug,
        "summary": f"A summary of {slug}.",
        "last_reviewed": "2026-11-01",
        "next_review": "2027-11-01",
        "sources": [{"title": "NINDS ALS fact sheet", "url": "https://www.ninds.nih.gov/als"}],
        **KIND_FIELDS[section],
        **fields,
    }
    header = "\n".join(f"{key}:{yaml_value(value)}" for key, value in data.items() if value is not None)
    return f"---\n{header}\n---\n{textwrap.dedent(body).strip()}\n"


def write_item(root, section, slug, body="Some plain words about this page.", **fields):
    path = Path(root) / section / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(item_text(section, slug, body, **fields), encoding="utf-8")
    return path


def write_tree(root):
    """A small valid guide: one item in each of three sections, with a related link."""
    write_item(
        root, "diagnosis", "emg-test", body="An EMG records muscle electricity.", related=["cramp-care"]
    )
    write_item(root, "als-medicines", "examplezole", body="Examplezole slows things a little.")
    write_item(root, "symptom-medicines", "cramp-care", body="Stretching eases cramps.")
    return Path(root)
