"""The load driver: virtual users over loopback HTTP, in their own process (asyncio + httpx).

``python bench/driver.py spec.json`` reads a scenario, runs it and prints JSON: every request's
latency by label, errors, and for answer saves how many answers the server accepted (so the
benchmark can check that none was lost). Every virtual user signs in for real first (sign-in
page, CSRF token, password) and keeps its own cookies; sign-ins are not timed.

A run is bounded twice: by its duration and by a request budget. When either runs out, no new
request starts and the ones in flight finish (a cancelled request might still have been saved).

Kinds of scenario:

* ``saves``: each user loops over its question pages: open the page, think, choose answers for
  the questions shown and "Save and continue" (the POST is the answer save), think.
* ``pages``: each user requests one URL again and again, thinking between requests.
* ``flow``: one user does the submit-and-view work, timed from the first page to the results.
* ``peer_flow``: the same work on django-survey-and-report (``bench/peer``).
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION_DIV = re.compile(r'<div class="rasp-question" id="q-([^"]+)"([^>]*)>')
VERSION = re.compile(r'name="([^"]+)-version" value="(\d+)"')
INPUT = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
EVIDENCE_FOR_LEVEL = {0: "none", 1: "verbal", 2: "draft", 3: "approved", 4: "operating"}


@dataclass
class Recorder:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    saved_answers: int = 0
    requests: int = 0
    # Requests finished before the run's deadline, by label: throughput counts only these, so
    # the requests still in flight at the end do not stretch the time they are divided by.
    deadline: float = float("inf")
    window_started: float = 0.0
    in_window: dict[str, int] = field(default_factory=dict)

    def ok(self, label: str, ms: float) -> None:
        self.latencies.setdefault(label, []).append(ms)
        if time.monotonic() <= self.deadline:
            self.in_window[label] = self.in_window.get(label, 0) + 1

    def error(self, label: str, detail: str) -> None:
        self.errors[label] = self.errors.get(label, 0) + 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{label}: {detail}")


class Budget:
    """Stops new requests after ``duration`` seconds or ``max_requests`` requests."""

    def __init__(self, duration: float, max_requests: int) -> None:
        self.deadline = time.monotonic() + duration
        self.left = max_requests

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() >= self.deadline:
            return False
        self.left -= 1
        return True


class User:
    """One virtual user: its own cookies, and the servers it spreads its requests over."""

    def __init__(self, bases: list[str], recorder: Recorder, timeout: float, offset: int) -> None:
        self.bases = bases
        self.turn = offset
        self.recorder = recorder
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False)

    def url(self, path: str) -> str:
        """The next server in turn: a user's requests alternate between the servers."""
        base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        return base + path

    async def request(
        self,
        label: str,
        method: str,
        path: str,
        *,
        data: Any = None,
        expect: tuple[int, ...] = (200,),
    ) -> httpx.Response | None:
        self.recorder.requests += 1
        started = time.perf_counter()
        try:
            response = await self.client.request(method, self.url(path), data=data)
            await response.aread()
        except httpx.HTTPError as error:
            self.recorder.error(label, f"{type(error).__name__} {path}")
            return None
        ms = (time.perf_counter() - started) * 1000
        if response.status_code not in expect:
            self.recorder.error(label, f"HTTP {response.status_code} {method} {path}")
            return None
        self.recorder.ok(label, ms)
        return response

    async def sign_in_rasp(self, email: str, password: str) -> None:
        await self._sign_in("/account/sign-in/", {"email": email, "password": password})

    async def sign_in_peer(self, username: str, password: str) -> None:
        await self._sign_in("/accounts/login/", {"username": username, "password": password})

    async def _sign_in(self, path: str, fields: dict[str, str]) -> None:
        base = self.bases[0]
        page = await self.client.get(base + path)
        token = CSRF.search(page.text)
        assert token, f"no CSRF token on {path}"
        response = await self.client.post(
            base + path, data={**fields, "csrfmiddlewaretoken": token.group(1)}
        )
        if response.status_code != 302:
            raise SystemExit(f"sign-in failed for {fields}: HTTP {response.status_code}")

    async def close(self) -> None:
        await self.client.aclose()


def rasp_answers(page: str, rng: random.Random) -> tuple[dict[str, str], int]:
    """Answers for the questions shown on a RASP question page, and how many there are."""
    token = CSRF.search(page)
    assert token, "no CSRF token on the question page"
    data = {"csrfmiddlewaretoken": token.group(1), "continue": "1"}
    versions = dict(VERSION.findall(page))
    answered = 0
    for code, attributes in QUESTION_DIV.findall(page):
        if "hidden" in attributes:
            continue
        data[f"{code}-version"] = versions.get(code, "0")
        if rng.random() < 0.05:
            data[f"{code}-answer"] = "dont-know"
        else:
            level = rng.randint(0, 4)
            data[f"{code}-answer"] = str(level)
            data[f"{code}-evidence"] = EVIDENCE_FOR_LEVEL[level]
        answered += 1
    return data, answered


def peer_answers(page: str, rng: random.Random) -> dict[str, str]:
    """A choice for every radio question on a django-survey-and-report page."""
    token = CSRF.search(page)
    assert token, "no CSRF token on the survey page"
    choices: dict[str, list[str]] = {}
    for attributes in INPUT.findall(page):
        attrs = dict(ATTRIBUTE.findall(attributes))
        if attrs.get("type") == "radio" and attrs.get("name", "").startswith("question_"):
            choices.setdefault(attrs["name"], []).append(html.unescape(attrs.get("value", "")))
    data = {"csrfmiddlewaretoken": token.group(1)}
    for name, values in choices.items():
        data[name] = rng.choice(values)
    return data


async def think(rng: random.Random, spec: dict[str, Any]) -> None:
    low, high = spec.get("think", (0, 0))
    if high > 0:
        await asyncio.sleep(rng.uniform(low, high))


async def saves_user(
    user: User, pages: list[str], budget: Budget, spec: dict[str, Any], seed: int
) -> None:
    rng = random.Random(seed)
    index = seed % len(pages)
    while budget.take():
        path = pages[index % len(pages)]
        index += 1
        page = await user.request("question page", "GET", path)
        if page is None:
            await think(rng, spec)
            continue
        await think(rng, spec)
        if not budget.take():
            break
        data, answered = rasp_answers(page.text, rng)
        saved = await user.request("answer save", "POST", path, data=data, expect=(302,))
        if saved is not None:
            user.recorder.saved_answers += answered
        await think(rng, spec)


async def pages_user(
    user: User, who: dict[str, Any], budget: Budget, spec: dict[str, Any], seed: int
) -> None:
    """GET the user's page again and again, or each of its ``urls`` in turn."""
    rng = random.Random(seed)
    label = spec.get("label", "page")
    paths = who.get("urls") or [who["url"]]
    await asyncio.sleep(rng.uniform(0, spec.get("think", (0, 0))[1]))  # stagger the start
    done = 0
    while budget.take():
        await user.request(label, "GET", paths[done % len(paths)])
        done += 1
        await think(rng, spec)


async def rasp_flow(user: User, run: dict[str, Any], rng: random.Random) -> bool:
    """Answer every page like a browser (follow each redirect), submit, open the results."""
    checks = set(run["checks"])
    pages = run["pages"]
    page = await user.request("flow: question page", "GET", pages[0])
    index = 0
    while page is not None and index < len(pages):
        data, _answered = rasp_answers(page.text, rng)
        saved = await user.request("flow: save", "POST", pages[index], data=data, expect=(302,))
        if saved is None:
            return False
        location = saved.headers["location"]
        if location == pages[index]:
            page = await user.request("flow: question page", "GET", location)  # a follow-up opened
            continue
        index += 1
        if location in checks:
            if await user.request("flow: check answers", "GET", location) is None:
                return False
            if index < len(pages):
                page = await user.request("flow: question page", "GET", pages[index])
        else:
            page = await user.request("flow: question page", "GET", location)
    form = await user.request("flow: submit page", "GET", run["submit"])
    if form is None:
        return False
    token = CSRF.search(form.text)
    assert token
    submitted = await user.request(
        "flow: submit", "POST", run["submit"], data={"csrfmiddlewaretoken": token.group(1)}
    )
    if submitted is None:
        return False
    return await user.request("flow: results", "GET", run["results"]) is not None


async def peer_flow(user: User, run: dict[str, Any], rng: random.Random) -> bool:
    """The peer's one-response journey: each step page, save, the confirmation, the results."""
    path = run["first"]
    steps = 0
    while True:
        page = await user.request("peer: survey page", "GET", path)
        if page is None:
            return False
        saved = await user.request(
            "peer: save", "POST", path, data=peer_answers(page.text, rng), expect=(302,)
        )
        if saved is None:
            return False
        path = saved.headers["location"]
        steps += 1
        if "/confirm/" in path or steps > 200:
            break
    if await user.request("peer: confirmation", "GET", path) is None:
        return False
    return await user.request("peer: results", "GET", run["results"]) is not None


async def main(spec: dict[str, Any]) -> dict[str, Any]:  # noqa: C901 - one dispatch per kind
    recorder = Recorder()
    kind = spec["kind"]
    bases = spec["bases"]
    timeout = spec.get("timeout", 60)
    users_spec = spec["users"]
    vus = spec.get("vus", len(users_spec))
    users = [User(bases, recorder, timeout, offset=i) for i in range(vus)]
    sign_in = asyncio.Semaphore(4)

    sessions: dict[str, dict[str, str]] = spec.get("sessions", {})

    async def signed(user: User, who: dict[str, Any]) -> None:
        if who["email"] in sessions:
            # Signed in for real by an earlier scenario: the same session, as a person keeps it.
            for name, value in sessions[who["email"]].items():
                user.client.cookies.set(name, value, domain="127.0.0.1")
            return
        async with sign_in:
            if kind == "peer_flow":
                await user.sign_in_peer(who["email"], spec["password"])
            else:
                await user.sign_in_rasp(who["email"], spec["password"])

    await asyncio.gather(*(signed(u, users_spec[i % len(users_spec)]) for i, u in enumerate(users)))
    cookies = {
        users_spec[i % len(users_spec)]["email"]: dict(u.client.cookies.items())
        for i, u in enumerate(users)
    }
    budget = Budget(spec.get("duration", 30), spec.get("max_requests", 100_000))
    recorder.deadline = budget.deadline
    window_started = time.monotonic()
    started = time.perf_counter()
    flows: list[float] = []
    if kind == "saves":
        await asyncio.gather(
            *(saves_user(u, users_spec[i]["pages"], budget, spec, i) for i, u in enumerate(users))
        )
    elif kind == "pages":
        await asyncio.gather(
            *(
                pages_user(u, users_spec[i % len(users_spec)], budget, spec, i)
                for i, u in enumerate(users)
            )
        )
    elif kind in ("flow", "peer_flow"):
        runner = rasp_flow if kind == "flow" else peer_flow
        rng = random.Random(7)
        for i, run in enumerate(spec["runs"]):
            user = users[i % len(users)]
            t0 = time.perf_counter()
            if await runner(user, run, rng):
                flows.append((time.perf_counter() - t0) * 1000)
            if not budget.take():
                break
    else:
        raise SystemExit(f"unknown kind {kind}")
    elapsed = time.perf_counter() - started
    for user in users:
        await user.close()
    if kind == "peer_flow":
        cookies = {}
    return {
        "kind": kind,
        "vus": vus,
        "elapsed_s": round(elapsed, 3),
        "latencies_ms": {k: [round(v, 2) for v in vs] for k, vs in recorder.latencies.items()},
        "errors": recorder.errors,
        "error_samples": recorder.error_samples,
        "saved_answers": recorder.saved_answers,
        "window_s": round(min(time.monotonic(), budget.deadline) - window_started, 3),
        "completed_in_window": recorder.in_window,
        "requests": recorder.requests,
        "flows_ms": [round(v, 1) for v in flows],
        "sessions": cookies,
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        scenario = json.load(handle)
    print(json.dumps(asyncio.run(main(scenario))))
