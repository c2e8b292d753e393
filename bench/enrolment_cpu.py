"""The rush's two requests in one process, by a direct WSGI call (``python -m bench enrolment cpu``).

Run by :func:`bench.enrolment.rush_cpu` as a child process with the production
environment (:func:`bench.loadgen.production_env`: DEBUG off, Redis ``cached_db`` sessions,
the production middleware stack), it plays each elder of a plan in turn — GET the course's
apply page, POST its form with the session cookie and CSRF token, as the HTTP rush does —
through ``cadre_portal.wsgi.application``, as gunicorn's worker would, and prints one JSON
line: the CPU milliseconds (``time.process_time``) and SQL queries of each GET and POST,
after a warm-up like a worker's first requests. With ``--profile PATH`` the measured part
runs under cProfile, its statistics written to ``PATH``.

Load-independent enough to compare one change with the next on a shared machine, where the
HTTP rush's latencies are not; without the server's socket and log work (a few hundred µs).
"""

import io
import json
import re
import statistics
import sys
import time

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
HOST = "127.0.0.1:8117"


def _environ(method: str, path: str, cookies: dict, body: bytes = b"", referer: str = "") -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8117",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "HTTP_USER_AGENT": "bench-enrolment-cpu",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if method == "POST":
        environ.update(
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
            HTTP_REFERER=f"http://{HOST}{referer}",
            HTTP_X_CSRFTOKEN=cookies.get("csrftoken", ""),
        )
    return environ


def _call(application, environ: dict, cookies: dict) -> tuple[int, bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = headers

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()  # request_finished: the connection is returned, as under gunicorn
    for name, value in answer["headers"]:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    return answer["status"], body


def main(argv: list[str]) -> None:
    from urllib.parse import urlencode

    import django

    django.setup()
    from django.db import connection

    from cadre_portal.wsgi import application

    plan_path = argv[0]
    profile_path = argv[argv.index("--profile") + 1] if "--profile" in argv else ""
    warmup = int(argv[argv.index("--warmup") + 1]) if "--warmup" in argv else 20
    with open(plan_path) as f:
        plan = json.load(f)
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    figures = {"get": [], "post": []}
    counts = {"get": [], "post": []}
    statuses: dict[str, int] = {}
    profiler = None

    def one(kind, environ, cookies):
        before_q, before = queries[0], time.process_time()
        status, body = _call(application, environ, cookies)
        cpu = (time.process_time() - before) * 1000
        return status, body, cpu, queries[0] - before_q

    with connection.execute_wrapper(count):
        for n, (session_key, person_id, course_ids) in enumerate(plan):
            measured = n >= warmup
            if measured and profile_path and profiler is None:
                import cProfile

                profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on the database
                profiler.enable()
            cookies = {"sessionid": session_key}
            for course_id in course_ids:
                path = f"/education/courses/{course_id}/apply/"
                status, body, cpu, q = one("get", _environ("GET", path, cookies), cookies)
                statuses[f"GET {status}"] = statuses.get(f"GET {status}", 0) + 1
                if measured:
                    figures["get"].append(cpu)
                    counts["get"].append(q)
                token = CSRF_INPUT.search(body)
                if status != 200 or not token:
                    continue
                form = urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "person": person_id}).encode()
                status, body, cpu, q = one("post", _environ("POST", path, cookies, form, path), cookies)
                statuses[f"POST {status}"] = statuses.get(f"POST {status}", 0) + 1
                if measured:
                    figures["post"].append(cpu)
                    counts["post"].append(q)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_path)
    every = figures["get"] + figures["post"]
    print(
        json.dumps(
            {
                "cpu_requests": len(every),
                "cpu_ms_per_request": round(statistics.mean(every), 2) if every else 0.0,
                "cpu_get_ms": round(statistics.median(figures["get"]), 2) if figures["get"] else 0.0,
                "cpu_post_ms": round(statistics.median(figures["post"]), 2) if figures["post"] else 0.0,
                "cpu_get_queries": max(counts["get"], default=0),
                "cpu_post_queries": max(counts["post"], default=0),
                "cpu_get_queries_median": statistics.median(counts["get"]) if counts["get"] else 0,
                "cpu_post_queries_median": statistics.median(counts["post"]) if counts["post"] else 0,
                "cpu_statuses": statuses,
                "cpu_profiled": bool(profile_path),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
