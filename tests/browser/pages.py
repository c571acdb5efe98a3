"""Every page type of the service, each reached the way a person reaches it, for the browser tests.

Each entry takes a ``Visit`` and leaves its page showing the state to check (an empty form, a form
with its error summary, a confirmation page...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import MembershipFactory, UserFactory


@dataclass
class Visit:
    page: Any
    sign_in: Callable[[Any, Any], None]

    def go(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None
        assert response.status == status, f"GET {path} answered {response.status}, not {status}"

    def as_admin(self) -> Any:
        """Sign in as the admin of an organisation that has one other member; return the
        admin's membership, with ``.other`` set to the other member's."""
        membership = MembershipFactory(role="admin")
        membership.other = MembershipFactory(organisation=membership.organisation, role="viewer")
        self.sign_in(self.page.context, membership.user)
        return membership

    def submit(self, button: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button).click()

    def expect_error_summary(self) -> None:
        summary = self.page.locator(".govuk-error-summary")
        summary.wait_for(state="visible")
        assert self.page.title().startswith("Error:"), self.page.title()


def start(visit: Visit) -> None:
    visit.go("/")


def accessibility_statement(visit: Visit) -> None:
    visit.go("/accessibility/")


def privacy(visit: Visit) -> None:
    visit.go("/privacy/")


def cookies(visit: Visit) -> None:
    visit.go("/cookies/")


def sign_in(visit: Visit) -> None:
    visit.go("/account/sign-in/")


def sign_in_wrong_password(visit: Visit) -> None:
    user = UserFactory()
    visit.go("/account/sign-in/")
    visit.page.get_by_label("Email address").fill(user.email)
    visit.page.get_by_label("Password", exact=True).fill("not-the-password")
    visit.submit("Sign in")
    visit.expect_error_summary()


def password_reset(visit: Visit) -> None:
    visit.go("/account/password-reset/")


def password_reset_sent(visit: Visit) -> None:
    visit.go("/account/password-reset/")
    visit.page.get_by_label("Email address").fill("someone@example.org")
    visit.submit("Send the link")
    assert visit.page.url.endswith("/account/password-reset/sent/")


def password_reset_new_password(visit: Visit) -> None:
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    visit.go(f"/account/password-reset/{uid}/{default_token_generator.make_token(user)}/")


def password_reset_invalid_link(visit: Visit) -> None:
    visit.go("/account/password-reset/MQ/not-a-token/", status=400)


def sign_out(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/account/sign-out/")


def signed_out(visit: Visit) -> None:
    visit.go("/account/signed-out/")


def password_change(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/account/password/")


def organisation_list(visit: Visit) -> None:
    membership = visit.as_admin()
    # A second organisation, so the list shows a switch button as well as the current one.
    MembershipFactory(user=membership.user, role="viewer")
    visit.go(f"/organisations/{membership.organisation_id}/")
    visit.go("/organisations/")


def organisation_detail(visit: Visit) -> None:
    membership = visit.as_admin()
    visit.go(f"/organisations/{membership.organisation_id}/")
    assert visit.page.get_by_role("link", name="Change role").count() == 2


def organisation_create_with_errors(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/organisations/new/")
    visit.submit("Add organisation")
    visit.expect_error_summary()


def invite(visit: Visit) -> None:
    membership = visit.as_admin()
    visit.go(f"/organisations/{membership.organisation_id}/members/invite/")


def invite_with_errors(visit: Visit) -> None:
    membership = visit.as_admin()
    visit.go(f"/organisations/{membership.organisation_id}/members/invite/")
    visit.page.get_by_label("Email address").fill("not an email address")
    visit.submit("Send invitation")
    visit.expect_error_summary()


def change_role(visit: Visit) -> None:
    membership = visit.as_admin()
    visit.go(f"/organisations/{membership.organisation_id}/members/{membership.other.pk}/role/")


def remove_member(visit: Visit) -> None:
    membership = visit.as_admin()
    visit.go(f"/organisations/{membership.organisation_id}/members/{membership.other.pk}/remove/")


def _invitation_link(email: str) -> str:
    from rasp.organisations import services

    inviter = MembershipFactory(role="admin")
    invitation = services.member_invite(membership=inviter, email=email, role="contributor")
    return f"/invitations/{services.invitation_token(invitation)}/"


def invitation_new_account(visit: Visit) -> None:
    visit.go(_invitation_link("new.person@example.org"))
    assert visit.page.get_by_role("heading", name="Create your account").is_visible()


def invitation_existing_account(visit: Visit) -> None:
    user = UserFactory()
    visit.go(_invitation_link(user.email))


def invitation_accept_signed_in(visit: Visit) -> None:
    user = UserFactory()
    link = _invitation_link(user.email)
    visit.sign_in(visit.page.context, user)
    visit.go(link)


def invitation_invalid(visit: Visit) -> None:
    visit.go("/invitations/not-a-real-token/", status=400)


def not_found(visit: Visit) -> None:
    visit.go("/no-such-page/", status=404)


PAGES: dict[str, Callable[[Visit], None]] = {
    function.__name__.replace("_", "-"): function
    for function in [
        start,
        accessibility_statement,
        privacy,
        cookies,
        sign_in,
        sign_in_wrong_password,
        password_reset,
        password_reset_sent,
        password_reset_new_password,
        password_reset_invalid_link,
        sign_out,
        signed_out,
        password_change,
        organisation_list,
        organisation_detail,
        organisation_create_with_errors,
        invite,
        invite_with_errors,
        change_role,
        remove_member,
        invitation_new_account,
        invitation_existing_account,
        invitation_accept_signed_in,
        invitation_invalid,
        not_found,
    ]
}
