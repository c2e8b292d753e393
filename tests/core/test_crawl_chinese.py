"""Every page of every role is in Chinese: a crawl with Django's test client.

The demo (``seed_demo``) fills every list; one user per role of the shared cast
(tests/conftest.py) works in the demo's own places. From the portal home and the back
office's index the crawler follows every same-site link (GET only; logout, exports,
downloads and query strings skipped; one URL per shape, so one object per change form and
history page) and reads each page's visible text. It fails on, and names page and text:

- English words outside an allow-list of brand names, units and codes (PDF, Excel, ID …);
- raw codes: ``app_label.model``, dotted formula keys, Python reprs;
- ``None``/``True``/``False`` shown as text (they are English words too);
- escaped markup shown as text (``<br>`` printed instead of a line break).
"""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from apps.accounts.choices import Role
from tests.conftest import make_user
from tests.core.test_admin_chinese import VisibleText

pytestmark = pytest.mark.django_db

MAX_PAGES_PER_ROLE = 600

# Words that are Chinese users' own vocabulary: brand and product names, units, codes.
ALLOWED_WORDS = {
    "PDF",
    "Excel",
    "Word",
    "ID",
    "IP",
    "QR",
    "URL",
    "TOTP",
    "Cron",
    "xlsx",
    "xls",
    "WPS",
    "Microsoft",
    "Authenticator",
    "Google",
    "App",
    "Chrome",
    "Edge",
    "Safari",
    "Firefox",
    "ECharts",
    "UTC",
    "Celery",
    "Redis",
    "PostgreSQL",
    "JSON",
    "SHA",  # the lottery's published digest and draw (SHA-256, HMAC-SHA256)
    "HMAC",
    "km",
    "cm",
    "kg",
    "MB",
    "KB",
    "GB",
    "px",
    "pp",
    "A4",
    "esc",  # the key's own label, in unfold's search box
    "zhangsan",  # pinyin search examples: what the user types
    "zs",
}

SKIP_PATH = re.compile(
    r"logout|export|download|excel-template|failed-rows|failed_rows|/photos?/|\.xlsx$|\.pdf$|^/static/|^/media/"
    r"|/print/|/healthz"
)
ENGLISH = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z]+(?![A-Za-z0-9_])")
DOTTED_CODE = re.compile(r"(?<![\w.@/:-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?![\w@/(-])")
FILE_NAME = re.compile(r"\.(xlsx|xls|pdf|png|jpg|jpeg|csv|docx?|html?|js|css)$")
PYTHON_REPR = re.compile(r"<[A-Z]\w+: |object at 0x|\{'\w+': |\[\{'")
# A hash or fingerprint shown to users ("输入指纹：6b96e4…"): hex with letters and digits.
HEX_CODE = re.compile(r"(?<![\w])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{6,}(?![\w])")
# Masked values (a password hash's salt "Dj****…") are data, not words.
MASKED = re.compile(r"\S*\*{4,}\S*")
MARKUP_AS_TEXT = re.compile(r"</?(br|p|b|i|strong|em|span|div|a|ul|li|table|tr|td)\b[^>]*>", re.I)


class PageText(VisibleText):
    """Visible text (see test_admin_chinese) and the page's same-site links."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        super().handle_starttag(tag, attrs)


WEB_ADDRESS = re.compile(r"https?://[^\s'\"<>]+")


def findings(text: str, data_words=frozenset()) -> list[str]:
    """What on a page is not Chinese UI: each item a short description with the text.

    ``data_words`` are the data's own Latin words (user names), not UI text."""
    found = []
    for line in text.splitlines():
        for word in data_words:
            line = re.sub(re.escape(word), "", line, flags=re.I)
        line = MASKED.sub("", line)
        # A web address staff entered (a media report's link) is data, not UI text.
        line = WEB_ADDRESS.sub("", line)
        words = [w for w in ENGLISH.findall(line) if w not in ALLOWED_WORDS]
        if words:
            found.append(f"英文 {sorted(set(words))}: {line[:80]!r}")
        codes = [c for c in DOTTED_CODE.findall(line) if not FILE_NAME.search(c)]
        if codes:
            found.append(f"代码 {codes}: {line[:80]!r}")
        if HEX_CODE.search(line):
            found.append(f"十六进制代码: {line[:80]!r}")
        if PYTHON_REPR.search(line):
            found.append(f"Python 表示: {line[:80]!r}")
        if MARKUP_AS_TEXT.search(line):
            found.append(f"标记原样显示: {line[:80]!r}")
    return found


def page_of(html: str) -> PageText:
    parser = PageText()
    parser.feed(html)
    return parser


def shape(path: str) -> str:
    """One URL per shape: numbers are ids, so /admin/x/y/12/change/ stands for them all."""
    return re.sub(r"\d+", "N", path)


def crawl(client, starts, data_words=frozenset()) -> dict[str, list[str]]:
    """Pages reached from ``starts`` (paths) and what each shows that is not Chinese."""
    seen, report = set(), {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = page_of(response.content.decode())
        found = findings("\n".join(page.parts), data_words)
        if found:
            report[path] = found
        for href in page.links:
            parts = urlsplit(urljoin(path, href))
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            if parts.query or not parts.path or SKIP_PATH.search(parts.path):
                continue
            if shape(parts.path) not in seen:
                queue.append(parts.path)
    return report


@pytest.fixture
def demo_cast(db):
    """The demo data, and one user per role of the shared cast working in the demo's places."""
    call_command("seed_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from apps.accounts.models import User

    demo = {u.role: u for u in User.objects.filter(username__startswith="demo_")}
    scopes = {
        Role.DISTRICT_STAFF: {"scope_region": demo[Role.DISTRICT_STAFF].scope_region},
        Role.SECRETARY: {"scope_organisation": demo[Role.SECRETARY].scope_organisation},
        Role.TEAM_LEADER: {"scope_team": demo[Role.TEAM_LEADER].scope_team},
    }
    roles = {
        "leader": Role.LEADERSHIP,
        "staff": Role.BUREAU_STAFF,
        "district": Role.DISTRICT_STAFF,
        "secretary": Role.SECRETARY,
        "team_leader": Role.TEAM_LEADER,
        "sysadmin": Role.SYSTEM_ADMIN,
        "security": Role.SECURITY_ADMIN,
        "auditor": Role.AUDIT_ADMIN,
    }
    return {name: make_user(name, role, **scopes.get(role, {})) for name, role in roles.items()}


# ---------------------------------------------------------------------------
# The checker itself must be able to fail
# ---------------------------------------------------------------------------
def test_the_checker_names_english_codes_reprs_and_markup():
    bad = [
        "Can add 党员",
        "对象类型 accounts.user",
        "公式 party.three_meetings_completion",
        "值 None",
        "启用 True",
        "下级党组织 <br>东关支部",
        "<User: staff>",
        "输入指纹：6b96e4a1…",
    ]
    for line in bad:
        assert findings(line), line
    assert not findings("保存")
    assert not findings("导出 党员名册-全市-2026-12-06.xlsx（Excel，PDF）")
    assert not findings("报道链接：https://www.xuexi.cn/lgpage/detail/index.html")


# ---------------------------------------------------------------------------
# The crawl
# ---------------------------------------------------------------------------
def test_every_page_of_every_role_is_in_chinese(client, demo_cast):
    from apps.accounts.models import User

    # User names are account identifiers (Latin by nature), data rather than UI text;
    # longest first so that "district" does not leave "_other" behind.
    usernames = sorted(User.objects.values_list("username", flat=True), key=len, reverse=True)
    report = {"anonymous": crawl(client, ["/accounts/login/", "/admin/login/"], usernames)}
    for name, user in demo_cast.items():
        client.force_login(user)
        report[name] = crawl(client, ["/", "/admin/"], usernames)
        client.logout()
    # Each finding once, with the first page that shows it.
    first_seen = {}
    for role, pages in report.items():
        for path, items in pages.items():
            for item in items:
                first_seen.setdefault(item, f"[{role}] {path}")
    lines = [f"{where}: {item}" for item, where in first_seen.items()]
    assert not lines, f"{len(lines)} 处非中文界面文字：\n" + "\n".join(lines[:400])


# ---------------------------------------------------------------------------
# Pages the crawl's one object per page shape may not show in full
# ---------------------------------------------------------------------------
def test_the_organisation_page_lists_its_children_on_lines_not_as_markup(client, cast):
    from tests import factories as f

    parent = f.OrganisationFactory(name="广陵区老干部党委", kind="committee", region=cast.branch.region)
    for name in ("甲支部", "乙支部"):
        f.OrganisationFactory(name=name, parent=parent, region=cast.branch.region)
    client.force_login(cast.staff)
    response = client.get(f"/admin/party/organisation/{parent.pk}/change/")
    text = "\n".join(page_of(response.content.decode()).parts)
    assert "甲支部" in text and "乙支部" in text
    assert findings(text, ["staff"]) == []
