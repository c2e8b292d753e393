"""No ID or mobile number in any log line: the redaction filter is on every handler of
every logger — Django's own (``django.server`` included), gunicorn's error and access logs
(``gunicorn.conf.py``, used by ``make serve``) and Celery's."""

import datetime
import io
import logging
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings

from apps.audit.logging import RedactPersonalDataFilter
from tests.security.test_query_strings import ID_NUMBER

MASKED = f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"
MOBILE, MOBILE_MASKED = "13912345678", "139****5678"


def _is_ours(handler) -> bool:
    """Handlers pytest and the suite's log scanner add for the run are not the portal's."""
    if isinstance(handler, logging.NullHandler):  # writes nothing anywhere
        return False
    return not type(handler).__module__.startswith(("_pytest", "tests."))


def _handlers(name: str) -> list[logging.Handler]:
    """Every handler a record logged on ``name`` reaches."""
    logger, found = logging.getLogger(name), []
    while logger:
        found += [h for h in logger.handlers if _is_ours(h)]
        if not logger.propagate:
            break
        logger = logger.parent
    return found


def _redacts(handler) -> bool:
    return any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters)


def _formatted(handler, record) -> str:
    assert handler.filter(record)
    return handler.format(record)


def test_every_handler_in_the_logging_settings_has_the_filter():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_pii" in handler.get("filters", []), name


@pytest.mark.parametrize(
    "name",
    ["", "django", "django.server", "django.request", "django.security.csrf", "apps.party", "axes", "celery"],
)
def test_every_logger_reaches_only_handlers_with_the_filter(name):
    handlers = _handlers(name)
    assert handlers, f"logger {name!r} has no handler"
    assert all(_redacts(h) for h in handlers), f"{name!r}: {handlers}"


def test_a_record_with_an_id_number_in_its_message_and_args_is_masked():
    [handler] = _handlers("apps.people")
    record = logging.LogRecord(
        "apps.people", logging.WARNING, __file__, 1, f"查询 {ID_NUMBER} 与 %s、%s", (ID_NUMBER, MOBILE), None
    )
    line = _formatted(handler, record)
    assert ID_NUMBER not in line and MOBILE not in line
    assert line.endswith(f"查询 {MASKED} 与 {MASKED}、{MOBILE_MASKED}")


def test_the_runserver_request_line_is_masked():
    [handler] = _handlers("django.server")
    record = logging.LogRecord(
        "django.server",
        logging.WARNING,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /dashboard/regions/3/?q={ID_NUMBER} HTTP/1.1", "400", "1234"),
        None,
    )
    record.status_code, record.server_time = 400, "06/Dec/2026 10:00:00"
    line = _formatted(handler, record)
    assert ID_NUMBER not in line and f"?q={MASKED} HTTP/1.1" in line


def test_a_percent_encoded_id_number_is_masked_too():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET /dashboard/?q=%s", (f"%E6%9F%A5%E6%89%BE{ID_NUMBER}",), None
    )
    RedactPersonalDataFilter().filter(record)
    assert ID_NUMBER not in record.getMessage() and MASKED in record.getMessage()


# ---------------------------------------------------------------------------
# gunicorn (make serve)
# ---------------------------------------------------------------------------
def _gunicorn_logger(tmp_path):
    from gunicorn.config import Config

    cfg = Config()
    for key, value in runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py")).items():
        if key in cfg.settings:
            cfg.set(key, value)
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return cfg.logger_class(cfg)


def test_make_serve_runs_gunicorn_with_the_config_file():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "gunicorn" in serve and "--config gunicorn.conf.py" in serve


def test_the_gunicorn_access_log_masks_an_id_number_in_the_query_string(tmp_path):
    log = _gunicorn_logger(tmp_path)
    query = f"q={ID_NUMBER}&mobile={MOBILE}"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/dashboard/regions/3/",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
    }
    request = SimpleNamespace(
        headers=[("USER-AGENT", "pytest")], method="GET", path="/dashboard/regions/3/", query=query, version=(1, 1)
    )
    response = SimpleNamespace(status="400 Bad Request", headers=[], sent=120, response_length=120)
    log.access(response, request, environ | {"RAW_URI": f"/dashboard/regions/3/?{query}"}, datetime.timedelta(0))
    for handler in log.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert "/dashboard/regions/3/" in line
    assert ID_NUMBER not in line and MOBILE not in line
    assert MASKED in line and MOBILE_MASKED in line


def test_the_gunicorn_error_log_masks_an_id_number(tmp_path):
    log = _gunicorn_logger(tmp_path)
    log.error("worker failed on %s", f"/admin/people/person/?q={ID_NUMBER}")
    for handler in log.error_log.handlers:
        handler.flush()
    text = (tmp_path / "error.log").read_text()
    assert ID_NUMBER not in text and MASKED in text


# ---------------------------------------------------------------------------
# Celery (its worker replaces the root handlers with its own)
# ---------------------------------------------------------------------------
def test_celery_worker_handlers_get_the_filter():
    from celery.signals import after_setup_logger, after_setup_task_logger

    import cadre_portal.celery  # noqa: F401  (connects the receivers)

    for signal in (after_setup_logger, after_setup_task_logger):
        logger = logging.getLogger(f"test.celery.{signal.name}")
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        logger.addHandler(handler)
        try:
            signal.send(sender=None, logger=logger, loglevel=logging.INFO, logfile=None, format="", colorize=False)
            assert _redacts(handler)
            logger.warning("task for %s", ID_NUMBER)
            assert ID_NUMBER not in stream.getvalue() and MASKED in stream.getvalue()
        finally:
            logger.removeHandler(handler)
