"""``make soak``: ten minutes of answer saves, watching each worker's memory (issue 10).

Starts its own PostgreSQL and gunicorn (production settings, as ``make bench``), drives 50
virtual users saving answers (with think time) for ``--minutes`` minutes from a separate
process, and samples every worker's resident memory (VmRSS) every 30 seconds. It passes when no
request failed and each worker's memory stayed within 10 % of its first sample, taken once the
workers are warm (after the first 30 seconds). Writes ``bench/results/soak-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    BENCH,
    PYTHON,
    Server,
    load_average,
    log,
    prepare_rasp_database,
    rasp_env,
    run,
    summary,
)
from pg import ThrowawayPostgres  # noqa: E402

SAMPLE_EVERY_S = 30
TOLERANCE = 0.10
VIRTUAL_USERS = 50


def main(minutes: float) -> int:
    duration = minutes * 60
    with ThrowawayPostgres() as pg:
        env = rasp_env(pg.create_database("rasp"))
        log("preparing the database and the respondents")
        prepare_rasp_database(env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        seeded = json.loads(run([PYTHON, str(BENCH / "seed.py")], env))
        server = Server("rasp", "rasp.config.wsgi", env, workers=2).wait_ready()
        samples: list[dict[str, Any]] = []
        try:
            spec = {
                "kind": "saves",
                "bases": [server.base],
                "users": seeded["savers"][:VIRTUAL_USERS],
                "password": seeded["password"],
                "vus": VIRTUAL_USERS,
                "duration": duration,
                "max_requests": 1_000_000,
                "think": [0.5, 1.5],
            }
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
                json.dump(spec, handle)
            log(f"soaking: {VIRTUAL_USERS} users saving answers for {minutes:g} minutes")
            driver = subprocess.Popen(
                [PYTHON, str(BENCH / "driver.py"), handle.name], stdout=subprocess.PIPE, text=True
            )
            output: list[str] = []
            reader = threading.Thread(target=lambda: output.append(driver.stdout.read()))
            reader.start()
            started = time.monotonic()
            while driver.poll() is None:
                time.sleep(1)
                elapsed = time.monotonic() - started
                if elapsed >= (len(samples) + 1) * SAMPLE_EVERY_S:
                    sample = {"at_s": round(elapsed), **server.memory()}
                    samples.append(sample)
                    log(f"  {sample['at_s']} s: " + ", ".join(
                        f"worker {w['pid']} {w['rss_mib']} MiB" for w in sample["workers"]))  # fmt: skip
            reader.join()
            result = json.loads(output[0])
        finally:
            server.stop()
    latencies = result["latencies_ms"].get("answer save", [])
    errors = sum(result["errors"].values())
    growth = {}
    for pid in {w["pid"] for s in samples for w in s["workers"]}:
        series = [w["rss_mib"] for s in samples for w in s["workers"] if w["pid"] == pid]
        if len(series) >= 2:
            growth[str(pid)] = round(max(series) / series[0] - 1, 4)
    restarted = len({tuple(sorted(w["pid"] for w in s["workers"])) for s in samples}) > 1
    passed = (
        errors == 0
        and not restarted
        and bool(growth)
        and all(g <= TOLERANCE for g in growth.values())
    )
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "make soak",
        "minutes": minutes,
        "virtual_users": VIRTUAL_USERS,
        "answer_saves": summary(latencies, errors, result["elapsed_s"]),
        "all_requests": {
            k: summary(v, result["errors"].get(k, 0), result["elapsed_s"])
            for k, v in result["latencies_ms"].items()
        },  # fmt: skip
        "error_samples": result["error_samples"],
        "answers_saved": result["saved_answers"],
        "memory_samples": samples,
        "memory_growth_from_first_sample": growth,
        "workers_restarted": restarted,
        "tolerance": TOLERANCE,
        "load_average_at_end": load_average(),
        "passed": passed,
    }
    target = BENCH / "results" / f"soak-{dt.date.today().isoformat()}.json"
    target.write_text(json.dumps(report, indent=2) + "\n")
    log(f"wrote {target.name}: {'PASSED' if passed else 'FAILED'} "
        f"(errors {errors}, memory growth {growth})")  # fmt: skip
    return 0 if passed else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    raise SystemExit(main(parser.parse_args().minutes))
