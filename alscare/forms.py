"""How every form in the portal is drawn and worded: one field template, one error summary."""

from django import forms
from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Draws every field through templates/forms/field.html (`{{ field.as_field_group }}`)
    and every whole form (`{{ form }}`) through templates/forms/form.html."""

    field_template_name = "forms/field.html"
    form_template_name = "forms/form.html"


def missing_message(field):
    """The message for an empty required field, naming what is missing, for example
    "Enter your password" or "Choose a role"."""
    label = str(field.label or "").strip().rstrip(":")
    thing = label[:1].lower() + label[1:]
    if isinstance(field.widget, forms.CheckboxInput):
        return f"Tick “{label}” to go on"
    if isinstance(field.widget, forms.RadioSelect | forms.Select):
        return f"Choose {thing}"
    return f"Enter {thing}"


def name_missing_things(form, **messages):
    """Replace Django's "This field is required." on every field of `form` with a message
    naming the missing thing; `messages` gives a field's own wording where the label alone
    does not read well ("Enter your email address")."""
    default = forms.Field.default_error_messages["required"]
    for name, field in form.fields.items():
        if name in messages:
            field.error_messages["required"] = messages[name]
        elif field.error_messages.get("required") == default:
            field.error_messages["required"] = missing_message(field)
