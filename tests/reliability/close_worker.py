"""A worker process that closes one assessment (``python -m tests.reliability.close_worker
ASSESSMENT_ID MEMBERSHIP_ID``), for the test that kills it half way."""

from __future__ import annotations

import os
import sys


def main(assessment_id: int, membership_id: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings_test")
    import django

    django.setup()
    from rasp.assessments.models import Assessment
    from rasp.assessments.services import assessment_close
    from rasp.organisations.models import Membership

    membership = Membership.objects.select_related("user").get(pk=membership_id)
    assessment = Assessment.objects.get(pk=assessment_id)
    print("closing", flush=True)
    snapshot = assessment_close(membership=membership, assessment=assessment)
    print(f"closed {snapshot.pk}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
