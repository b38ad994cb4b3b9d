"""Posting admin forms back as a browser would."""


def form_data(response):
    """The change form as the browser would post it back: every field with its current value."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if value is not None and name != "DELETE":
                    data[f"{inline_form.prefix}-{name}"] = _plain(value)
    return data


def _plain(value):
    """A form value as a browser posts it: primary keys for objects, lists item by item."""
    if isinstance(value, (list, tuple)):
        return [getattr(item, "pk", item) for item in value]
    return getattr(value, "pk", value)
