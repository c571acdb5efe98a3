"""Organisations, who belongs to them and in what role, and the partnerships they form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("County council")
        DISTRICT = "district", _("District council")
        UNITARY = "unitary", _("Unitary authority")
        METROPOLITAN = "metropolitan", _("Metropolitan borough council")
        LONDON_BOROUGH = "london-borough", _("London borough council")
        WELSH = "welsh", _("Welsh council")
        SCOTTISH = "scottish", _("Scottish council")
        NHS = "nhs", _("NHS body")
        FIRE = "fire", _("Fire and rescue service")
        POLICE = "police", _("Police force or police and crime commissioner")
        COMBINED = "combined", _("Combined authority")
        OTHER = "other", _("Other public body")

    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")
        SCOTLAND = "scotland", _("Scotland")
        NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    official_code = models.CharField(
        _("official code"),
        max_length=20,
        blank=True,
        help_text=_("A GSS or ODS code, if it has one"),
    )
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    # Opt-in: the organisation's closed results may count, unnamed, in the comparison with
    # similar bodies, and it may see that comparison itself.
    compare_with_similar = models.BooleanField(
        _("take part in comparison with similar bodies"), default=False
    )
    # An organisation admin may make two-factor sign-in compulsory for every member.
    require_two_factor = models.BooleanField(_("require two-factor sign-in"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation admin")
        CONTRIBUTOR = "contributor", _("Contributor")
        VIEWER = "viewer", _("Viewer")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "user"), name="one_membership_per_person"
            )
        ]
        ordering = ("organisation__name", "user__email")

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"


class Invitation(models.Model):
    """An emailed invitation to join an organisation. The link is signed, expires, and works once."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=("organisation", "email"))]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"


class Partnership(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        LIVE = "live", _("Live")

    name = models.CharField(_("name"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    services_in_scope = models.TextField(_("services in scope"), max_length=2000, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class PartnershipMember(models.Model):
    """An organisation's time in a partnership; leaving keeps the row (``left_at``) as history."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("partnership", "organisation"),
                condition=Q(left_at__isnull=True),
                name="one_current_membership_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"
