"""Pure helpers of the load generator, the http benchmark and the scenarios."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import http as http_bench
from bench import load
from bench.backup import _url
from bench.loadgen import Browser, hammer, percentile


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))

    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0


def test_ratios_are_shares_of_the_minimal_view():
    figures = {"minimal": {"rps": 400.0}, "dashboard": {"rps": 220.0}, "secretary": {"rps": 100.0}}

    assert http_bench.ratios(figures) == {"minimal": 1.0, "dashboard": 0.55, "secretary": 0.25}


def test_backup_urls_keep_the_server_and_change_the_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre")

    assert _url() == "postgresql://postgres@127.0.0.1:5432/cadre"
    assert _url("cadre_restored") == "postgresql://postgres@127.0.0.1:5432/cadre_restored"


def test_backup_refuses_sqlite(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")

    with pytest.raises(SystemExit):
        _url()


def test_the_load_scenario_finds_the_hidden_fields_of_the_forms():
    page = (
        '<input type="hidden" name="client_token" value="6f1c2d3e-0000-4000-8000-000000000001" id="id_client_token">'
        '<input type="hidden" name="version" value="3" id="id_version">'
        '<input type="hidden" name="person" value="17"><input type="hidden" name="person" value="18">'
    )

    assert load.TOKEN_INPUT.search(page).group(1) == "6f1c2d3e-0000-4000-8000-000000000001"
    assert load.VERSION_INPUT.search(page).group(1) == "3"
    assert load.PERSON_INPUT.findall(page) == ["17", "18"]
    assert load.LOG_PATH.search("/workspace/logs/42/attendance/").group(1) == "42"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"ok" if self.path == "/ok" else b"no"
        self.send_response(200 if self.path == "/ok" else 503)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "sessionid=abc; HttpOnly; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


def test_the_browser_keeps_cookies(server):
    browser = Browser(server)

    response = browser.get("/ok")

    assert response.status == 200
    assert browser.cookies == {"sessionid": "abc"}


def test_hammer_stops_at_its_request_cap_and_counts_only_200s(server):
    ok = hammer(server, "/ok", duration=10, max_requests=40, concurrency=2)
    failing = hammer(server, "/down", duration=10, max_requests=10, concurrency=2)

    assert ok["requests"] == 40
    assert ok["ok"] == 40
    assert ok["statuses"] == {200: 40}
    assert failing["ok"] == 0
    assert failing["rps"] == 0
    assert failing["statuses"] == {503: 10}


def test_server_cpu_is_grouped_by_path_and_added_over_workers(tmp_path):
    from bench import gunicorn_cpu

    assert gunicorn_cpu.group_of("GET", "/workspace/logs/12/attendance/?x=3") == (
        "GET",
        "/workspace/logs/<n>/attendance/",
    )
    (tmp_path / "cpu-1.json").write_text(
        json.dumps({"rows": [["GET", "/a/<n>/", 2, 0.010], ["POST", "/b/", 1, 0.030]], "process_cpu_s": 1.5})
    )
    (tmp_path / "cpu-2.json").write_text(json.dumps({"rows": [["GET", "/a/<n>/", 2, 0.030]], "process_cpu_s": 2.0}))
    (tmp_path / "other.json").write_text("{}")
    figures = gunicorn_cpu.read(str(tmp_path))
    assert figures["requests"] == 5
    assert figures["workers_cpu_s"] == 3.5
    assert figures["cpu_ms_per_request"] == 14.0
    assert list(figures["by_path"]) == ["GET /a/<n>/", "POST /b/"]
    assert figures["by_path"]["GET /a/<n>/"] == {"requests": 4, "cpu_ms": 40, "cpu_ms_each": 10.0}
