"""Forms of the report builder. They parse input; the rules live in rake.publishing.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rake.areas.selectors import county_choices
from rake.core.dates import today
from rake.core.forms import HdsFormMixin
from rake.core.periods import period_choices
from rake.observations.forms import PrivacyReviewMixin, confirm_findings_field
from rake.taxonomy.models import Phenomenon

from .models import TEXT_SECTIONS, Audience, Language

PERIOD_HELP = _("A whole year, a half-year, a quarter or a month; the newest first.")


def phenomenon_choices():
    """[(national code, label)] of the national phenomena, in the taxonomy's order."""
    labels = {p.code: p.label for p in Phenomenon.objects.filter(code__in=Phenomenon.NATIONAL_CODES)}
    return [(code, labels.get(code, code)) for code in Phenomenon.NATIONAL_CODES]


class PublishedTextMixin(PrivacyReviewMixin):
    """A report's texts pass the privacy guard like a quote: published, so nothing may be confirmed as not
    personal data; each finding is shown under its field with a "Remove" button."""

    privacy_acknowledgeable = False
    privacy_only_strong = True  # as the service: a report's own texts refuse strong identifiers only
    privacy_text_fields = ()

    def privacy_fields(self):
        return [name for name in self.fields if name in self.privacy_text_fields or name.startswith("phenomenon_")]

    def personal_data_error(self, name):
        return str(_("This text may contain personal data. Remove it: a published report must not contain any."))


class PublicationCreateForm(PublishedTextMixin, HdsFormMixin, forms.Form):
    privacy_text_fields = ("title",)

    county = forms.ChoiceField(label=_("Wellbeing services county"))
    period = forms.ChoiceField(label=_("Period"), help_text=PERIOD_HELP)
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices,
                                 help_text=_("Who the report is addressed to."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty for a title made of the county and the period."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        counties = sorted(user.permissions.report_counties())
        self.fields["county"].choices = county_choices(counties)
        self.fields["period"].choices = period_choices(today=today())


class PublicationSectionsForm(PublishedTextMixin, HdsFormMixin, forms.Form):
    """The title and the text sections; one textarea per national phenomenon (field phenomenon_<code>)."""

    privacy_text_fields = ("title", *TEXT_SECTIONS)

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("The main findings and what the readers are asked to do, in a few "
                                          "paragraphs. An empty line starts a new paragraph."))
    method = forms.CharField(label=_("Method and coverage"), required=False,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("Where the observations come from, which are counted and how small "
                                         "numbers are hidden."))
    good_practices = forms.CharField(label=_("Good practices"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 5}),
                                     help_text=_("What works and should be kept or spread."))
    proposals = forms.CharField(label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("Proposals for action, and who should act on them."))
    addressee = forms.CharField(label=_("Addressee"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("The body the report is sent to, e.g. the social and health "
                                            "committee."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in phenomenon_choices():
            self.fields[f"phenomenon_{code}"] = forms.CharField(
                label=_("Text on the phenomenon: %(phenomenon)s") % {"phenomenon": label}, required=False,
                widget=forms.Textarea(attrs={"rows": 5, "class": "hds-text-input__input"}),
                help_text=_("What the observations on this phenomenon tell; the figures and the approved "
                            "quotes are added next to it."),
            )

    @classmethod
    def initial_for(cls, publication):
        initial = {name: getattr(publication, name) for name in ("title", *TEXT_SECTIONS)}
        for code, text in (publication.phenomena_texts or {}).items():
            initial[f"phenomenon_{code}"] = text
        return initial

    def section_data(self):
        data = {name: self.cleaned_data[name] for name in ("title", *TEXT_SECTIONS)}
        data["phenomena"] = {name.removeprefix("phenomenon_"): value for name, value in self.cleaned_data.items()
                             if name.startswith("phenomenon_")}
        return data

    def phenomenon_fields(self):
        return [self[name] for name in self.fields if name.startswith("phenomenon_")]


class QuoteSearchForm(HdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Search the observations"), required=False, max_length=200,
                        widget=forms.SearchInput)
    phenomenon = forms.ChoiceField(label=_("Phenomenon"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phenomenon"].choices = [("", _("All phenomena"))] + phenomenon_choices()

    def filters(self):
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class QuoteAddForm(PublishedTextMixin, HdsFormMixin, forms.Form):
    privacy_only_strong = False  # a quote refuses every finding
    privacy_text_fields = ("text",)

    observation = forms.IntegerField(widget=forms.HiddenInput)
    phenomenon = forms.ChoiceField(label=_("Phenomenon"))
    text = forms.CharField(label=_("Excerpt to quote"), max_length=1500, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Shorten the text to what the report needs. It must not contain any "
                                       "personal data: the quote is published."))

    def __init__(self, *args, confirmable=False, **kwargs):
        """`confirmable`: the observation's texts hold findings, so the form asks for the confirmation."""
        super().__init__(*args, **kwargs)
        self.fields["phenomenon"].choices = phenomenon_choices()
        if confirmable:
            self.fields["confirm_acknowledged_findings"] = confirm_findings_field()

    def personal_data_error(self, name):
        return str(_("The excerpt may contain personal data. Remove it: a published quote must not contain any."))

    def confirmed(self):
        return bool(self.cleaned_data.get("confirm_acknowledged_findings"))


class PublishForm(PublishedTextMixin, HdsFormMixin, forms.Form):
    """The changelog and the confirmation; `confirm_warnings` only when the pre-publish check warns (the service
    refuses unconfirmed warnings whatever the form shows)."""

    privacy_text_fields = ("changelog",)

    changelog = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("Required for a correction: readers see it with the new version."))
    confirm_warnings = forms.BooleanField(
        label=_("I have read the warnings above and want to publish the report as it is"), required=False)
    confirm = forms.BooleanField(label=_("I have checked the report and want to publish it"),
                                 error_messages={"required": _("Confirm that you want to publish the report.")})

    def __init__(self, *args, warnings=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not warnings:
            del self.fields["confirm_warnings"]
