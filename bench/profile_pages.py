"""Why is a page slow? Profile requests in one process against the benchmark's database.

``python bench/profile_pages.py spec.json`` with ``{"email": ..., "urls": {name: url}}``: for each
URL, one warm-up request through Django's test client as that user, then one measured request
under pyinstrument, counting its queries and timing the slowest. Prints JSON: per page the wall
and CPU time, the query count, the five slowest queries and the profile's text (trimmed).
``bench/run.py`` runs it for the pages that miss their goal and stores the result.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(spec: dict[str, Any]) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from rasp.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(email=spec["email"]))
    out: dict[str, Any] = {}
    for name, url in spec["urls"].items():
        client.get(url)  # warm-up: caches, compiled templates
        profiler = Profiler(interval=0.001)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            cpu = time.process_time()
            profiler.start()
            response = client.get(url)
            profiler.stop()
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
        out[name] = {
            "status": response.status_code,
            "wall_ms": round(wall * 1000, 1),
            "cpu_ms": round(cpu * 1000, 1),
            "queries": len(queries.captured_queries),
            "slowest_queries": [
                {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]} for q in slowest
            ],
            "profile": profiler.output_text(unicode=False, color=False)[:6000],
        }
    return out


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(main(json.load(handle))))
