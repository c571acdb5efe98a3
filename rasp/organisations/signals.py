"""Events other apps may act on without this app knowing them (the apps are layered)."""

from django.dispatch import Signal

# Sent after an invitation is accepted, with ``invitation`` and ``membership``.
invitation_accepted = Signal()
