"""Web hardening: the deployment check, security headers on every response, CSRF,
Chinese error pages without tracebacks, upload limits and the xlsx chain."""

import io
import os
import secrets
import subprocess
import sys
import zipfile

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from tests.access.matrix import load_tables
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def production_env(**extra):
    drop = {"CADRE_TESTING", "DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="cadre_portal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        PII_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        PII_HASH_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="ltgb.yangzhou.gov.cn",
        **extra,
    )
    return env


def test_the_deployment_check_is_clean_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_keys():
    env = production_env()
    del env["PII_HASH_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "PII_HASH_KEY" in result.stderr


# ---------------------------------------------------------------------------
# Headers on every response
# ---------------------------------------------------------------------------
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _check_headers(response, where):
    for name, value in HEADERS.items():
        assert response.get(name) == value, f"{where}: {name}={response.get(name)!r}"
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, f"{where}: CSP {csp!r}"
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0], where


def test_every_page_of_the_matrix_sends_the_security_headers(cast):
    from django.contrib import admin

    pages, _ = load_tables()
    checked = 0
    for role in ["anonymous", "staff", "secretary", "auditor"]:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(cast, role))
        for name, page in sorted(pages.items()):
            path = page.path(cast) if callable(page.path) else page.path
            data = page.data(cast) if callable(page.data) else page.data
            response = getattr(client, page.method)(path, data or {})
            _check_headers(response, f"{role} {name} {path}")
            checked += 1
        for model in admin.site._registry:
            path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            _check_headers(client.get(path), f"{role} {path}")
            checked += 1
    assert checked > 100


def test_only_the_back_office_allows_eval_for_its_theme(client, cast):
    client.force_login(cast.staff)
    front = client.get("/")["Content-Security-Policy"]
    back = client.get("/admin/")["Content-Security-Policy"]
    assert "'unsafe-eval'" not in front
    assert "script-src 'self' 'unsafe-eval'" in back


def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_session_and_csrf_cookies_are_http_only():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


# ---------------------------------------------------------------------------
# CSRF
# ---------------------------------------------------------------------------
def test_a_post_without_the_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    client.force_login(cast.staff)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.post("/accounts/password/", {}).status_code == 403


def test_the_real_form_with_its_token_works(cast):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"username": "staff", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


# ---------------------------------------------------------------------------
# Error pages
# ---------------------------------------------------------------------------
def test_error_pages_are_chinese_and_show_no_internals(client, cast, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.security.urls_boom"
    client.raise_request_exception = False
    client.force_login(cast.secretary)
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert "找不到这个页面" in not_found.content.decode()
    client.force_login(cast.leader)
    forbidden = client.post("/audit/reveal/person/999999/")
    assert forbidden.status_code == 403
    assert "Forbidden" not in forbidden.content.decode()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in forbidden.content.decode())
    failed = client.get("/__boom__/")
    assert failed.status_code == 500
    html = failed.content.decode()
    assert "Traceback" not in html and "SECRET_KEY" not in html and "RuntimeError" not in html
    assert any("\u4e00" <= ch <= "\u9fff" for ch in html)


# ---------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------
def test_request_bodies_and_uploads_are_size_limited():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.EXCEL_MAX_UPLOAD_BYTES <= 10 * 1024 * 1024


def test_openpyxl_parses_xml_through_defusedxml():
    from openpyxl import xml

    assert xml.DEFUSEDXML is True


def _xlsx(parts=None, content_types='<?xml version="1.0"?><Types/>'):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        for name, body in (parts or {}).items():
            zf.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7 not a workbook", "not_xlsx"),
        (_xlsx({"xl/vbaProject.bin": "macro"}), "macro"),
        (
            _xlsx(
                content_types='<?xml version="1.0"?><Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
            ),
            "macro",
        ),
        (
            _xlsx({"xl/sharedStrings.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}),
            "xml_bomb",
        ),
        (_xlsx({"xl/worksheets/sheet1.xml": "<x>" + "0" * 30_000_000 + "</x>"}), "zip_bomb"),
    ],
    ids=["not-a-zip", "vba-part", "macro-content-type", "xml-entities", "zip-bomb"],
)
def test_the_upload_chain_refuses_dangerous_workbooks(data, code):
    from apps.core.excel.uploads import check_xlsx_bytes

    with pytest.raises(ValidationError) as excinfo:
        check_xlsx_bytes(data)
    assert excinfo.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in excinfo.value.messages[0])


def test_macro_enabled_and_oversized_files_are_refused_by_name_and_size():
    from apps.core.excel.uploads import check_upload

    with pytest.raises(ValidationError, match="宏"):
        check_upload(name="名册.xlsm", size=100)
    with pytest.raises(ValidationError, match="过大"):
        check_upload(name="名册.xlsx", size=settings.EXCEL_MAX_UPLOAD_BYTES + 1)


def test_exports_escape_formulae():
    from openpyxl import load_workbook

    from apps.core.excel.formats import write_rows

    data = write_rows(["姓名"], [["=cmd|' /C calc'!A0"], ["+1+1"], ["@SUM(A1)"], ["张三"]])
    values = [row[0] for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)]
    assert values == ["'=cmd|' /C calc'!A0", "'+1+1", "'@SUM(A1)", "张三"]
