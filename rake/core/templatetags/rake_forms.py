"""Template helpers for accessible forms and HDS markup."""

from django import template

register = template.Library()

MESSAGE_LEVELS = {"success": "success", "warning": "alert", "error": "error"}


@register.filter
def field_anchor(bound_field):
    """The id an error-summary link should point to: the input itself, or a group's first input."""
    if bound_field.field.widget.use_fieldset:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def is_marked_required(bound_field):
    form = bound_field.form
    check = getattr(form, "is_marked_required", None)
    if check is not None:
        return check(bound_field.name)
    return bound_field.field.required


@register.filter
def hds_level(level_tag):
    """Django message level → HDS notification modifier."""
    return MESSAGE_LEVELS.get(level_tag, "info")


@register.filter
def visible_errors(form):
    """[(bound field or None, message)] in the order the fields appear."""
    errors = [(None, message) for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            errors.append((field, message))
    return errors


@register.filter
def field_review(bound_field):
    """What a form wants shown under a field after its input (e.g. the privacy guard's findings): an object
    with a `template_name`, or None."""
    reviews = getattr(bound_field.form, "field_reviews", None)
    if reviews is None:
        return None
    reviews = reviews() if callable(reviews) else reviews
    return reviews.get(bound_field.name)
