"""``make bench``: RASP under load on PostgreSQL, against a floor and a peer, in one run.

Steps (docs/performance.md explains each figure):

1. A throwaway PostgreSQL 15 (``bench/pg.py``) with three databases: RASP's scenarios, the
   national-scale data set, and the peer's.
2. RASP's database migrated, the question bank loaded and published, the scenario data made
   (``bench/seed.py``), static files collected; gunicorn with production settings.
3. Scenarios, each driven from a separate process (``bench/driver.py``) over loopback: the floor,
   answer saves at 10, 50 and 100 virtual users, the results page, the partnership view
   (10 partners x 20 respondents), the PDF export, the submit-and-view flow.
4. Scale-out: answer saves against one app process, then two processes on two ports sharing the
   database, with a check that no answer was lost and that a session works on both.
5. The peer, django-survey-and-report, in its own virtualenv: the same submit-and-view work.
6. The national data set (``bench/national.py``) and its heaviest pages, including the
   comparison with similar bodies where this version of RASP has it.
7. ``bench/results/<date>.json`` and ``.md``, and the README's Performance section.

Nothing leaves the machine: every request goes to 127.0.0.1. Options: ``--quick`` for a short
smoke run (figures not written to the README).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from harness import (  # noqa: E402
    BENCH,
    PYTHON,
    ROOT,
    Server,
    drive,
    load_average,
    log,
    prepare_rasp_database,
    rasp_env,
    run,
    summary,
)
from pg import ThrowawayPostgres  # noqa: E402
from report import update_readme, write_markdown  # noqa: E402

PEER_PACKAGE = "django-survey-and-report==1.5.0"
PEER_VENV = Path(
    os.environ.get("RASP_BENCH_PEER_VENV", Path.home() / ".cache" / "rasp-bench" / "peer-venv")
)
WORKERS = 3  # as the README serves it in production (`--workers 3`); the peer gets the same
THINK = (0.5, 1.5)


class Bench:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        # Each virtual user signs in once (Argon2 takes a tenth of a second and 100 MiB) and keeps
        # its session from scenario to scenario, on every app process (sessions are in the DB).
        self.sessions: dict[str, dict[str, str]] = {}
        self.started = time.monotonic()
        self.results: dict[str, Any] = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": "make bench",
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpu_cores": os.cpu_count(),
                "load_average_at_start": load_average(),
            },
            "settings": {
                "gunicorn_workers": WORKERS,
                "worker_class": "sync",
                "think_time_s": list(THINK),
                "database": "PostgreSQL (throwaway, durability defaults: fsync and synchronous commit on)",
            },
            "scenarios": {},
            "memory": [],
            "steps_s": {},
        }

    def seconds(self, full: float) -> float:
        return max(4.0, full / 4) if self.quick else full

    def step(self, name: str, started: float) -> None:
        self.results["steps_s"][name] = round(time.monotonic() - started, 1)

    # -- scenarios ------------------------------------------------------------------------------

    def scenario(
        self,
        name: str,
        spec: dict[str, Any],
        *,
        label: str,
        servers: list[Server],
        goal: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        log(f"scenario {name}: {spec.get('vus')} users, up to {spec.get('duration')} s")
        if spec["kind"] != "peer_flow":
            spec["sessions"] = self.sessions
        out = drive(spec)
        self.sessions.update(out.pop("sessions", {}))
        latencies = out["latencies_ms"].get(label, [])
        errors = sum(out["errors"].values())
        figures = summary(latencies, errors, out["elapsed_s"])
        # Also kept: every completed request over the whole time, the queue drained at the end
        # included (when a queue is longer than the window, this is the truer rate).
        figures["completed_per_s_with_drain"] = figures["throughput_rps"]
        # Throughput: requests finished within the run's window, per second of the window.
        if out.get("window_s"):
            done = out["completed_in_window"].get(label, 0)
            figures["throughput_rps"] = round(done / out["window_s"], 2)
        figures.update(
            {
                "virtual_users": out["vus"],
                "duration_s": out["elapsed_s"],
                "label": label,
                "all_requests": {
                    k: summary(v, out["errors"].get(k, 0), out["elapsed_s"])
                    for k, v in out["latencies_ms"].items()
                },
                "error_samples": out["error_samples"],
            }
        )
        if out["saved_answers"]:
            figures["answers_saved"] = out["saved_answers"]
        if out["flows_ms"]:
            figures["flows_ms"] = out["flows_ms"]
        if goal:
            figures["goal"] = goal
        self.results["scenarios"][name] = figures
        for server in servers:
            self.results["memory"].append({"after": name, **server.memory()})
        log(
            f"  p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
            f"{figures['throughput_rps']} req/s, errors {errors}"
        )
        return figures

    def pages(self, name: str, server: Server, who: dict[str, Any], password: str, *,
              vus: int = 10, duration: float = 15, think: tuple[float, float] = THINK,
              goal: dict[str, Any] | None = None, timeout: float = 60,
              max_requests: int = 5000) -> dict[str, Any]:  # fmt: skip
        spec = {
            "kind": "pages",
            "bases": [server.base],
            "users": [who],
            "password": password,
            "vus": vus,
            "duration": self.seconds(duration),
            "max_requests": max_requests,
            "think": list(think),
            "label": name,
            "timeout": timeout,
        }
        return self.scenario(name, spec, label=name, servers=[server], goal=goal)

    def saves(self, name: str, servers: list[Server], seeded: dict[str, Any], vus: int, *,
              duration: float, think: tuple[float, float] = THINK,
              goal: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
        spec = {
            "kind": "saves",
            "bases": [s.base for s in servers],
            "users": seeded["savers"][:vus],
            "password": seeded["password"],
            "vus": vus,
            "duration": self.seconds(duration),
            "max_requests": 50_000,
            "think": list(think),
        }
        return self.scenario(name, spec, label="answer save", servers=servers, goal=goal)

    def profile(self, env: dict[str, str], email: str, urls: dict[str, str]) -> None:
        """Profile pages in one process (bench/profile_pages.py) and keep what it found."""
        import tempfile

        if not urls:
            return
        log(f"profiling {', '.join(urls)}")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump({"email": email, "urls": urls}, handle)
        try:
            found = json.loads(run([PYTHON, str(BENCH / "profile_pages.py"), handle.name], env))
        finally:
            os.unlink(handle.name)
        self.results.setdefault("profiles", {}).update(found)
        for name, page in found.items():
            log(
                f"  {name}: {page['wall_ms']} ms ({page['cpu_ms']} ms CPU), {page['queries']} queries"
            )

    def missed(self, name: str) -> bool:
        figures = self.results["scenarios"].get(name) or {}
        goal = figures.get("goal") or {}
        return bool(goal) and (figures.get("p95_ms") or 0) >= goal.get("p95_ms", float("inf"))

    # -- the run --------------------------------------------------------------------------------

    def main(self) -> None:
        with ThrowawayPostgres() as pg:
            self.results["settings"]["postgresql"] = pg.version
            scenario_db = pg.create_database("rasp")
            national_db = pg.create_database("national")
            pg.create_database("peer")
            secret = secrets.token_urlsafe(64)
            env = rasp_env(scenario_db, secret)

            started = time.monotonic()
            log("preparing RASP's database and the scenario data")
            prepare_rasp_database(env)
            run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
            seeded = json.loads(run([PYTHON, str(BENCH / "seed.py")], env))
            self.step("prepare_and_seed", started)

            started = time.monotonic()
            server = Server("rasp", "rasp.config.wsgi", env, workers=WORKERS).wait_ready()
            try:
                self.rasp_scenarios(server, seeded)
            finally:
                server.stop()
            for name, key in (
                ("results_page", "results"),
                ("partnership_view_10x20", "partnership"),
            ):
                if self.missed(name):
                    self.profile(env, seeded[key]["email"], {name: seeded[key]["url"]})
            self.step("rasp_scenarios", started)

            started = time.monotonic()
            self.scale_out(env, seeded, pg.conninfo("rasp"))
            self.step("scale_out", started)

            started = time.monotonic()
            self.peer(pg, seeded)
            self.step("peer", started)

            started = time.monotonic()
            self.sessions = {}  # another database: nobody is signed in there
            self.national(rasp_env(national_db, secret))
            self.step("national", started)
        self.results["machine"]["load_average_at_end"] = load_average()
        self.results["total_s"] = round(time.monotonic() - self.started, 1)
        self.finish()

    def rasp_scenarios(self, server: Server, seeded: dict[str, Any]) -> None:
        password = seeded["password"]
        floor = self.pages("floor", server, seeded["floor"], password)
        self.results["floor"] = {"p50_ms": floor["p50_ms"], "p95_ms": floor["p95_ms"]}
        for vus in (10, 50, 100):
            goal = {"p95_ms": 100, "errors": 0} if vus == 50 else None
            self.saves(f"answer_saves_{vus}_users", [server], seeded, vus, duration=25, goal=goal)
        self.pages("results_page", server, seeded["results"], password, goal={"p95_ms": 150})
        self.pages(
            "partnership_view_10x20", server, seeded["partnership"], password, goal={"p95_ms": 300}
        )
        flow = seeded["flow"]
        spec = {
            "kind": "flow",
            "bases": [server.base],
            "users": [{"email": flow["email"]}],
            "password": password,
            "vus": 1,
            "runs": flow["runs"],
            "duration": 600,
        }
        figures = self.scenario("submit_and_view_rasp", spec, label="flow: save", servers=[server])
        figures["questions"] = flow["questions"]
        figures["pages"] = len(flow["page_texts"])
        figures["mode"] = flow["mode"]
        # Last: a PDF keeps a worker busy for seconds, which would slow whatever came next.
        self.pages(
            "pdf_export", server, seeded["pdf"], password, vus=1, duration=30, think=(0.2, 0.5),
            goal={"p95_ms": 2000}, timeout=280, max_requests=len(seeded["pdf"]["urls"]),
        )  # fmt: skip

    def scale_out(self, env: dict[str, str], seeded: dict[str, Any], conninfo: str) -> None:
        """Throughput of answer saves with no think time: one app process, then two."""
        import psycopg

        emails = [s["email"] for s in seeded["savers"]]
        vus = 24

        def saved_versions() -> int:
            # Every accepted save of an answer creates it at version 1 or adds 1 to its version.
            with psycopg.connect(conninfo) as conn:
                row = conn.execute(
                    """
                    SELECT COALESCE(SUM(a.version), 0) FROM assessments_answer a
                    JOIN assessments_respondent r ON r.id = a.respondent_id
                    JOIN accounts_user u ON u.id = r.user_id
                    WHERE u.email = ANY(%s)
                    """,
                    [emails],
                ).fetchone()
            return int(row[0])

        out: dict[str, Any] = {"virtual_users": vus, "workers_per_process": 1}
        one = Server("rasp-1", "rasp.config.wsgi", env, workers=1).wait_ready()
        try:
            before = saved_versions()
            single = self.saves(
                "scale_out_one_process", [one], seeded, vus, duration=20, think=(0, 0)
            )
            out["one_process_saves_per_s"] = single["throughput_rps"]
            out["one_process_lost_answers"] = single.get("answers_saved", 0) - (
                saved_versions() - before
            )
        finally:
            one.stop()
        first = Server("rasp-a", "rasp.config.wsgi", env, workers=1).wait_ready()
        second = Server("rasp-b", "rasp.config.wsgi", env, workers=1).wait_ready()
        try:
            out["session_works_on_both"] = self.session_on_both(first, second, seeded)
            before = saved_versions()
            double = self.saves("scale_out_two_processes", [first, second], seeded, vus, duration=20,
                                think=(0, 0))  # fmt: skip
            accepted = double.get("answers_saved", 0)
            stored = saved_versions() - before
            out.update(
                {
                    "two_processes_saves_per_s": double["throughput_rps"],
                    "answers_accepted": accepted,
                    "answers_stored": stored,
                    "lost_answers": accepted - stored,
                    "errors": double["errors"],
                }
            )
        finally:
            first.stop()
            second.stop()
        if out.get("one_process_saves_per_s"):
            out["ratio"] = round(
                out["two_processes_saves_per_s"] / out["one_process_saves_per_s"], 2
            )
        out["goal"] = {"ratio": 1.6, "lost_answers": 0}
        self.results["scale_out"] = out
        log(f"scale-out: {out.get('ratio')}x, lost answers {out.get('lost_answers')}, "
            f"session on both: {out['session_works_on_both']}")  # fmt: skip

    @staticmethod
    def session_on_both(first: Server, second: Server, seeded: dict[str, Any]) -> bool:
        """Sign in on one process, then use the same session cookie on the other."""
        import re

        email = seeded["floor"]["email"]
        with httpx.Client(timeout=30) as client:
            page = client.get(first.base + "/account/sign-in/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            assert token
            signed = client.post(
                first.base + "/account/sign-in/",
                data={
                    "email": email,
                    "password": seeded["password"],
                    "csrfmiddlewaretoken": token.group(1),
                },
            )
            other = client.get(second.base + "/bench/floor")
            return signed.status_code == 302 and other.status_code == 200 and email in other.text

    def peer(self, pg: ThrowawayPostgres, seeded: dict[str, Any]) -> None:
        log("peer: django-survey-and-report in its own virtualenv")
        python = ensure_peer_venv()
        peer_dir = BENCH / "peer"
        csv_dir = Path(pg.workdir) / "peer-csv"
        csv_dir.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RASP_"))}
        env.update(
            {
                "PEER_SECRET_KEY": secrets.token_urlsafe(64),
                "PEER_DB_HOST": str(pg.workdir),
                "PEER_DB_PORT": str(pg.port),
                "PEER_DB_NAME": "peer",
                "PEER_CSV_DIRECTORY": str(csv_dir),
                "DJANGO_SETTINGS_MODULE": "peer_site.settings",
            }
        )
        run([str(python), "manage.py", "migrate", "--no-input", "-v0"], env, cwd=peer_dir)
        flow = seeded["flow"]
        runs = len(flow["runs"])
        survey = json.loads(
            run(
                [str(python), "seed_survey.py"],
                env,
                cwd=peer_dir,
                stdin=json.dumps(
                    {"pages": flow["page_texts"], "runs": runs, "password": seeded["password"]}
                ),
            )
        )
        server = Server("peer", "peer_site.wsgi", env, workers=WORKERS, cwd=peer_dir,
                        gunicorn=str(python.parent / "gunicorn"),
                        ready_path="/accounts/login/").wait_ready()  # fmt: skip
        try:
            spec = {
                "kind": "peer_flow",
                "bases": [server.base],
                "users": [{"email": name} for name in survey["users"]],
                "password": seeded["password"],
                "vus": runs,
                "runs": [{"first": survey["first"], "results": survey["results"]}] * runs,
                "duration": 600,
            }
            figures = self.scenario(
                "submit_and_view_peer", spec, label="peer: save", servers=[server]
            )
            figures["questions"] = survey["questions"]
            figures["pages"] = survey["pages"]
        finally:
            server.stop()
        ours = self.results["scenarios"]["submit_and_view_rasp"]
        ours_ms = _median(ours.get("flows_ms", [])[1:])  # the first run warms up
        peer_ms = _median(figures.get("flows_ms", [])[1:])
        self.results["peer"] = {
            "package": PEER_PACKAGE,
            "questions": survey["questions"],
            "pages": survey["pages"],
            "rasp_flow_median_ms": ours_ms,
            "peer_flow_median_ms": peer_ms,
            "ratio_rasp_to_peer": round(ours_ms / peer_ms, 2) if ours_ms and peer_ms else None,
            "goal": {"ratio_rasp_to_peer": 1.0},
        }
        log(f"peer: RASP {ours_ms} ms, peer {peer_ms} ms per submit-and-view")

    def national(self, env: dict[str, str]) -> None:
        log("national data set: 10,000 organisations, 100,000 assessments, 10 million answers")
        prepare_rasp_database(env)
        started = time.monotonic()
        data = json.loads(run([PYTHON, str(BENCH / "national.py")], env))
        data["wall_s"] = round(time.monotonic() - started, 1)
        self.results["national"] = data
        log(f"  generated in {data['wall_s']} s: {data['counts']}")
        who = {"email": data["email"]}
        server = Server("rasp-national", "rasp.config.wsgi", env, workers=WORKERS).wait_ready()
        try:
            urls = data["urls"]
            for name, key, goal in (
                ("national_assessment_list", "assessment_list", None),
                ("national_results_page", "results", {"p95_ms": 150}),
                ("national_question_page", "question_page", None),
            ):
                self.pages(name, server, {**who, "url": urls[key]}, data["password"], goal=goal)
            if urls.get("comparison"):
                self.pages("comparison_page", server, {**who, "url": urls["comparison"]},
                           data["password"], goal={"p95_ms": 300})  # fmt: skip
            else:
                self.results["scenarios"]["comparison_page"] = {
                    "not_available": "the comparison with similar bodies (URL name "
                    "reports:comparison) does not exist in this version of RASP",
                }
                log("  comparison page: not available in this version of RASP")
        finally:
            server.stop()
        # The heaviest pages on the national data: always profiled, to see where the time goes.
        self.profile(env, data["email"], {f"national_{k}": v for k, v in urls.items() if v})

    def finish(self) -> None:
        day = dt.date.today().isoformat()
        target = BENCH / "results" / (f"{day}-quick" if self.quick else day)
        target.with_suffix(".json").write_text(json.dumps(self.results, indent=2) + "\n")
        markdown = write_markdown(self.results)
        target.with_suffix(".md").write_text(markdown)
        log(f"wrote {target.with_suffix('.json').relative_to(ROOT)} and .md")
        if not self.quick:
            update_readme(
                ROOT / "README.md", self.results, target.with_suffix(".md").relative_to(ROOT)
            )
            log("updated the README's Performance section")
        print(markdown)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return round(
        ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2, 1
    )


def ensure_peer_venv() -> Path:
    """The peer's own virtualenv (never RASP's): django-survey-and-report, psycopg, gunicorn."""
    python = PEER_VENV / "bin" / "python"
    marker = PEER_VENV / ".installed"
    wanted = f"{PEER_PACKAGE} psycopg[binary] gunicorn=={_our_gunicorn()}"
    if marker.exists() and marker.read_text() == wanted:
        return python
    shutil.rmtree(PEER_VENV, ignore_errors=True)
    PEER_VENV.parent.mkdir(parents=True, exist_ok=True)
    uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    if Path(uv).exists():
        subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(PEER_VENV)], check=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(python), *wanted.split()], check=True
        )
    else:
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *wanted.split()], check=True)
    marker.write_text(wanted)
    return python


def _our_gunicorn() -> str:
    from importlib.metadata import version

    return version("gunicorn")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run; README untouched")
    Bench(parser.parse_args().quick).main()
