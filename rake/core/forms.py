"""Form plumbing shared by every app: HDS classes on widgets, service errors onto fields."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

# The largest id the database stores: a larger number cannot even be looked up (SQLite overflows).
MAX_ID = 2**63 - 1

WIDGET_CLASSES = {
    forms.Textarea: "hds-text-input__input",
    forms.TextInput: "hds-text-input__input",
    forms.DateInput: "hds-text-input__input",
    forms.NumberInput: "hds-text-input__input",
    forms.EmailInput: "hds-text-input__input",
    forms.PasswordInput: "hds-text-input__input",
    forms.SearchInput: "hds-text-input__input",
    forms.CheckboxSelectMultiple: "hds-checkbox__input",
    forms.RadioSelect: "hds-radio-button__input",
    forms.CheckboxInput: "hds-checkbox__input",
    forms.Select: "rake-select",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ServiceErrorsMixin:
    """A form that shows what a service refused: `form.add_service_errors(exc)` after a ValidationError (see
    add_service_errors). `service_error_labels()` names the fields a service may refuse that the form does not
    show, so that their messages say what to fix."""

    def service_error_labels(self) -> dict:
        return {}

    def add_service_errors(self, exc) -> None:
        add_service_errors(self, exc, labels=self.service_error_labels())


class HdsFormMixin(ServiceErrorsMixin):
    """Puts the Helsinki Design System's classes on widgets (and shows service errors: ServiceErrorsMixin).

    Browsers' own validation is switched off (forms carry `novalidate`): the server's messages are
    translated and shown in an error summary.
    """

    use_required_attribute = False
    # Field names shown as required to the user; None = the fields' own `required`.
    marked_required = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class in type(field.widget).__mro__:
                css = WIDGET_CLASSES.get(widget_class)
                if css:
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{existing} {css}".strip()
                    break

    def is_marked_required(self, name):
        if self.marked_required is not None:
            return name in self.marked_required
        return self.fields[name].required


def add_service_errors(form, exc, labels=None):
    """Map a rake.core.errors.ValidationError onto the form.

    Keys naming one of the form's fields go to that field; others (fields the form does not show) go
    to the form as a whole, prefixed with the field's label from `labels` so the user knows what to fix.
    """
    labels = labels or {}
    field_errors = getattr(exc, "field_errors", None) or {}
    for key, messages in field_errors.items():
        if isinstance(messages, (str,)) or not isinstance(messages, (list, tuple)):
            messages = [messages]
        for message in messages:
            if key in form.fields:
                form.add_error(key, str(message))
            elif key in labels:
                form.add_error(None, f"{capfirst(labels[key])}: {message}")
            else:
                form.add_error(None, str(message))
    if not field_errors:
        form.add_error(None, str(exc.message))


def initial_from_data(fields, data):
    """The values a form's `fields` (e.g. its base_fields) were sent with in `data`, as initial values for an
    unbound form: a page sent with a button that saves nothing (a search, "Clear") comes back as typed, without
    the errors of a validation."""
    initial = {}
    for name, field in fields.items():
        if isinstance(field, forms.BooleanField):
            initial[name] = name in data
        elif isinstance(field, forms.MultipleChoiceField):
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return initial


class DateRangeMixin:
    """A form with `since` and `until` dates: the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date cannot be before the start date."))
        return cleaned


class AuditSearchForm(DateRangeMixin, HdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        help_text=_("An object id, object type, action, user or organisation."))
    action = forms.ChoiceField(label=_("Action"), required=False)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("All outcomes"))] + list(AuditEntry.Outcome.choices))
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions"))] + list(actions)  # (code, label)
        self.fields["outcome"].choices = [("", _("All outcomes"))] + [
            (value, capfirst(label)) for value, label in AuditEntry.Outcome.choices
        ]

    def search_arguments(self):
        """Keyword arguments for rake.core.audit.audit_search."""
        if not self.is_bound:
            return {"query": "", "action": "", "username": "", "outcome": "", "since": None, "until": None}
        self.is_valid()
        data = self.cleaned_data  # the valid fields only: a bad date does not drop the other filters
        return {
            "query": data.get("q", ""),
            "action": data.get("action", ""),
            "username": data.get("user", ""),
            "outcome": data.get("outcome", ""),
            "since": data.get("since"),
            "until": data.get("until"),
        }
