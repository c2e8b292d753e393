"""``python -m bench faults [redis] [worker] [postgres]``: the portal under failure (issue 8).

Each scenario runs on loopback against its own throw-away copy of the demo data set and
its own services — a redis-server on a spare port, a Celery worker, a PostgreSQL cluster
made with ``initdb`` — never the shared Redis (6379) or PostgreSQL (5432) themselves.

- ``redis``: gunicorn on a Redis we stop with ``redis-cli shutdown nosave``. Pages keep
  serving from the database, /healthz says degraded, starting a tally says in Chinese
  that the queue is unavailable and writes nothing; when Redis is back everything works
  again without a restart.
- ``worker``: a tally runs on a worker whose pool process we SIGKILL mid-run: the task is
  rejected back to the queue (late acknowledgement) and completes once, on the next try;
  the results current before stay current until then. Then the whole worker is killed:
  the run's published results stay, no partial result appears.
- ``postgres``: gunicorn over a PostgreSQL cluster we restart while requests run: during
  the outage requests get the Chinese error page (500), afterwards the same processes
  serve again (``conn_health_checks``), and no half-saved log is left.

Each prints what it saw and returns ``passed``; the JSON last line holds every figure.
"""

import datetime
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress

from bench.common import RESULTS_DIR, _postgres_admin, dataset, table
from bench.loadgen import ROOT, Browser, collectstatic, database_url_for, gunicorn, production_env

PASSWORD = "Yangzhou@2026"
QUEUE_DOWN_TEXT = "后台任务队列暂时不可用"
ERROR_PAGE_TEXT = "系统暂时出了点问题"
PORTS = {
    "redis_web": 8112,
    "redis": 8116,
    "worker_web": 8113,
    "worker_redis": 8117,
    "pg_web": 8114,
    "pg": 8118,
    "pg_jobs_web": 8115,
    "pg_jobs_redis": 8119,
}
SCENARIOS = ("redis", "worker", "postgres")


# ---------------------------------------------------------------------------
# Throw-away services
# ---------------------------------------------------------------------------
@contextmanager
def redis_server(port: int):
    """A private redis-server on ``port`` (no persistence); stopped on exit."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(lambda: redis_ping(port), f"redis-server on {port}")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def redis_ping(port: int) -> bool:
    result = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
    return result.stdout.strip() == "PONG"


def redis_shutdown(port: int) -> None:
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)
    _wait_for(lambda: not redis_ping(port), f"redis on {port} to stop")


def _wait_for(check, what: str, timeout: float = 20.0, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise RuntimeError(f"timed out waiting for {what}")


@contextmanager
def celery_worker(env: dict, log_path: str):
    """A Celery worker (prefork, one pool process) in its own process group."""
    celery_bin = os.path.join(os.path.dirname(sys.executable), "celery")
    log = open(log_path, "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            celery_bin,
            "-A",
            "cadre_portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def pool_children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@contextmanager
def database_copy(template: str, suffix: str):
    """``CREATE DATABASE <template>_<suffix> TEMPLATE <template>``, dropped on exit."""
    from django.db import connections
    from psycopg2 import sql

    name = f"{template}_{suffix}"
    settings_dict = connections["default"].settings_dict

    def admin_run(statement):
        admin = _postgres_admin(settings_dict)
        try:
            with admin.cursor() as cur:
                cur.execute(statement)
        finally:
            admin.close()

    admin_run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin_run(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    try:
        yield name
    finally:
        admin_run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def use_database(name: str):
    """Point this process's default connection at database ``name`` for the block."""
    from django.db import connection

    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(original)


def _demo_template() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the fault scenarios need PostgreSQL: set DATABASE_URL")
    with dataset("demo") as name:
        pass
    return name


def _signed_in(port: int, username: str) -> Browser:
    browser = Browser(port, timeout=15)
    if not browser.login(username, PASSWORD):
        raise RuntimeError(f"{username} could not sign in on port {port}")
    return browser


def _health(port: int) -> dict:
    import json

    response = Browser(port, timeout=15).get("/healthz/")
    body = json.loads(response.body) if response.body.startswith(b"{") else {}
    return {**body, "http": response.status}


def _tally_scheme():
    """A scheme that may be tallied now, or None: the one whose indicators cover the most
    brands. When a scheme of more brands exists only in a past, locked year (the demo's
    four-brand region scheme of last year), it is copied into this year and opened — in
    the scenario's throw-away database only — so the fault hits the four-brand tally."""
    try:
        import datetime as _dt

        from django.db.models import Count

        from apps.assessment.models import Scheme
        from apps.assessment.services import TALLY_STATUSES, scheme_copy, scheme_open
    except ImportError:
        return None
    by_brands = Scheme.objects.annotate(brands=Count("indicators__brand", distinct=True))
    best = by_brands.filter(status__in=TALLY_STATUSES).order_by("-brands", "-year", "pk").first()
    richest = by_brands.order_by("-brands", "-year", "pk").first()
    year = _dt.date.today().year
    if (
        richest is not None
        and (best is None or richest.brands > best.brands)
        and not Scheme.objects.filter(year=year, unit_kind=richest.unit_kind).exists()
    ):
        from django.core.exceptions import ValidationError

        try:
            return scheme_open(scheme=scheme_copy(scheme=richest, year=year))
        except ValidationError as exc:
            print("the four-brand scheme could not be opened:", exc.messages)
    return best


def _scheme_brands_in(db: str, scheme) -> list[str]:
    """The brands of the scheme's indicators (``general`` is the manual, cross-brand part)."""
    if scheme is None:
        return []
    with use_database(db):
        return sorted(set(scheme.indicators.values_list("brand", flat=True)))


# ---------------------------------------------------------------------------
# The year's work summary (summary.generate) as a leader asks for it
# ---------------------------------------------------------------------------
def _summary_year() -> int:
    import datetime as _dt

    return _dt.date.today().year - 1


def _summary_request(browser: Browser):
    """POST the summary page's form (the city, last year) as the signed-in leader."""
    page = browser.get("/summary/")
    answer = browser.post(
        "/summary/", {"csrfmiddlewaretoken": page.csrf(), "year": _summary_year(), "region": ""}, referer="/summary/"
    )
    return answer, (browser.get("/summary/") if answer.status == 302 else answer)


def _summary_jobs(db: str) -> dict[int, tuple[str, str, str]]:
    """Every summary job in ``db``: pk → (status, docx name, pdf name)."""
    try:
        from apps.summary.models import SummaryJob
    except ImportError:
        return {}
    with use_database(db):
        return {
            pk: (status, docx, pdf)
            for pk, status, docx, pdf in SummaryJob.objects.values_list("pk", "status", "docx", "pdf")
        }


def _downloads(browser: Browser, pk: int) -> list[int]:
    """HTTP status of the job's Word and PDF downloads."""
    return [browser.get(f"/summary/{pk}/{kind}/").status for kind in ("docx", "pdf")]


def _post_form(browser: Browser, page_path: str, action_path: str):
    page = browser.get(page_path)
    return browser.post(action_path, {"csrfmiddlewaretoken": page.csrf()}, referer=page_path)


# ---------------------------------------------------------------------------
# Redis down
# ---------------------------------------------------------------------------
def scenario_redis(template: str) -> dict:
    from apps.assessment.models import TallyRun

    web, port = PORTS["redis_web"], PORTS["redis"]
    seen: dict = {}
    with database_copy(template, "faults_redis") as db, redis_server(port):
        with use_database(db):
            scheme = _tally_scheme()
            runs_before = TallyRun.objects.count()
        env = production_env(database_url_for(db), f"redis://127.0.0.1:{port}/0")
        collectstatic(env)
        with gunicorn(web, env, workers=2, log_path=f"{RESULTS_DIR}/faults-redis-gunicorn.log"):
            staff, leader = _signed_in(web, "demo_staff"), _signed_in(web, "demo_leader")
            seen["up: home"] = staff.get("/").status
            seen["up: dashboard"] = leader.get("/dashboard/").status
            redis_shutdown(port)
            started = time.perf_counter()
            seen["down: home"] = staff.get("/").status
            seen["down: dashboard"] = leader.get("/dashboard/").status
            seen["down: first pages ms"] = round((time.perf_counter() - started) * 1000)
            health = _health(web)
            seen["down: healthz http"] = health["http"]
            seen["down: healthz says"] = health.get("status")
            checks = health.get("checks", {})
            seen["down: cache ok"] = checks.get("cache", {}).get("ok")
            seen["down: broker ok"] = checks.get("broker", {}).get("ok")
            if scheme is not None:
                detail = f"/assessment/{scheme.pk}/"
                answer = _post_form(staff, detail, f"/assessment/{scheme.pk}/tally/")
                page = staff.get(detail)
                seen["down: tally start"] = answer.status
                seen["down: says queue unavailable"] = QUEUE_DOWN_TEXT in page.text
                with use_database(db):
                    seen["down: runs written"] = TallyRun.objects.count() - runs_before
            seen["tally brands"] = _scheme_brands_in(db, scheme)
            jobs_before = _summary_jobs(db)
            answer, page = _summary_request(leader)
            seen["down: summary request"] = answer.status
            seen["down: summary says queue unavailable"] = QUEUE_DOWN_TEXT in page.text
            seen["down: summary jobs written"] = len(_summary_jobs(db)) - len(jobs_before)
            # Redis returns on the same port; nothing restarted.
            with redis_server(port):
                time.sleep(6)  # the cache's cool-off (5 s) after its last failure
                health = _health(web)
                checks = health.get("checks", {})
                seen["back: cache ok"] = checks.get("cache", {}).get("ok")
                seen["back: broker ok"] = checks.get("broker", {}).get("ok")
                seen["back: home"] = staff.get("/").status
                seen["back: dashboard"] = leader.get("/dashboard/").status
                if scheme is not None:
                    _post_form(staff, f"/assessment/{scheme.pk}/", f"/assessment/{scheme.pk}/tally/")
                    with use_database(db):
                        seen["back: tally queued"] = TallyRun.objects.count() - runs_before == 1
                answer, _ = _summary_request(leader)
                seen["back: summary request"] = answer.status
                seen["back: summary queued"] = len(_summary_jobs(db)) - len(jobs_before) == 1
    passed = (
        seen["up: home"] == seen["down: home"] == seen["back: home"] == 200
        and seen["down: dashboard"] == seen["back: dashboard"] == 200
        and seen["down: healthz http"] == 200
        and seen["down: cache ok"] is False
        and seen["back: cache ok"] is True
        and seen["back: broker ok"] is True
        and (
            scheme is None
            or (seen["down: says queue unavailable"] and seen["down: runs written"] == 0 and seen["back: tally queued"])
        )
        and seen["down: summary request"] in (200, 302)
        and seen["down: summary says queue unavailable"]
        and seen["down: summary jobs written"] == 0
        and seen["back: summary queued"]
    )
    return {"passed": passed, **seen}


# ---------------------------------------------------------------------------
# Worker killed mid-tally
# ---------------------------------------------------------------------------
def _watch_run(db: str, run_id: int, until, timeout: float = 60.0, table: str = "assessment_tallyrun"):
    """Poll the run row (its own psycopg2 connection, every 5 ms) until ``until(status, attempts)``.

    ``table="summary_summaryjob"``: a summary job's row (its progress stands for attempts)."""
    from django.db import connections

    s = connections["default"].settings_dict
    params = {
        "dbname": db,
        "user": s.get("USER"),
        "host": s.get("HOST"),
        "port": s.get("PORT"),
        "password": s.get("PASSWORD"),
    }
    return _watch_row(params, table, run_id, until, timeout)


def _watch_row(params: dict, table: str, pk: int, until, timeout: float):
    """Poll ``table``'s row ``pk`` until ``until(status, attempts or progress)``; reconnects
    when the server goes away (the PostgreSQL restart). None on timeout."""
    import psycopg2

    second = "attempts" if table == "assessment_tallyrun" else "progress"
    deadline = time.monotonic() + timeout
    conn = None
    try:
        while time.monotonic() < deadline:
            try:
                if conn is None:
                    conn = psycopg2.connect(**{k: v for k, v in params.items() if v})
                    conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute(f"SELECT status, {second} FROM {table} WHERE id = %s", [pk])
                    row = cur.fetchone()
                if row and until(*row):
                    return row
            except psycopg2.Error:
                if conn is not None:
                    with suppress(psycopg2.Error):
                        conn.close()
                conn = None
                time.sleep(0.2)
            time.sleep(0.005)
    finally:
        if conn is not None:
            conn.close()
    return None


def scenario_worker(template: str) -> dict:
    from apps.assessment.models import TallyRun

    web, port = PORTS["worker_web"], PORTS["worker_redis"]
    seen: dict = {}
    with database_copy(template, "faults_worker") as db, redis_server(port):
        with use_database(db):
            scheme = _tally_scheme()
            if scheme is None:
                return {"passed": False, "skipped": "no scheme to tally"}
            current_before = (
                TallyRun.objects.filter(scheme=scheme, is_current=True).values_list("pk", flat=True).first()
            )
        env = production_env(database_url_for(db), f"redis://127.0.0.1:{port}/0")
        collectstatic(env)
        log = f"{RESULTS_DIR}/faults-worker-celery.log"
        with gunicorn(web, env, workers=2, log_path=f"{RESULTS_DIR}/faults-worker-gunicorn.log"):
            staff = _signed_in(web, "demo_staff")
            with celery_worker(env, log) as worker:
                _wait_for(lambda: bool(pool_children(worker.pid)), "the worker's pool process", timeout=30)
                time.sleep(2)
                with use_database(db):
                    runs_before = set(TallyRun.objects.values_list("pk", flat=True))
                _post_form(staff, f"/assessment/{scheme.pk}/", f"/assessment/{scheme.pk}/tally/")
                with use_database(db):
                    new = TallyRun.objects.exclude(pk__in=runs_before).order_by("-pk").first()
                if new is None:
                    return {"passed": False, "error": "the tally did not start"}
                seen["run"] = new.pk
                running = _watch_run(db, new.pk, lambda status, attempts: status == "running", timeout=30)
                children = pool_children(worker.pid)
                if running and children:
                    for child in children:
                        os.kill(child, signal.SIGKILL)  # the pool process running the task
                    seen["killed pool process while"] = running[0]
                else:
                    seen["killed pool process while"] = f"not caught running ({running})"
                final = _watch_run(db, new.pk, lambda status, attempts: status in ("completed", "failed"), timeout=90)
                seen["after kill: run status"] = final[0] if final else "still running"
                seen["after kill: attempts"] = final[1] if final else None
            with use_database(db):
                seen["results of the run"] = TallyRun.objects.get(pk=new.pk).results.count()
                seen["current run after"] = (
                    TallyRun.objects.filter(scheme=scheme, is_current=True).values_list("pk", flat=True).first()
                )
            # The whole worker dies mid-run now: nothing partial may appear.
            with celery_worker(env, log) as worker:
                _wait_for(lambda: bool(pool_children(worker.pid)), "the worker's pool process", timeout=30)
                time.sleep(2)
                with use_database(db):
                    runs_before = set(TallyRun.objects.values_list("pk", flat=True))
                _post_form(staff, f"/assessment/{scheme.pk}/", f"/assessment/{scheme.pk}/tally/")
                with use_database(db):
                    second = TallyRun.objects.exclude(pk__in=runs_before).order_by("-pk").first()
                if second is not None:
                    running = _watch_run(db, second.pk, lambda status, attempts: status == "running", timeout=30)
                    os.killpg(worker.pid, signal.SIGKILL)
                    seen["whole worker killed while"] = running[0] if running else "not caught running"
            if second is not None:
                with use_database(db):
                    second.refresh_from_db()
                    seen["second run status"] = second.status
                    seen["second run results"] = second.results.count()
                    seen["current run still"] = (
                        TallyRun.objects.filter(scheme=scheme, is_current=True).values_list("pk", flat=True).first()
                    )
            seen["tally brands"] = _scheme_brands_in(db, scheme)
            # The year's summary: one generated whole, then one whose pool process is killed.
            seen.update(_summary_under_worker_kill(db, env, log, web))
    seen["current before"] = current_before
    summary_ok = (
        seen.get("summary first") == "succeeded"
        and seen.get("summary after kill") == "succeeded"
        and seen.get("summary jobs written") == 2
        and seen.get("summary first intact") is True
        and seen.get("summary downloads") == [200, 200, 200, 200]
    )
    passed = summary_ok and (
        seen.get("after kill: run status") == "completed"
        and seen.get("current run after") == seen.get("run")
        and (seen.get("second run status") == "completed" or seen.get("second run results") == 0)
        and (seen.get("second run status") == "completed" or seen.get("current run still") == seen.get("run"))
    )
    return {"passed": passed, **seen}


def _new_job(db: str, before: dict) -> int | None:
    new = sorted(set(_summary_jobs(db)) - set(before))
    return new[-1] if new else None


def _summary_under_worker_kill(db: str, env: dict, log: str, web: int) -> dict:
    """A summary job generated whole; then one whose pool process is SIGKILLed while it runs:
    redelivered (late acknowledgement), generated once, the first job's files untouched."""
    seen: dict = {}
    leader = _signed_in(web, "demo_leader")
    done = ("succeeded", "failed")
    table_name = "summary_summaryjob"
    with celery_worker(env, log) as worker:
        _wait_for(lambda: bool(pool_children(worker.pid)), "the worker's pool process", timeout=60)
        time.sleep(2)
        before = _summary_jobs(db)
        _summary_request(leader)
        first = _new_job(db, before)
        if first is None:
            return {"summary first": "not requested"}
        final = _watch_run(db, first, lambda status, _: status in done, timeout=240, table=table_name)
        seen["summary first"] = final[0] if final else "not finished"
        first_row = _summary_jobs(db)[first]
        queued = _summary_jobs(db)
        _summary_request(leader)
        second = _new_job(db, queued)
        if second is None:
            return {**seen, "summary second": "not requested"}
        running = _watch_run(db, second, lambda status, _: status == "running", timeout=120, table=table_name)
        children = pool_children(worker.pid)
        if running and children:
            for child in children:
                os.kill(child, signal.SIGKILL)
            seen["summary killed at progress"] = running[1]
        else:
            seen["summary killed at progress"] = f"not caught running ({running})"
        final = _watch_run(db, second, lambda status, _: status in done, timeout=300, table=table_name)
        seen["summary after kill"] = final[0] if final else "not finished"
    jobs = _summary_jobs(db)
    seen["summary jobs written"] = len(jobs) - len(before)
    seen["summary first intact"] = jobs.get(first) == first_row and bool(first_row[1]) and bool(first_row[2])
    seen["summary downloads"] = _downloads(leader, first) + _downloads(leader, second)
    return seen


# ---------------------------------------------------------------------------
# PostgreSQL restart under load
# ---------------------------------------------------------------------------
PG_BIN = "/usr/lib/postgresql/15/bin"


@contextmanager
def private_cluster(port: int):
    """A throw-away PostgreSQL cluster (initdb, trust, loopback) on ``port``, removed on exit."""
    data = f"/tmp/cadre_bench_pg{port}"
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    shutil.chown(data, "postgres", "postgres")

    def as_postgres(*cmd):
        return subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True, text=True)

    as_postgres(f"{PG_BIN}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
    opts = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [f"{PG_BIN}/pg_ctl", "-D", data, "-o", opts, "-l", f"{data}/log", "-w"]
    as_postgres(*ctl, "start")
    try:
        yield lambda action: as_postgres(*ctl, "-m", "fast", action) if action == "stop" else as_postgres(*ctl, action)
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


def _log_integrity(port: int, marker: str) -> dict[int, tuple[str, int]]:
    """Each test log in the private cluster: (status, attendance rows)."""
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="cadre_faults")
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT l.id, l.status, COUNT(a.id) FROM party_activitylog l "
                "LEFT JOIN party_attendance a ON a.log_id = l.id WHERE l.theme LIKE %s GROUP BY l.id, l.status",
                [marker + "%"],
            )
            return {pk: (status, n) for pk, status, n in cur.fetchall()}
    finally:
        conn.close()


def scenario_postgres(template: str) -> dict:
    from django.db import connections

    web, port = PORTS["pg_web"], PORTS["pg"]
    s = connections["default"].settings_dict
    source = (
        f"postgresql://{s.get('USER') or 'postgres'}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{template}"
    )
    seen: dict = {}
    with private_cluster(port) as pg_ctl:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "cadre_faults"], check=True)
        dump = subprocess.Popen(["pg_dump", "--no-owner", source], stdout=subprocess.PIPE)
        subprocess.run(
            ["psql", "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "cadre_faults"],
            stdin=dump.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        dump.wait()
        url = f"postgres://postgres@127.0.0.1:{port}/cadre_faults"
        env = production_env(url, "")
        collectstatic(env)
        with gunicorn(web, env, workers=2, log_path=f"{RESULTS_DIR}/faults-postgres-gunicorn.log"):
            staff = _signed_in(web, "demo_staff")
            statuses: dict[str, dict] = {"before": {}, "during": {}, "after": {}}
            phase = {"name": "before"}
            error_pages = {"chinese": 0, "other": 0}
            stop = threading.Event()

            def reader():
                browser = Browser(web, timeout=15)
                browser.cookies = dict(staff.cookies)
                while not stop.is_set():
                    try:
                        response = browser.get("/")
                        code = response.status
                        if code >= 500:
                            error_pages["chinese" if ERROR_PAGE_TEXT in response.text else "other"] += 1
                    except OSError:
                        code = 0
                        browser.close()
                    bucket = statuses[phase["name"]]
                    bucket[code] = bucket.get(code, 0) + 1
                    time.sleep(0.02)

            from bench import load

            writes = load.Tally()
            secretary = _signed_in(web, "demo_secretary")
            twin = Browser(web, timeout=15)
            twin.cookies = secretary.cookies

            def writer():
                rng, n = __import__("random").Random(8), 0
                while not stop.is_set():
                    n += 1
                    try:
                        load._one_log(secretary, twin, rng, writes, "demo_secretary", n, datetime.date.today())
                    except (OSError, AssertionError, AttributeError):
                        secretary.close()  # refused during the outage: the next log starts afresh
                        time.sleep(0.2)

            threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
            for t in threads:
                t.start()
            time.sleep(3)
            phase["name"] = "during"
            pg_ctl("stop")
            time.sleep(3)
            pg_ctl("start")
            time.sleep(1)
            phase["name"] = "after"
            time.sleep(5)
            stop.set()
            for t in threads:
                t.join()
            health = _health(web)
        logs = _log_integrity(port, load.MARKER)
        seen = {
            "before": statuses["before"],
            "during": statuses["during"],
            "after": statuses["after"],
            "error_pages_chinese": error_pages["chinese"],
            "error_pages_other": error_pages["other"],
            "healthz_after": health["http"],
            "logs_written": len(logs),
            "logs_submitted": writes.submitted and len(writes.submitted),
            "submitted_without_attendance": sum(1 for status, n in logs.values() if status == "submitted" and n == 0),
            "partial_attendance": sum(1 for _, n in logs.values() if n not in (0, max(c for _, c in logs.values()))),
        }
        # The background jobs through a restart: a tally and a summary running on a worker.
        jobs = _jobs_through_restart(port, pg_ctl)
        seen.update(jobs)
    after = seen["after"]
    passed = (
        set(seen["before"]) == {200}
        and after.get(200, 0) > 0
        and not [c for c in after if c != 200]
        and seen["error_pages_other"] == 0
        and seen["healthz_after"] == 200
        and seen["logs_submitted"]
        and seen["submitted_without_attendance"] == 0
        and seen["partial_attendance"] == 0
        and seen.get("jobs: passed") is True
    )
    return {"passed": passed, **seen}


def _private_rows(port: int, sql_text: str) -> list[tuple]:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="cadre_faults")
    try:
        with conn.cursor() as cur:
            cur.execute(sql_text)
            return cur.fetchall()
    finally:
        conn.close()


def _jobs_through_restart(port: int, pg_ctl) -> dict:
    """A tally and a year's summary, each first run whole, then run again on a Celery
    worker while the private PostgreSQL restarts under them. They must finish (retried,
    not left running or failed), once, and the first results must stay as they were."""
    from django.db import connection

    web, redis_port = PORTS["pg_jobs_web"], PORTS["pg_jobs_redis"]
    url = f"postgres://postgres@127.0.0.1:{port}/cadre_faults"
    params = {"dbname": "cadre_faults", "user": "postgres", "host": "127.0.0.1", "port": port}
    seen: dict = {}
    summary_table, runs_table = "summary_summaryjob", "assessment_tallyrun"
    jobs_sql = f"SELECT id, status, docx, pdf FROM {summary_table} ORDER BY id"
    runs_sql = f"SELECT id, status, attempts, is_current, scheme_id FROM {runs_table} ORDER BY id"
    with use_private(port):
        scheme = _tally_scheme()
        seen["jobs: tally brands"] = sorted(set(scheme.indicators.values_list("brand", flat=True))) if scheme else []
        scheme_pk = scheme.pk if scheme else None
    connection.close()
    env = production_env(url, f"redis://127.0.0.1:{redis_port}/0")
    log = f"{RESULTS_DIR}/faults-postgres-celery.log"
    finished = ("succeeded", "failed", "completed")
    with (
        redis_server(redis_port),
        gunicorn(web, env, workers=2, log_path=f"{RESULTS_DIR}/faults-postgres-jobs-gunicorn.log"),
        celery_worker(env, log) as worker,
    ):
        _wait_for(lambda: bool(pool_children(worker.pid)), "the worker's pool process", timeout=60)
        leader, staff = _signed_in(web, "demo_leader"), _signed_in(web, "demo_staff")
        jobs_before = {row[0] for row in _private_rows(port, jobs_sql)}
        runs_before = {row[0] for row in _private_rows(port, runs_sql)}

        def new(sql_text, before):
            rows = [r for r in _private_rows(port, sql_text) if r[0] not in before]
            return rows[-1][0] if rows else None

        # First, each whole.
        _summary_request(leader)
        first_job = new(jobs_sql, jobs_before)
        if scheme_pk:
            _post_form(staff, f"/assessment/{scheme_pk}/", f"/assessment/{scheme_pk}/tally/")
        first_run = new(runs_sql, runs_before) if scheme_pk else None
        for table, pk, key in ((summary_table, first_job, "first summary"), (runs_table, first_run, "first tally")):
            if pk:
                row = _watch_row(params, table, pk, lambda status, _: status in finished, 240)
                seen[f"jobs: {key}"] = row[0] if row else "not finished"
        intact = {row[0]: row for row in _private_rows(port, jobs_sql) if row[0] == first_job}
        # Then both again, and PostgreSQL restarts while they run.
        known_jobs = {row[0] for row in _private_rows(port, jobs_sql)}
        known_runs = {row[0] for row in _private_rows(port, runs_sql)}
        _summary_request(leader)
        job = new(jobs_sql, known_jobs)
        if scheme_pk:
            _post_form(staff, f"/assessment/{scheme_pk}/", f"/assessment/{scheme_pk}/tally/")
        run = new(runs_sql, known_runs) if scheme_pk else None
        watched = (summary_table, job) if job else (runs_table, run)
        caught = _watch_row(params, *watched, lambda status, _: status == "running", 120)
        seen["jobs: restarted while"] = caught[0] if caught else "not caught running"
        pg_ctl("stop")
        time.sleep(3)
        pg_ctl("start")
        for table, pk, key in ((summary_table, job, "summary"), (runs_table, run, "tally")):
            if pk:
                row = _watch_row(params, table, pk, lambda status, _: status in finished, 300)
                seen[f"jobs: {key} after restart"] = row[0] if row else "still running"
        jobs_after = [r for r in _private_rows(port, jobs_sql) if r[0] not in jobs_before]
        runs_after = [r for r in _private_rows(port, runs_sql) if r[0] not in runs_before]
        seen["jobs: summary jobs written"] = len(jobs_after)
        seen["jobs: tally runs written"] = len(runs_after)
        seen["jobs: first summary intact"] = (
            bool(first_job)
            and {r[0]: r for r in _private_rows(port, jobs_sql) if r[0] == first_job} == intact
            and bool(intact[first_job][2])
        )
        runs_now = _private_rows(port, runs_sql)
        seen["jobs: current run"] = next((r[0] for r in runs_now if r[3] and r[4] == scheme_pk), None)
        seen["jobs: tally attempts"] = next((r[2] for r in runs_now if r[0] == run), None)
        seen["jobs: downloads"] = (_downloads(leader, first_job) + _downloads(leader, job)) if job else []
    seen["jobs: passed"] = (
        seen.get("jobs: summary after restart") == "succeeded"
        and seen.get("jobs: summary jobs written") == 2
        and seen.get("jobs: first summary intact") is True
        and seen.get("jobs: downloads") == [200, 200, 200, 200]
        and (
            not scheme_pk
            or (
                seen.get("jobs: tally after restart") == "completed"
                and seen.get("jobs: tally runs written") == 2
                and seen.get("jobs: current run") == run
            )
        )
    )
    return seen


@contextmanager
def use_private(port: int):
    """This process's default connection on the private cluster's ``cadre_faults``."""
    from django.db import connection

    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(NAME="cadre_faults", HOST="127.0.0.1", PORT=port, USER="postgres", PASSWORD="")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(original)


# ---------------------------------------------------------------------------
def run(args) -> dict:
    from django.db import connection

    which = [w for w in (getattr(args, "which", None) or SCENARIOS)]
    template = _demo_template()
    connection.close()
    os.makedirs(RESULTS_DIR, exist_ok=True)
    figures: dict = {}
    for name in which:
        started = time.monotonic()
        print(f"-- fault scenario: {name}", flush=True)
        try:
            result = globals()[f"scenario_{name}"](template)
        except Exception as exc:  # report and carry on with the next scenario
            result = {"passed": False, "error": f"{type(exc).__name__}: {exc}"}
        result["seconds"] = round(time.monotonic() - started, 1)
        table([[k, v] for k, v in result.items()], [name, "value"])
        figures[name] = result
    figures["passed"] = all(r.get("passed") for r in figures.values() if isinstance(r, dict))
    return figures
