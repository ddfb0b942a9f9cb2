"""What every fake vendor shares: ids, times, scripted faults, the respx glue."""

from __future__ import annotations

import json
import random
import re
import string
from datetime import datetime, timezone

import httpx

NANO = string.ascii_letters + string.digits + "_-"
ALNUM = string.ascii_letters + string.digits
END = r"(\?.*)?$"  # respx matches url__regex against the whole URL, query included
START = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def nanoid(rng: random.Random, n: int = 21, alphabet: str = NANO) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def body_of(request: httpx.Request):
    return json.loads(request.content) if request.content else None


class Faults:
    """Scripted answers: a rule's answers are used one per matching request, after ``skip``
    matches went through; an exception answer is raised (a crash), a callable one is called."""

    def __init__(self):
        self.rules: list[list] = []
        self.seen: list[httpx.Request] = []

    def add(self, pattern: str, *answers, skip: int = 0, method: str | None = None) -> None:
        self.rules.append([re.compile(pattern), method, skip, list(answers)])

    def check(self, request: httpx.Request):
        self.seen.append(request)
        for rule in self.rules:
            pattern, method, skip, answers = rule
            if answers and pattern.search(request.url.path) and method in (None, request.method):
                if skip:
                    rule[2] -= 1
                    continue
                answer = answers.pop(0)
                if isinstance(answer, BaseException):
                    raise answer
                return answer(request) if callable(answer) else answer
        return None

    def count(self, pattern: str, method: str | None = None) -> int:
        rx = re.compile(pattern)
        return sum(1 for r in self.seen if rx.search(r.url.path) and method in (None, r.method))


def guarded(faults: Faults, handler, check_auth):
    def answer(request, **groups):
        scripted = faults.check(request)
        if scripted is not None:
            return scripted
        refused = check_auth(request)
        return refused if refused is not None else handler(request, **groups)
    return answer
