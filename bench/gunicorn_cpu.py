"""gunicorn settings for the load scenarios: the portal's own (``gunicorn.conf.py``) plus
per-path server CPU accounting, bench only.

Each sync worker serves one request at a time, so the worker's ``time.process_time()``
between ``pre_request`` and ``post_request`` is that request's CPU (Python, templates,
the database driver; not PostgreSQL's or Redis's own). Paths are grouped with their
numbers replaced by ``<n>`` and without the query string; each worker writes its totals
to ``$BENCH_CPU_DIR/cpu-<pid>.json`` when it exits. :func:`read` adds the workers up.
"""

import json
import os
import re
import runpy
import time

# The portal's own settings (its redacting logger, access and error logs).
_portal = runpy.run_path(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gunicorn.conf.py"))
accesslog, errorlog, logger_class = _portal["accesslog"], _portal["errorlog"], _portal["logger_class"]

NUMBER = re.compile(r"\d+")
_totals: dict[tuple[str, str], list[float]] = {}  # (method, path group) → [requests, cpu s]


def group_of(method: str, path: str) -> tuple[str, str]:
    """``("GET", "/workspace/logs/12/attendance/")`` → ``("GET", "/workspace/logs/<n>/attendance/")``."""
    return method, NUMBER.sub("<n>", path.split("?", 1)[0])


def pre_request(worker, req):
    req._bench_cpu = time.process_time()


def post_request(worker, req, environ, resp):
    started = getattr(req, "_bench_cpu", None)
    if started is None:
        return
    entry = _totals.setdefault(group_of(req.method, req.path), [0, 0.0])
    entry[0] += 1
    entry[1] += time.process_time() - started


def worker_exit(server, worker):
    folder = os.environ.get("BENCH_CPU_DIR")
    if not folder:
        return
    rows = [[method, path, n, cpu] for (method, path), (n, cpu) in _totals.items()]
    with open(os.path.join(folder, f"cpu-{os.getpid()}.json"), "w") as out:
        json.dump({"rows": rows, "process_cpu_s": sum(os.times()[:2])}, out)


def read(folder: str) -> dict:
    """The workers' files in ``folder`` added up: per path group (requests, CPU ms, ms per
    request), the requests' CPU and the workers' whole CPU (start-up included)."""
    paths: dict[str, list[float]] = {}
    process_cpu = 0.0
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("cpu-") and name.endswith(".json")):
            continue
        with open(os.path.join(folder, name)) as handle:
            data = json.load(handle)
        process_cpu += data["process_cpu_s"]
        for method, path, n, cpu in data["rows"]:
            entry = paths.setdefault(f"{method} {path}", [0, 0.0])
            entry[0] += n
            entry[1] += cpu
    by_path = {
        key: {"requests": n, "cpu_ms": round(cpu * 1000), "cpu_ms_each": round(cpu * 1000 / n, 1)}
        for key, (n, cpu) in sorted(paths.items(), key=lambda item: -item[1][1])
    }
    total = sum(cpu for _, cpu in paths.values())
    requests = sum(n for n, _ in paths.values())
    return {
        "requests": requests,
        "requests_cpu_s": round(total, 2),
        "cpu_ms_per_request": round(total * 1000 / requests, 1) if requests else 0.0,
        "workers_cpu_s": round(process_cpu, 2),
        "by_path": by_path,
    }
