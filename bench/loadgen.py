"""A small HTTP load generator and a gunicorn runner, loopback only.

- :class:`Browser`: one keep-alive connection with a cookie jar, CSRF-aware form posts
  and timings (enough to sign in and fill in the portal's real forms).
- :func:`hammer`: ``concurrency`` processes GET one path for ``duration`` seconds or
  ``max_requests`` in all, whichever comes first; returns requests/s and latencies.
- :func:`gunicorn`: a context manager running the portal under gunicorn on a port, with
  :func:`production_env` (DEBUG off, ``DJANGO_ENV=production``, generated keys).

Everything is bounded in time and requests, and refuses any host but 127.0.0.1.
"""

import http.client
import math
import multiprocessing
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.parse import urlencode, urlparse

HOST = "127.0.0.1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


# ---------------------------------------------------------------------------
# A browser-ish client
# ---------------------------------------------------------------------------
class Response:
    def __init__(self, status: int, headers: dict, body: bytes, ms: float):
        self.status, self.headers, self.body, self.ms = status, headers, body, ms

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urlparse(self.headers.get("location", "")).path or ""

    def csrf(self) -> str:
        match = CSRF_INPUT.search(self.text)
        return match.group(1) if match else ""


class Browser:
    """One connection to ``127.0.0.1:port`` with cookies; ``timeout`` seconds per request."""

    def __init__(self, port: int, timeout: float = 30.0):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        headers = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed a kept-alive connection between requests: reconnect once.
                self.close()
                if attempt == 2:
                    raise
        ms = (time.perf_counter() - started) * 1000
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if raw.getheader("connection", "").lower() == "close":
            self.close()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, ms)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict | list, referer: str | None = None) -> Response:
        body = urlencode(data, doseq=True).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        if referer:
            headers["Referer"] = f"http://{HOST}:{self.port}{referer}"
        return self.request("POST", path, body=body, headers=headers)

    def login(self, username: str, password: str, path: str = "/accounts/login/") -> bool:
        page = self.get(path)
        response = self.post(
            path,
            {"csrfmiddlewaretoken": page.csrf(), "username": username, "password": password},
            referer=path,
        )
        return response.status == 302 and "sessionid" in self.cookies


# ---------------------------------------------------------------------------
# Load: many processes, one path, bounded
# ---------------------------------------------------------------------------
def _hammer_one(spec: tuple) -> tuple[int, list[float], dict]:
    port, path, cookies, deadline, cap = spec
    browser = Browser(port, timeout=10)
    browser.cookies = dict(cookies)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    count = 0
    while count < cap and time.monotonic() < deadline:
        try:
            response = browser.get(path)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            latencies.append(response.ms)
        except OSError:
            statuses[0] = statuses.get(0, 0) + 1
            browser.close()
        count += 1
    browser.close()
    return count, latencies, statuses


def hammer(
    port: int,
    path: str,
    *,
    cookies: dict | None = None,
    duration: float = 10.0,
    max_requests: int = 100_000,
    concurrency: int = 8,
) -> dict:
    """GET ``path`` from ``concurrency`` processes for ``duration`` s (at most ``max_requests``)."""
    started = time.monotonic()
    deadline = started + duration
    cap = max(1, max_requests // concurrency)
    specs = [(port, path, cookies or {}, deadline, cap)] * concurrency
    # spawn, not fork: forking a process that runs threads (a test server, Django's
    # connection handling) can copy a held lock into the child and hang it.
    with multiprocessing.get_context("spawn").Pool(concurrency) as pool:
        parts = pool.map(_hammer_one, specs)
    elapsed = time.monotonic() - started
    latencies = [ms for _, lat, _ in parts for ms in lat]
    statuses: dict[int, int] = {}
    for _, _, part in parts:
        for status, n in part.items():
            statuses[status] = statuses.get(status, 0) + n
    total = sum(n for n, _, _ in parts)
    ok = statuses.get(200, 0)
    return {
        "requests": total,
        "ok": ok,
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "rps": round(ok / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 2) if latencies else 0.0,
        "p95_ms": round(percentile(latencies, 0.95), 2),
    }


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------
def dev_pii_keys() -> dict[str, str]:
    """The development PII keys, as production variables.

    The benchmark data sets are seeded with development settings, whose encryption and
    hash keys derive from the development SECRET_KEY; a production-mode server over the
    same data must be given those same keys to read it.
    """
    from apps.core import crypto

    return {
        "PII_ENCRYPTION_KEYS": crypto._derived_key("pii-encryption").decode(),
        "PII_HASH_KEY": crypto._derived_key("pii-hash").decode(),
    }


def production_env(database_url: str, redis_url: str = "", **extra) -> dict:
    """Environment for a production-mode portal on loopback (generated keys, no TLS redirect)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cadre_portal.settings",
        DJANGO_ENV="production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        # The TOTP second factor is a sign-in step, not what these runs measure; the
        # simulated users sign in with their password only.
        OTP_REQUIRED="0",
        **dev_pii_keys(),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def collectstatic(env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def wait_until_up(port: int, timeout: float = 30.0, path: str = "/healthz/live/") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if Browser(port, timeout=2).get(path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the portal did not come up on port {port} within {timeout:.0f} s")


@contextmanager
def gunicorn(
    port: int, env: dict, workers: int = 2, log_path: str | None = None, timeout: int = 30, config: str | None = None
):
    """Run the portal under gunicorn on ``127.0.0.1:port``; stopped (its group) on exit.
    ``config``: a gunicorn settings file instead of the portal's ``gunicorn.conf.py``."""
    gunicorn_bin = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log = open(log_path or os.devnull, "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            gunicorn_bin,
            "cadre_portal.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--graceful-timeout",
            "5",
            *(["--config", config] if config else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def database_url_for(name: str) -> str:
    """``DATABASE_URL`` with its database name replaced (same server and user)."""
    parsed = urlparse(os.environ["DATABASE_URL"])
    return parsed._replace(path=f"/{name}").geturl()
