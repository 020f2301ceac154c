"""Forms of the administration pages. The services check scope; the forms offer only what is in it."""

from django import forms
from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rake.accounts.models import Role
from rake.accounts.selectors import administered_organisations
from rake.areas.models import Area
from rake.areas.selectors import area_list, county_choices
from rake.core.forms import DateInput, HdsFormMixin
from rake.taxonomy.selectors import national_phenomena


def role_choices(actor):
    """Every role the actor may grant in some organisation of theirs, in the resolver's order."""
    grantable = set()
    for organisation in administered_organisations(actor=actor):
        grantable.update(actor.permissions.grantable_roles(organisation))
    return [(value, capfirst(label)) for value, label in Role.choices if value in grantable]


class OrganisationRoleMixin:
    def _set_organisation_role(self, actor):
        self.actor = actor
        self.fields["organisation"].queryset = administered_organisations(actor=actor)
        self.fields["role"].choices = [("", _("Choose a role"))] + role_choices(actor)

    def clean(self):
        cleaned = super().clean()
        organisation, role = cleaned.get("organisation"), cleaned.get("role")
        # The national role only in a national organisation, the county roles only in a county's (a superuser
        # is offered both kinds); the service checks again.
        if organisation and role and role not in self.actor.permissions.grantable_roles(organisation):
            self.add_error("role", _("You cannot grant this role in this organisation."))
        return cleaned


class UserFilterForm(HdsFormMixin, forms.Form):
    STATUSES = [("", _("All users")), ("active", _("Active")), ("inactive", _("Deactivated"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=150,
                        help_text=_("Name, username or e-mail address."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUSES)

    def filters(self):
        if not self.is_valid():
            return {}
        status = self.cleaned_data.get("status")
        return {"query": self.cleaned_data.get("q", "").strip(),
                "active": {"active": True, "inactive": False}.get(status)}


class UserCreateForm(OrganisationRoleMixin, HdsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"),
                             help_text=_("The link for setting a password is sent here."))
    username = forms.CharField(label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text=_("Used to log in. Letters, digits and @ . + - _ only."))
    preferred_language = forms.ChoiceField(label=_("Language of e-mail messages"), choices=settings.LANGUAGES)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None,
                                          empty_label=_("Choose an organisation"))
    role = forms.ChoiceField(label=_("Role"))
    send_link = forms.BooleanField(label=_("Send a link for setting a password now"), required=False,
                                   initial=True)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_organisation_role(actor)


class MembershipForm(OrganisationRoleMixin, HdsFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None,
                                          empty_label=_("Choose an organisation"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_organisation_role(actor)


class PhenomenonForm(HdsFormMixin, forms.Form):
    label_fi = forms.CharField(label=_("Name in Finnish"), max_length=300)
    label_sv = forms.CharField(label=_("Name in Swedish"), max_length=300)
    label_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    national_code = forms.ChoiceField(
        label=_("Counted under the national phenomenon"),
        help_text=_("The county's statistics and the national data exchange count the phenomenon under this one."))
    county = forms.ChoiceField(label=_("Wellbeing services county"))
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput,
                            error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    valid_to = forms.DateField(label=_("Valid until"), required=False, widget=DateInput,
                            error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
                            help_text=_("Leave empty while the phenomenon is in use. After this date it is no "
                                        "longer offered for new observations."))

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national_code"].choices = [("", _("Choose a phenomenon"))] + [
            (code, capfirst(label)) for code, label in national_phenomena().items()]
        if counties is None or len(counties) != 1:
            codes = sorted(counties) if counties is not None else [
                area.code for area in area_list(kind=Area.Kind.COUNTY)]
            self.fields["county"].choices = county_choices(codes)
        else:
            del self.fields["county"]
            self.county = next(iter(counties))

    def service_arguments(self):
        data = self.cleaned_data
        return {"national_code": data["national_code"], "label_fi": data["label_fi"],
                "label_sv": data["label_sv"], "label_en": data.get("label_en", ""),
                "valid_from": data.get("valid_from"), "valid_to": data.get("valid_to")}
