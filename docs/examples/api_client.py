"""Example RASP API client: read an assessment's results and record answers with a token.

Uses only the Python standard library. Make a personal API token in RASP (Your account, API
tokens; "read and write" to record answers), then:

    RASP_URL=https://rasp.example.org RASP_TOKEN=rasp_... python api_client.py results 42
    RASP_URL=... RASP_TOKEN=... python api_client.py answer 42 SV-01 3 --evidence approved \\
        --note "Cabinet decision, 14 March"

``results ID`` prints the verdict and each area's scores; ``answer ID CODE LEVEL`` saves your
answer to one question (you must be one of the assessment's respondents). The save names the
version of the answer it replaces, so if someone changed it since you read it, nothing is saved
and the script says so (HTTP 409) instead of overwriting their change.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        error = body.get("error", {})
        super().__init__(f"HTTP {status} {error.get('code', '')}: {error.get('message', '')}")
        self.status = status
        self.error = error


class Client:
    def __init__(self, base_url: str, token: str) -> None:
        self.base = base_url.rstrip("/") + "/api/v1"
        self.token = token

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if data is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise ApiError(error.code, json.loads(error.read().decode("utf-8") or "{}")) from None

    def results(self, assessment_id: int) -> Any:
        return self.request("GET", f"/assessments/{assessment_id}/results")

    def my_answer(self, assessment_id: int, code: str) -> dict[str, Any] | None:
        data = self.request("GET", f"/assessments/{assessment_id}/answers")
        for respondent in data["respondents"]:
            for answer in respondent["answers"]:
                if answer["code"] == code:
                    return dict(answer)
        return None

    def save_answer(
        self, assessment_id: int, code: str, answer: dict[str, Any], based_on_version: int
    ) -> Any:
        body = {**answer, "based_on_version": based_on_version}
        return self.request(
            "PUT", f"/assessments/{assessment_id}/answers/{urllib.parse.quote(code)}", body
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Read results and record answers in RASP.")
    commands = parser.add_subparsers(dest="command", required=True)
    results = commands.add_parser("results", help="print an assessment's results")
    results.add_argument("assessment", type=int)
    answer = commands.add_parser("answer", help="record your answer to one question")
    answer.add_argument("assessment", type=int)
    answer.add_argument("code", help="question code, e.g. SV-01")
    answer.add_argument("level", help="0 to 4, dont-know or not-applicable")
    answer.add_argument("--evidence", default="", help="none, verbal, draft, approved, operating")
    answer.add_argument("--note", default="")
    answer.add_argument("--reason", default="", help="why it does not apply (not-applicable)")
    options = parser.parse_args(argv)

    url, token = os.environ.get("RASP_URL"), os.environ.get("RASP_TOKEN")
    if not url or not token:
        print("Set RASP_URL and RASP_TOKEN.", file=sys.stderr)
        return 2
    client = Client(url, token)
    try:
        if options.command == "results":
            data = client.results(options.assessment)
            state = "provisional" if data["provisional"] else "final"
            print(f"{data['organisation']}: {data['verdict']} ({state})")
            for area in data["areas"]:
                print(
                    f"  {area['id']}: declared {area['declared_score']}, "
                    f"evidence-adjusted {area['evidence_adjusted_score']}, {area['band']}"
                )
            return 0
        current = client.my_answer(options.assessment, options.code)
        if options.level.isdigit():
            given: dict[str, Any] = {"kind": "level", "level": int(options.level)}
        else:
            given = {"kind": options.level, "level": None}
        given.update(evidence=options.evidence, note=options.note, reason=options.reason)
        saved = client.save_answer(
            options.assessment, options.code, given, current["version"] if current else 0
        )
        print(
            f"Saved {saved['code']}: {saved['kind']} {saved['level']} (version {saved['version']})"
        )
        return 0
    except ApiError as error:
        print(error, file=sys.stderr)
        for detail in error.error.get("details", []):
            print(f"  {detail}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
