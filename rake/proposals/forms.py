"""Forms of the proposal pages. They parse input; the rules live in rake.proposals.services."""

from django import forms
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rake.areas.selectors import county_choices
from rake.core.forms import MAX_ID, DateInput, HdsFormMixin
from rake.observations.forms import PrivacyReviewMixin, QueueFilterForm
from rake.observations.models import Status as ObservationStatus
from rake.privacy.scanner import mask_strong
from rake.taxonomy.selectors import national_phenomena

from .models import FINISHED_STATUSES, AddresseeKind, Outcome, Proposal, ProposalStatus
from .reports import reports
from .selectors import USABLE_OBSERVATION_STATUSES, observation_candidates
from .services import MAX_WEIGHT

ALL = "all"
# How many found observations the new proposal form offers at once (besides those already chosen): the
# coordinator narrows the search rather than scrolls through hundreds of boxes.
OBSERVATION_CHOICES_LIMIT = 25


def _choices(text_choices):
    return [(value, capfirst(label)) for value, label in text_choices.choices]


def parse_ids(value):
    """'1,2, 3' → [1, 2, 3]; anything that is not a positive number (up to MAX_ID) is left out."""
    ids = []
    for part in (value or "").split(","):
        part = part.strip()
        if part.isdecimal() and 0 < int(part) <= MAX_ID and int(part) not in ids:
            ids.append(int(part))
    return ids


class ProposalFilterForm(HdsFormMixin, forms.Form):
    """The list's filters, sent with GET so that a filtered list has its own address."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    addressee_kind = forms.ChoiceField(label=_("Kind of body"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        help_text=_("Words in the title, the rationale or the body's name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ([("", _("Open proposals")), (ALL, _("All proposals"))]
                                         + _choices(ProposalStatus))
        self.fields["addressee_kind"].choices = [("", _("All bodies"))] + _choices(AddresseeKind)

    def filters(self):
        """Keyword arguments for selectors.proposal_list, plus `open_only`."""
        if not self.is_bound:
            return {"status": None, "addressee_kind": None, "search": None, "open_only": True}
        self.is_valid()
        data = self.cleaned_data  # the valid fields only: one bad value does not drop the other filters
        status = data.get("status") or ""
        return {
            "status": status if status not in ("", ALL) else None,
            "addressee_kind": data.get("addressee_kind") or None,
            "search": data.get("q") or None,
            "open_only": status == "",
        }


class PersonalDataMixin(PrivacyReviewMixin):
    """Shows the services' PersonalDataFound on the form: an error on each field with findings, the findings
    under the field with a "Remove" button (rake.observations.forms.PrivacyReviewMixin), and a list of them
    for the template's summary. A proposal's texts reach the reporters and the public, so a finding cannot be
    confirmed as a false alarm: the text has to change."""

    privacy_acknowledgeable = False
    privacy_text_fields = ("title", "rationale", "addressee", "note", "decision_text", "decision_reference")
    personal_data = ()

    def privacy_fields(self):
        return [name for name in self.fields if name in self.privacy_text_fields]

    def personal_data_error(self, name):
        return str(_("This text may contain personal data. Remove it: the proposal's texts are shown to the "
                     "reporters and may be published."))

    def show_personal_data(self, exc):
        findings = []
        for finding in exc.findings:
            text = self._scanned_text(finding.field) if finding.field in self.fields else None
            if not isinstance(text, str):
                continue
            findings.append({"field": self.fields[finding.field].label, "label": finding.label,
                             "excerpt": text[finding.start:finding.end], "start": finding.start,
                             "end": finding.end})
        self.personal_data = findings
        super().show_personal_data(exc)  # after: an error on a field drops its cleaned text


def observation_summary(observation, *, with_text=True):
    """“Observation 12 · Homelessness · accepted · 3.5.2026: the start of its description…”, its strong
    identifiers masked. `with_text=False` leaves out the description (for those who may not read it).
    Reads the phenomena from observation_list's prefetch."""
    parts = [str(_("Observation %(id)s") % {"id": observation.pk})]
    phenomena = [link.phenomenon for link in observation.phenomenon_links.all()]
    if phenomena:
        parts.append(capfirst(phenomena[0].label))
    parts.append(str(capfirst(observation.get_status_display())))
    if observation.observed_on:
        parts.append(date_format(observation.observed_on, "SHORT_DATE_FORMAT"))
    summary = " · ".join(parts)
    if not with_text:
        return summary
    excerpt = mask_strong((observation.description or "").strip()).replace("\n", " ")
    if len(excerpt) > 140:
        excerpt = excerpt[:139] + "…"
    return f"{summary}: {excerpt}"


class ObservationSearchForm(QueueFilterForm):
    """Finding the observations for a new proposal: the triage queue's filters (text, phenomenon, period,
    status) for selectors.observation_candidates. Its fields sit inside the proposal's form (prefix "find"),
    sent with the form's "Search" button so that nothing typed or ticked is lost."""

    prefix = "find"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("county", "municipality", "sort"):
            self.fields.pop(name, None)
        self.fields["status"].choices = [("", _("Accepted, used or closed"))] + [
            (value, capfirst(label)) for value, label in ObservationStatus.choices
            if value in USABLE_OBSERVATION_STATUSES]


class ProposalForm(PersonalDataMixin, HdsFormMixin, forms.Form):
    """A new proposal. The choices are what the coordinator may use: their counties, the counties' accepted
    observations, reports and proposals."""

    title = forms.CharField(label=_("Title"), max_length=300)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("Why action is needed, and what the observations show."))
    addressee = forms.CharField(label=_("Addressed to"), max_length=300,
                                help_text=_("The body that decides, e.g. the social and health committee."))
    addressee_kind = forms.ChoiceField(label=_("Kind of body"), choices=_choices(AddresseeKind),
                                       initial=AddresseeKind.BOARD)
    county = forms.ChoiceField(label=_("Wellbeing services county"))
    observations = forms.TypedMultipleChoiceField(
        label=_("Observations behind the proposal"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Accepted observations of the county. Their reporters see the proposal's steps."))
    phenomenon = forms.ChoiceField(label=_("National phenomenon"), required=False)
    publication = forms.TypedChoiceField(label=_("Report"), required=False, coerce=int, empty_value=None,
                                         help_text=_("The report the proposal belongs to. Once the report is "
                                                     "published, anyone can read the proposal."))
    parent = forms.TypedChoiceField(label=_("Part of the proposal"), required=False, coerce=int,
                                    empty_value=None,
                                    help_text=_("A larger proposal whose progress this one counts towards."))
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=MAX_WEIGHT, initial=1,
                                help_text=_("This proposal's share of the larger proposal's progress, relative "
                                            "to the other parts."))
    follow_up_on = forms.DateField(label=_("Next follow-up"), required=False, widget=DateInput)

    def __init__(self, *args, user, observation_ids=(), found=(), **kwargs):
        super().__init__(*args, **kwargs)
        counties = sorted(user.permissions.proposal_manage_counties())
        self.fields["county"].choices = county_choices(counties)
        if len(counties) == 1:
            self.fields["county"].initial = counties[0]
        # The chosen observations (ticked, or asked for in the address) come first, then those found.
        chosen = {o.pk: o for o in observation_candidates(user=user).filter(pk__in=observation_ids)}
        observations = [chosen[pk] for pk in observation_ids if pk in chosen]
        observations += [o for o in found if o.pk not in chosen]
        self.fields["observations"].choices = [(o.pk, observation_summary(o)) for o in observations]
        self.fields["phenomenon"].choices = [("", _("None"))] + list(national_phenomena().items())
        self.fields["publication"].choices = [("", _("None"))] + reports().choices(counties)
        parents = Proposal.objects.filter(county_code__in=counties).exclude(
            status__in=FINISHED_STATUSES).order_by("title", "id")
        self.fields["parent"].choices = [("", _("None: an independent proposal"))] + [
            (p.pk, p.title) for p in parents]

    def service_arguments(self):
        """Keyword arguments for services.proposal_create (besides user and request); the report and the
        parent go as ids, which the service checks."""
        data = self.cleaned_data
        return {name: data[name] for name in (
            "county", "title", "rationale", "addressee", "addressee_kind", "observations", "phenomenon",
            "publication", "parent", "weight", "follow_up_on")}


# --- the actions on a proposal's page -------------------------------------------------------------------

class TransitionForm(PersonalDataMixin, HdsFormMixin, forms.Form):
    """An action's input; without fields the button is enough."""

    def transition_data(self):
        """The `data` for services.proposal_transition: the fields that were filled in."""
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class NoteForm(TransitionForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(TransitionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_choices(Outcome), widget=forms.RadioSelect)
    decision_text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("What was decided, as the reporters and the public will read it."))
    decision_reference = forms.CharField(label=_("Decision reference"), required=False, max_length=200,
                                         help_text=_("E.g. the minutes and the section number."))
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput)


class ProgressForm(NoteForm):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                  help_text=_("A whole number from 0 to 100."))
    follow_up_on = forms.DateField(label=_("Next follow-up"), required=False, widget=DateInput)

    field_order = ["progress", "note", "follow_up_on"]


class FollowUpForm(NoteForm):
    follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DateInput)

    field_order = ["follow_up_on", "note"]


# action → (form class, heading, button text)
ACTION_FORMS = {
    "submit": (TransitionForm, _("Submit the proposal"), _("Submit")),
    "consider": (TransitionForm, _("Take under consideration"), _("Mark as under consideration")),
    "decide": (DecideForm, _("Record the decision"), _("Save the decision")),
    "start": (TransitionForm, _("Start the implementation"), _("Mark as in progress")),
    "progress": (ProgressForm, _("Report progress"), _("Save the progress")),
    "implement": (NoteForm, _("Mark as implemented"), _("Mark as implemented")),
    "close": (NoteForm, _("Close the proposal"), _("Close")),
    "follow_up": (FollowUpForm, _("Set the next follow-up"), _("Save the follow-up date")),
}
