"""``manage.py demo_data``: create the fixed demo data (only in demo mode) and print the sign-ins."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from rasp.demo.services import demo_data_ensure


class Command(BaseCommand):
    help = "Create the demo organisations, partnership and accounts (RASP_DEMO=1 only). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lines = demo_data_ensure()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Demo data is ready. Sign in with:")
        for line in lines:
            self.stdout.write(f"  {line}")
