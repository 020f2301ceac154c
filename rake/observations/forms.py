"""Web forms for observations. They check types and turn input into the plain values that
rake.observations.validation and the services expect; the rules themselves live there."""

import datetime
import uuid
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rake.areas.selectors import county_choices, municipality_choices
from rake.core import text as text_limits
from rake.core.dates import today
from rake.core.errors import PersonalDataFound, ValidationError
from rake.core.forms import MAX_ID, DateInput, DateRangeMixin, HdsFormMixin, ServiceErrorsMixin
from rake.privacy.scanner import mask_strong, placeholder, possible_label, segments
from rake.taxonomy.selectors import (
    client_group_list,
    observation_type_list,
    phenomenon_list,
    service_area_list,
    support_need_list,
)

from . import guard
from .guard import FIELD_ERRORS, FINDING_FIELDS, GUARDED_FIELDS
from .models import (
    AffectedEstimate,
    Channel,
    Frequency,
    Language,
    Observation,
    Polarity,
    ReporterKind,
    Status,
    Trend,
)
from .validation import REQUIRED_ON_SUBMIT, TEXT_LIMITS, observation_clean

POLARITY_LABELS = {
    Polarity.NEGATIVE: _("Negative: a problem, a gap or a shortcoming"),
    Polarity.POSITIVE: _("Positive: something that works well"),
    Polarity.MIXED: _("Mixed: both"),
}


def _choices(text_choices, *, blank=None):
    choices = [(value, capfirst(label)) for value, label in text_choices.choices]
    return ([("", blank)] + choices) if blank is not None else choices


def _terms(terms, *, blank=None):
    choices = [(term.code, capfirst(term.label)) for term in terms]
    return ([("", blank)] + choices) if blank is not None else choices


def field_labels():
    """Labels of an observation's fields, for errors on fields a form does not show."""
    labels = {field.name: field.verbose_name for field in Observation._meta.get_fields()
              if hasattr(field, "verbose_name")}
    labels["county"] = labels.pop("county_code")
    labels["municipality"] = labels.pop("municipality_code")
    labels["related"] = _("related observation")
    return labels


ACKNOWLEDGED = "acknowledged_findings"
# The one-click "remove" button of a finding: its value names the finding as a checkbox does.
REMOVE = "remove_finding"


def _finding_value(field, start, end, kind):
    return f"{field}:{start}:{end}:{kind}"


class ObservationErrorsMixin(ServiceErrorsMixin):
    """Service errors on an observation's fields that the form does not show say which field they are about."""

    def service_error_labels(self):
        return field_labels()


class PrivacyReview:
    """The privacy guard's findings in one field, for the template under that field: the text with each
    finding highlighted, and per finding its reason, a "Remove" button and — unless it is a strong
    identifier, which cannot be acknowledged — a "This is not personal data" checkbox."""

    template_name = "observations/includes/privacy_review.html"

    def __init__(self, bound_field, text, findings, *, acknowledgeable=True):
        self.id = f"{bound_field.auto_id}_privacy"
        self.intro_id = f"{self.id}_intro"
        self.input_name = bound_field.form.add_prefix(ACKNOWLEDGED)
        self.remove_name = bound_field.form.add_prefix(REMOVE)
        self.acknowledgeable = acknowledgeable
        self.items = []
        for number, finding in enumerate(findings, start=1):
            self.items.append(SimpleNamespace(
                number=number, id=f"{bound_field.auto_id}_finding_{number}", start=finding.start, end=finding.end,
                text=text[finding.start:finding.end], label=finding.label, possible=possible_label(finding.kind),
                reason=finding.reason_text, checked=finding.acknowledged, strong=finding.strong,
                value=_finding_value(finding.field, finding.start, finding.end, finding.kind),
            ))
        self.segments = segments(text, self.items)
        self.has_strong = any(item.strong for item in self.items)


class PrivacyReviewMixin:
    """Forms whose text passes the privacy guard: shows PersonalDataFound under the fields and hands the
    ticked "This is not personal data" boxes back to the service. The boxes are not form fields: only
    those that name a finding of the current text count (the service checks)."""

    privacy_guarded = True
    # Whether a finding may be confirmed as not personal data here (not in texts that are published).
    privacy_acknowledgeable = True
    # Whether only strong identifiers count here (as the service checks the texts).
    privacy_only_strong = False

    def privacy_fields(self):
        """The names of the form's fields whose text the guard scans (findings carry them as `field`)."""
        return [name for name in self.fields if name in FINDING_FIELDS]

    def personal_data_error(self, name):
        """The error under a field with findings (and in the error summary)."""
        return str(FIELD_ERRORS.get(name, FIELD_ERRORS["reason"]))

    def acknowledged_findings(self):
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return []
        return [value for value in self.data.getlist(self.add_prefix(ACKNOWLEDGED)) if isinstance(value, str)][:500]

    def field_reviews(self):
        return getattr(self, "_field_reviews", {})

    def show_personal_data(self, exc, *, errors=True):
        """Mark each field with findings (an error for the summary) and keep its review for the template.
        `errors=False` shows the reviews only (every finding is acknowledged: the form may be sent as it is)."""
        reviews = {}
        shown = set()
        by_field = {}
        for finding in exc.findings:
            by_field.setdefault(finding.field, []).append(finding)
        for name, findings in by_field.items():
            if name not in self.fields:
                continue
            text = self._scanned_text(name)
            if text is None:
                continue
            bound = self[name]
            reviews[name] = PrivacyReview(bound, text, findings, acknowledgeable=self.privacy_acknowledgeable)
            described = [f"{bound.auto_id}_helptext"] if bound.help_text else []
            described += [f"{bound.auto_id}_error"] if errors else []
            described += [reviews[name].intro_id]
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
            shown.add(name)
        self._field_reviews = reviews
        if not errors:
            return
        for name in shown:
            self.add_error(name, self.personal_data_error(name))
        if not shown:
            self.add_error(None, str(exc.message))

    def review_personal_data(self, *, existing=None, language=None, acknowledged_too=False):
        """When the form has other errors, show the guard's findings as well, so that one round fixes
        everything. Only a preview: the service checks again when the form is sent. `acknowledged_too`: also
        when every finding is ticked (after a removal, so that the ticks stay on the page and are sent)."""
        if not self.privacy_guarded:
            return
        cleaned = getattr(self, "cleaned_data", {})
        texts = {
            name: cleaned[name] for name in self.privacy_fields()
            if isinstance(cleaned.get(name), str) and cleaned[name]
            and (existing is None or cleaned[name] != getattr(existing, name, None))
        }
        if not texts:
            return
        try:
            findings = guard.check(texts, acknowledged=self._ticked(), language=guard.scan_language(language),
                                   only_strong=self.privacy_only_strong)
        except PersonalDataFound as exc:
            self.show_personal_data(exc)
        except ValidationError:
            pass
        else:
            if findings and acknowledged_too:
                self.show_personal_data(PersonalDataFound(findings), errors=False)

    def _scanned_text(self, name):
        """The text the service scanned: the field's cleaned value (the offsets refer to it)."""
        value = getattr(self, "cleaned_data", {}).get(name)
        return value if isinstance(value, str) else None

    def removal_requested(self):
        """Whether the form was sent with a finding's "Remove" button rather than to be saved."""
        return self.is_bound and bool(self.data.get(self.add_prefix(REMOVE)))

    def remove_finding(self, *, language=None):
        """The one-click "remove" (DESIGN §4.2), before the form is validated: the named finding of the text as
        typed is replaced by the placeholder in the text's `language`; every other field, and the ticked boxes
        (moved with the text), stay as they were. Returns the removed findings: none when the text has changed
        since the finding was shown. The view then validates and shows the findings of the new text."""
        try:
            (key,) = guard.parse_acknowledgements([self.data.get(self.add_prefix(REMOVE))],
                                                  fields=self.privacy_fields())
        except (ValidationError, ValueError):
            return []
        field = key[0]
        name = self.add_prefix(field)
        typed = self.data.get(name) if field in self.fields else None
        if not isinstance(typed, str):
            return []
        # The offsets count in the text the service scanned: the field's value without the whitespace around it.
        text, removed = guard.remove_findings(field, typed.strip(), {key}, language=guard.scan_language(language),
                                              placeholder_language=language)
        if not removed:
            return []
        data = self.data.copy()
        data[name] = text
        data.setlist(self.add_prefix(ACKNOWLEDGED), [
            _finding_value(*key) for key in sorted(guard.shift_acknowledgements(self._ticked(), field, removed,
                                                                                language=language))])
        data.pop(self.add_prefix(REMOVE), None)
        self.data = data
        return removed

    def _ticked(self):
        """The ticked "This is not personal data" boxes as keys (none where nothing may be acknowledged)."""
        if not self.privacy_acknowledgeable:
            return set()
        try:
            return guard.parse_acknowledgements(self.acknowledged_findings(), fields=self.privacy_fields())
        except ValidationError:
            return set()


def remove_and_review(request, form, *, language, existing=None):
    """A guarded form sent with a finding's "Remove" button: replace that finding, validate, and show the
    findings of the new text (nothing is saved; the person checks the text and sends it)."""
    removed = form.remove_finding(language=language)
    form.is_valid()
    form.review_personal_data(existing=existing, language=language, acknowledged_too=True)
    if removed:
        messages.info(request, _("The part was replaced with %(placeholder)s. Check the text and send it again.")
                      % {"placeholder": placeholder(language)})
    else:
        messages.warning(request, _("Nothing was removed: the text has changed since it was checked. Send it "
                                    "again to check it."))


class PhenomenaMixin:
    """Phenomena as checkboxes grouped under their top-level phenomenon (rendered by the template)."""

    def _phenomenon_tree(self, counties, observation=None):
        # Phenomena valid on the observation's date (today for a new one); those it already has stay.
        on = (observation.observed_on if observation is not None else None) or today()
        keep = ([link.phenomenon.code for link in observation.phenomenon_links.all()]
                if observation is not None and observation.pk else [])
        tree, seen = [], set()
        for county in counties or [None]:
            for phenomenon in phenomenon_list(county=county, on=on, keep=keep):
                if phenomenon.code in seen:
                    continue
                seen.add(phenomenon.code)
                tree.append((phenomenon, list(phenomenon.children.all())))
        return tree

    def _set_phenomena(self, counties, observation=None):
        self._tree = self._phenomenon_tree(counties, observation)
        choices = []
        for parent, children in self._tree:
            choices.append((parent.code, capfirst(parent.label)))
            choices.extend((child.code, capfirst(child.label)) for child in children)
        self.fields["phenomena"].choices = choices

    def phenomenon_groups(self):
        """[{code, label, id, checked, open, children: [...]}]; ids are the field's id + _0, _1…"""
        field = self["phenomena"]
        selected = {str(value) for value in (field.value() or [])}
        groups, index = [], 0

        def item(term):
            nonlocal index
            entry = {"code": term.code, "label": capfirst(term.label), "id": f"{field.auto_id}_{index}",
                     "checked": term.code in selected}
            index += 1
            return entry

        for parent, children in self._tree:
            group = item(parent)
            group["children"] = [item(child) for child in children]
            group["open"] = any(child["checked"] for child in group["children"])
            groups.append(group)
        return groups


def _choice_label(choices, value):
    for option, label in choices:
        if isinstance(label, (list, tuple)):  # a group (municipalities by county)
            found = _choice_label(label, value)
            if found != str(value):
                return found
        elif str(option) == str(value):
            return str(label)
    return str(value)


def _date_text(value):
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if callable(value):
        value = value()
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


class ObservationForm(ObservationErrorsMixin, PrivacyReviewMixin, PhenomenaMixin, HdsFormMixin, forms.Form):
    """New observation and draft editing (DESIGN §4.1): the required fields first."""

    marked_required = REQUIRED_ON_SUBMIT

    description = forms.CharField(
        label=_("What did you observe?"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe the phenomenon in general terms. Do not write anything that could identify a "
                    "client: no names, personal identity codes, addresses, phone numbers or dates of birth."),
        error_messages={"required": _("Describe what you observed.")},
    )
    phenomena = forms.MultipleChoiceField(
        label=_("Phenomenon"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more. Open the sub-themes to be more precise."),
        error_messages={"required": _("Choose at least one phenomenon.")},
    )
    observation_type = forms.ChoiceField(
        label=_("Type of observation"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of observation.")},
    )
    polarity = forms.ChoiceField(
        label=_("Is it negative, positive or mixed?"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the observation is negative, positive or mixed.")},
    )
    # More details (optional)
    county = forms.ChoiceField(label=_("Wellbeing services county"))
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    service_area = forms.ChoiceField(label=_("Service area"), required=False)
    client_groups = forms.MultipleChoiceField(label=_("Client groups"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    support_needs = forms.TypedMultipleChoiceField(label=_("Support needs (Social Welfare Act § 11)"),
                                                   required=False, coerce=int, widget=forms.CheckboxSelectMultiple)
    proposed_action = forms.CharField(label=_("What should be done?"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}),
                                      help_text=_("Your proposal for action, if you have one."))
    proposed_owner = forms.CharField(label=_("Who should act?"), required=False,
                                     help_text=_("For example a service, a board or an organisation."))
    frequency = forms.ChoiceField(label=_("How often do you see this?"), required=False)
    affected_estimate = forms.ChoiceField(label=_("How many people does it concern?"), required=False)
    trend = forms.ChoiceField(label=_("Is it changing?"))
    observed_on = forms.DateField(label=_("When did you observe it?"), required=False, widget=DateInput,
                                  error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    language = forms.ChoiceField(label=_("Language of the observation"))
    reporter_kind = forms.ChoiceField(label=_("You are reporting as"))
    channel = forms.ChoiceField(label=_("Channel"))
    wants_feedback = forms.BooleanField(label=_("Tell me what comes of this observation"), required=False,
                                        initial=True)
    # Lets a double-clicked or re-sent form return the observation the first one made.
    idempotency_key = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    OPTIONAL_FIELDS = ("county", "municipality", "service_area", "client_groups", "support_needs",
                       "proposed_action", "proposed_owner", "frequency", "affected_estimate", "trend",
                       "observed_on", "language", "reporter_kind", "channel", "wants_feedback")

    def __init__(self, *args, user, submit=True, observation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.submit = submit
        self.observation = observation
        permissions = user.permissions
        self.counties = sorted(permissions.submit_counties())
        if observation is not None and observation.county_code not in self.counties:
            self.counties.append(observation.county_code)
        year = today().year
        not_given = _("— not given —")

        if len(self.counties) > 1:
            home = observation.county_code if observation else permissions.home_county
            self.fields["county"].choices = county_choices(self.counties, year)
            self.fields["county"].initial = home if home in self.counties else self.counties[0]
        else:
            del self.fields["county"]
        self.fields["municipality"].choices = [("", not_given)] + municipality_choices(self.counties or ["-"], year)
        self._set_phenomena(self.counties, observation)
        self.fields["observation_type"].choices = _terms(observation_type_list())
        self.fields["polarity"].choices = [(value, POLARITY_LABELS[value]) for value in Polarity.values]
        self.fields["service_area"].choices = _terms(service_area_list(), blank=not_given)
        self.fields["client_groups"].choices = _terms(client_group_list())
        self.fields["support_needs"].choices = [
            (need.code, f"{need.code}. {capfirst(need.label)}") for need in support_need_list()
        ]
        self.fields["frequency"].choices = _choices(Frequency, blank=not_given)
        self.fields["affected_estimate"].choices = _choices(AffectedEstimate, blank=not_given)
        self.fields["trend"].choices = _choices(Trend)
        self.fields["trend"].initial = Trend.UNKNOWN
        self.fields["language"].choices = _choices(Language)
        language = (get_language() or "fi")[:2]
        self.fields["language"].initial = language if language in Language.values else Language.FI
        self.fields["reporter_kind"].choices = _choices(ReporterKind)
        self.fields["reporter_kind"].initial = ReporterKind.PROFESSIONAL
        self.fields["channel"].choices = _choices(Channel)
        self.fields["channel"].initial = Channel.SOCIAL_REPORT
        self.fields["observed_on"].initial = today
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        # The form remembers where the reporter usually works (DESIGN §4.1); remembered_fields shows it.
        self.fields["service_area"].initial = user.usual_service_area
        self.fields["municipality"].initial = user.usual_municipality
        # Drafts may be saved incomplete; the required fields are checked when submitting.
        for name in REQUIRED_ON_SUBMIT:
            self.fields[name].required = submit

    @classmethod
    def initial_from(cls, observation):
        return {
            "description": observation.description,
            "phenomena": [link.phenomenon.code for link in observation.phenomenon_links.all()],
            "observation_type": observation.observation_type.code if observation.observation_type_id else "",
            "polarity": observation.polarity,
            "county": observation.county_code,
            "municipality": observation.municipality_code,
            "service_area": observation.service_area.code if observation.service_area_id else "",
            "client_groups": [group.code for group in observation.client_groups.all()],
            "support_needs": [need.code for need in observation.support_needs.all()],
            "proposed_action": observation.proposed_action,
            "proposed_owner": observation.proposed_owner,
            "frequency": observation.frequency,
            "affected_estimate": observation.affected_estimate,
            "trend": observation.trend,
            "observed_on": observation.observed_on,
            "language": observation.language,
            "reporter_kind": observation.reporter_kind,
            "channel": observation.channel,
            "wants_feedback": observation.wants_feedback,
        }

    # Values remembered from the reporter's last observation (User.usual_*), by field.
    REMEMBERED = {"service_area": "usual_service_area", "municipality": "usual_municipality"}

    def remembered_fields(self):
        """The fields of a new observation that hold a value remembered from the reporter's last one. The page
        shows them outside the folded details, marked as remembered, with a button that clears them: no
        remembered value is stored unseen (issue 16)."""
        if self.observation is not None:
            return []
        fields = []
        for name, attribute in self.REMEMBERED.items():
            remembered = getattr(self.user, attribute, "")
            if name in self.fields and remembered and str(self[name].value() or "") == remembered:
                fields.append(self[name])
        return fields

    def optional_fields(self):
        remembered = {field.name for field in self.remembered_fields()}
        return [self[name] for name in self.OPTIONAL_FIELDS if name in self.fields and name not in remembered]

    def prefilled(self):
        """[(label, value shown)] of the folded optional fields that hold a value (a default or one typed), so that
        the page says what will be stored without opening them."""
        shown = []
        for field in self.optional_fields():
            value = field.value()
            if value in (None, "", [], False) and field.name != "wants_feedback":
                continue
            if field.name == "wants_feedback":
                text = _("yes") if value else _("no")
            elif field.name == "observed_on":
                text = _date_text(value)
            elif hasattr(field.field, "choices") and not isinstance(value, (list, tuple)):
                text = _choice_label(field.field.choices, value)
            elif hasattr(field.field, "choices"):
                text = ", ".join(_choice_label(field.field.choices, item) for item in value)
            else:
                text = str(value)
            shown.append((field.label, text))
        return shown

    def optional_has_errors(self):
        return any(self[name].errors for name in self.OPTIONAL_FIELDS if name in self.fields)

    def clean(self):
        cleaned = super().clean()
        # Check the rules of validation.py now as well (the service checks them again when saving), so that
        # an error there is shown together with the form's own errors instead of after them.
        try:
            observation_clean(data=self._data(cleaned), user=self.user, submit=self.submit,
                              existing=self.observation)
        except ValidationError as exc:
            errors = {key: messages for key, messages in exc.field_errors.items()
                      if key not in self.fields or not self.has_error(key)}
            if errors:
                self.add_service_errors(ValidationError(errors))
        return cleaned

    def _data(self, cleaned):
        """Plain values for the fields that passed the form's own checks."""
        converters = {
            "phenomena": list,
            "client_groups": list,
            "support_needs": lambda codes: [int(code) for code in codes],
            "observation_type": lambda code: code or None,
            "service_area": lambda code: code or None,
            "wants_feedback": bool,
        }
        data = {}
        for name in self.fields:
            if name in ("idempotency_key", "county") or name not in cleaned:
                continue
            if name == "observed_on" and not cleaned[name]:
                continue
            data[name] = converters.get(name, lambda value: value)(cleaned[name])
        if "county" in self.fields:
            if cleaned.get("county"):
                data["county"] = cleaned["county"]
        elif self.observation is None and self.counties:
            data["county"] = self.counties[0]
        return data

    def service_data(self):
        """The plain dict rake.observations.services.observation_create expects (codes as strings,
        support needs as integers, the date as a date)."""
        return self._data(self.cleaned_data)



class ClassifyForm(ObservationErrorsMixin, PhenomenaMixin, HdsFormMixin, forms.Form):
    """The coordinator's classification: codes for the fields of validation.CLASSIFICATION_FIELDS."""

    prefix = "classify"
    marked_required = ("phenomena", "observation_type", "polarity")

    phenomena = forms.MultipleChoiceField(label=_("Phenomenon"), widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": _("Choose at least one phenomenon.")})
    observation_type = forms.ChoiceField(label=_("Type of observation"), widget=forms.RadioSelect)
    polarity = forms.ChoiceField(label=_("Is it negative, positive or mixed?"), widget=forms.RadioSelect)
    service_area = forms.ChoiceField(label=_("Service area"), required=False)
    client_groups = forms.MultipleChoiceField(label=_("Client groups"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    support_needs = forms.TypedMultipleChoiceField(label=_("Support needs (Social Welfare Act § 11)"),
                                                   required=False, coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, observation, **kwargs):
        if not args and "data" not in kwargs and "initial" not in kwargs:
            kwargs["initial"] = {
                key: value for key, value in ObservationForm.initial_from(observation).items()
                if key in self.base_fields
            }
        super().__init__(*args, **kwargs)
        self._set_phenomena([observation.county_code], observation)
        self.fields["observation_type"].choices = _terms(observation_type_list())
        self.fields["polarity"].choices = [(value, POLARITY_LABELS[value]) for value in Polarity.values]
        self.fields["service_area"].choices = _terms(service_area_list(), blank=_("— not given —"))
        self.fields["client_groups"].choices = _terms(client_group_list())
        self.fields["support_needs"].choices = [
            (need.code, f"{need.code}. {capfirst(need.label)}") for need in support_need_list()
        ]

    def classification(self):
        data = self.cleaned_data
        return {
            "phenomena": list(data["phenomena"]),
            "observation_type": data["observation_type"],
            "polarity": data["polarity"],
            "service_area": data["service_area"] or None,
            "client_groups": list(data["client_groups"]),
            "support_needs": [int(code) for code in data["support_needs"]],
        }



class _MessageForm(ObservationErrorsMixin, PrivacyReviewMixin, HdsFormMixin, forms.Form):
    """One labelled text box for a transition; the field is named `reason` as in the services' errors."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    label = ""
    help = ""
    required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = self.label
        field.help_text = self.help
        field.required = self.required



CONFIRM_FINDINGS_LABEL = _("I have checked the highlighted parts of its texts: they are not personal data")
CONFIRM_FINDINGS_HELP = _("Parts of the observation's texts may be personal data and were confirmed as not "
                          "personal data, or were found since. Remove those that are (Personal data check), or "
                          "confirm. Your confirmation is recorded.")


def confirm_findings_field():
    """The coordinator's explicit confirmation before accepting or quoting an observation whose texts still
    hold findings (services: `confirm_acknowledged_findings`)."""
    return forms.BooleanField(label=CONFIRM_FINDINGS_LABEL, help_text=CONFIRM_FINDINGS_HELP, required=False)


class AcceptForm(_MessageForm):
    prefix = "accept"
    label = _("Message to the reporter (optional)")
    help = _("The reporter sees this message in the observation's timeline.")

    def __init__(self, *args, confirmable=False, **kwargs):
        """`confirmable`: the observation's texts hold findings, so the form asks for the confirmation."""
        super().__init__(*args, **kwargs)
        if confirmable:
            self.fields["confirm_acknowledged_findings"] = confirm_findings_field()

    def confirmed(self):
        return bool(self.cleaned_data.get("confirm_acknowledged_findings"))


class RejectForm(_MessageForm):
    prefix = "reject"
    label = _("Reason for rejecting")
    help = _("The reporter sees the reason.")
    required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Give a reason; the reporter sees it.")


class ClarificationForm(_MessageForm):
    prefix = "request_clarification"
    label = _("Question to the reporter")
    help = _("The observation waits for the reporter's answer and then returns to the queue.")
    required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Write the question to the reporter.")


class CloseForm(_MessageForm):
    prefix = "close"
    label = _("Message to the reporter (optional)")
    help = _("The reporter sees this message in the observation's timeline.")


class QuarantineForm(_MessageForm):
    prefix = "quarantine"
    privacy_guarded = False  # only coordinators read the reason
    label = _("Reason (optional)")
    help = _("Only coordinators see this. The observation is hidden from everyone else until it is redacted.")


class LinkForm(ObservationErrorsMixin, HdsFormMixin, forms.Form):
    prefix = "link"

    related = forms.TypedChoiceField(label=_("Related observation"), required=False, coerce=int, empty_value=None)
    related_id = forms.IntegerField(label=_("…or the number of an observation"), required=False, min_value=1,
                                    max_value=MAX_ID, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related"].choices = [("", _("— choose —"))] + [
            (candidate.pk, self.candidate_label(candidate)) for candidate in candidates
        ]

    @staticmethod
    def candidate_label(candidate):
        excerpt = " ".join(mask_strong(candidate.description).split())[:60]
        return f"#{candidate.pk} – {excerpt}"

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("related") and not cleaned.get("related_id"):
            self.add_error("related", _("Choose an observation or give its number."))
        return cleaned

    def other_id(self):
        return self.cleaned_data.get("related") or self.cleaned_data.get("related_id")



class UnlinkForm(ServiceErrorsMixin, forms.Form):
    prefix = "unlink"

    related = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)



class AnswerForm(ObservationErrorsMixin, PrivacyReviewMixin, HdsFormMixin, forms.Form):
    prefix = "answer"

    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("The coordinator sees your answer and the observation returns to "
                                         "the queue."),
                             error_messages={"required": _("Write your answer.")})



class EditTextForm(ObservationErrorsMixin, PrivacyReviewMixin, HdsFormMixin, forms.Form):
    """The coordinator corrects the reporter's text (e.g. removes a detail that identifies someone)."""

    prefix = "edit_text"

    description = forms.CharField(label=_("What was observed"), widget=forms.Textarea(attrs={"rows": 6}),
                                  max_length=TEXT_LIMITS["description"],
                                  error_messages={"required": _("The description cannot be empty.")})
    proposed_action = forms.CharField(label=_("Proposed action"), required=False,
                                      max_length=TEXT_LIMITS["proposed_action"],
                                      widget=forms.Textarea(attrs={"rows": 3}))
    proposed_owner = forms.CharField(label=_("Who should act"), required=False,
                                     max_length=TEXT_LIMITS["proposed_owner"])

    def __init__(self, *args, observation, **kwargs):
        if not args and "data" not in kwargs and "initial" not in kwargs:
            kwargs["initial"] = {field: getattr(observation, field) for field in GUARDED_FIELDS}
        super().__init__(*args, **kwargs)

    def texts(self):
        return {field: self.cleaned_data[field] for field in GUARDED_FIELDS}



class ReleaseForm(ServiceErrorsMixin, forms.Form):
    """Return a quarantined observation to where it was (no fields: the button is the whole form)."""

    prefix = "release"



class RedactForm(ObservationErrorsMixin, HdsFormMixin, forms.Form):
    """Replace a part of a text (start up to, not including, end) with a marker."""

    prefix = "redact"

    target = forms.ChoiceField(label=_("Which text"))
    start = forms.IntegerField(label=_("From position"), min_value=0,
                               widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                               help_text=_("Positions count characters from 0 at the start of the text."))
    end = forms.IntegerField(label=_("Up to position (not included)"), min_value=1,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)

    def arguments(self):
        """Keyword arguments for services.observation_redact."""
        target = self.cleaned_data["target"]
        field, _sep, event_id = target.partition(":")
        return {"field": field, "event_id": int(event_id) if event_id else None,
                "start": self.cleaned_data["start"], "end": self.cleaned_data["end"]}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("The end must come after the start."))
        return cleaned

    def add_service_errors(self, exc):
        errors = getattr(exc, "field_errors", None) or {}
        if "event" in errors or "field" in errors:
            exc = ValidationError({"target": errors.get("event", []) + errors.get("field", [])}
                                  | {k: v for k, v in errors.items() if k not in ("event", "field")})
        super().add_service_errors(exc)


class HardDeleteForm(ObservationErrorsMixin, HdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for deleting"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=text_limits.MESSAGE,
                             help_text=_("Kept in the audit log. Do not write any personal data here."),
                             error_messages={"required": _("Give a reason for deleting the observation.")})



class NotificationPreferenceForm(HdsFormMixin, forms.Form):
    """The reporter's choice on "My observations": an e-mail when a coordinator writes to them."""

    email_notifications = forms.BooleanField(
        label=_("E-mail me when a coordinator asks me something or writes to me about my observations"),
        required=False,
        help_text=_("The e-mail only tells that a message waits; you read and answer it here."))


class QueueFilterForm(DateRangeMixin, HdsFormMixin, forms.Form):
    """Filters of the triage queue (GET); keys match selectors.observation_list's filters."""

    SORTS = (
        ("-submitted", _("Newest submitted first")),
        ("submitted", _("Oldest submitted first")),
        ("-observed", _("Newest observation date first")),
        ("observed", _("Oldest observation date first")),
        ("status", _("By status")),
    )

    q = forms.CharField(label=_("Search the text"), required=False, max_length=200,
                        help_text=_("Words in the description or the proposed action, or an observation number."))
    status = forms.ChoiceField(label=_("Status"), required=False)
    phenomenon = forms.ChoiceField(label=_("Phenomenon"), required=False)
    county = forms.ChoiceField(label=_("Wellbeing services county"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    since = forms.DateField(label=_("Observed from"), required=False, widget=DateInput,
                            error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    until = forms.DateField(label=_("Observed until"), required=False, widget=DateInput,
                            error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        counties = sorted(user.permissions.raw_text_counties())
        year = today().year
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (value, capfirst(label)) for value, label in Status.choices if value != Status.DRAFT
        ]
        phenomena = [("", _("All phenomena"))]
        seen = set()
        for county in counties or [None]:
            for parent in phenomenon_list(county=county):
                if parent.code in seen:
                    continue
                seen.add(parent.code)
                phenomena.append((parent.code, capfirst(parent.label)))
                phenomena.extend((child.code, f"– {capfirst(child.label)}") for child in parent.children.all())
        self.fields["phenomenon"].choices = phenomena
        if len(counties) > 1:
            self.fields["county"].choices = [("", _("All counties"))] + county_choices(counties, year)
        else:
            del self.fields["county"]
        self.fields["municipality"].choices = [("", _("All municipalities"))] + municipality_choices(
            counties or ["-"], year)

    def filters(self):
        """The valid filters only: a mistyped date does not drop the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
