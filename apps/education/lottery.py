"""The auditable lottery: a pure function of the published seed and the application list.

Anyone holding the seed and the list (``term_lottery_list``: course, application number,
weight, 离休 priority) gets the same result: per application a uniform number
``u = HMAC-SHA256(seed, "course:application") / 2**256``, its key ``u ** (1 / weight)``
(weighted sampling without replacement, Efraimidis–Spirakis), sorted by priority then key
(highest first); the first ``free`` of a course are admitted, the rest wait in that order.
With weight ``1 / n`` for someone applying to ``n`` courses, applying to many courses does
not raise one's chances in total.
"""

import hashlib
import hmac
import json
import math
from typing import NamedTuple

_SCALE = float(2**256)


class Application(NamedTuple):
    """One line of the published list (a tuple: 30,000 of them are built in a blink)."""

    course: int
    number: int  # the enrolment's id, published in the list
    weight: float
    priority: bool = False


def draw_key(seed: str, app: Application) -> float:
    digest = hmac.new(seed.encode(), f"{app.course}:{app.number}".encode(), hashlib.sha256).digest()
    u = (int.from_bytes(digest, "big") + 1) / (_SCALE + 1)  # in (0, 1]
    # log(u) / w orders the same as u ** (1 / w) without underflow.
    return math.log(u) / app.weight


def draw(seed: str, applications: list[Application], free: dict[int, int]) -> dict[int, tuple[list[int], list[int]]]:
    """Per course: (admitted numbers, waiting numbers in queue order)."""
    by_course: dict[int, list[tuple[bool, float, int]]] = {}
    for app in applications:
        by_course.setdefault(app.course, []).append((app.priority, draw_key(seed, app), app.number))
    result = {}
    for course, entries in by_course.items():
        # Priority first, then the higher key; the number breaks (astronomically unlikely) ties.
        entries.sort(key=lambda e: (not e[0], -e[1], e[2]))
        seats = max(free.get(course, 0), 0)
        numbers = [number for _, _, number in entries]
        result[course] = (numbers[:seats], numbers[seats:])
    return result


def list_digest(applications: list[Application], free: dict[int, int]) -> str:
    """The SHA-256 of the canonical list as a decimal number, published with the result."""
    return str(int(hashlib.sha256(canonical(applications, free).encode()).hexdigest(), 16))


def canonical(applications: list[Application], free: dict[int, int]) -> str:
    rows = sorted((a.course, a.number, round(a.weight, 6), int(a.priority)) for a in applications)
    return json.dumps({"free": sorted(free.items()), "applications": rows}, separators=(",", ":"))
