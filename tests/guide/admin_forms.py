"""Fill an admin change form the way a browser would submit it unchanged."""


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def admin_form_data(response, **changes):
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        if form.fields[name].disabled:
            continue
        value = _value(form[name])
        if value != "" and value != []:
            data[form.add_prefix(name)] = value
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[formset.management_form.add_prefix(name)] = (
                formset.management_form[name].value() or field.initial
            )
        for subform in formset.forms:
            for name in subform.fields:
                value = _value(subform[name])
                if value != "" and value != []:
                    data[subform.add_prefix(name)] = value
    # The version the editor opened, which the page's template adds as a hidden input.
    if response.context.get("edit_token"):
        data["edit_token"] = response.context["edit_token"]
    data.update(changes)
    return data
