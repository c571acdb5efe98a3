"""factory_boy factories for the models every test needs."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from rasp.accounts.models import User
from rasp.organisations.models import Membership, Organisation

PASSWORD = "a-long-test-password-123"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Borough Council {n}")
    kind = Organisation.Kind.DISTRICT
    nation = Organisation.Nation.ENGLAND


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ADMIN
