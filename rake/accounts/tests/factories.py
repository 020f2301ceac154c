"""Users, organisations and memberships for tests."""

import factory
from factory.django import DjangoModelFactory, Password

from rake.accounts.models import Membership, Organisation, Role, User

PASSWORD = "Kirjaudu-Sisaan-2026"


class OrganisationFactory(DjangoModelFactory):
    """One organisation per county (or the national one); asking again returns the same row."""

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    county_code = "15"
    is_national = False
    name = factory.LazyAttribute(
        lambda o: "Kansallinen organisaatio" if o.is_national else f"Hyvinvointialue {o.county_code}"
    )


class UserFactory(DjangoModelFactory):
    """A user without memberships."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = "Testi"
    last_name = "Käyttäjä"
    password = Password(PASSWORD)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REPORTER


class MemberFactory(UserFactory):
    """A user with one role in one county's organisation: MemberFactory(role="coordinator", county="06").

    national=True puts the membership in the national organisation instead.
    """

    class Params:
        role = Role.REPORTER
        county = "15"
        national = False

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        role=factory.SelfAttribute("..role"),
        organisation=factory.LazyAttribute(
            lambda m: OrganisationFactory(
                county_code="" if m.factory_parent.national else m.factory_parent.county,
                is_national=m.factory_parent.national,
            )
        ),
    )
