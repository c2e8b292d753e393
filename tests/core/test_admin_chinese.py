"""The back office shows no English: every string of the theme is translated.

Pages are rendered for bureau staff; the visible text (tags, scripts, styles and icon
ligatures stripped, but placeholders, titles and ARIA labels kept) must hold none of the
English words the admin and django-unfold use. A missing entry in
``locale/zh_Hans/LC_MESSAGES/django.po`` makes one of these tests fail.
"""

import re
from html.parser import HTMLParser

import pytest

from tests import factories as f

# Words of Django admin and django-unfold UI chrome, matched as whole words, any case.
ENGLISH_UI_WORDS = [
    "Search",
    "Filter",
    "Filters",
    "Add",
    "Save",
    "Delete",
    "History",
    "Actions",
    "Action",
    "Go",
    "Home",
    "Log out",
    "Log in",
    "Apply",
    "Reset",
    "Change",
    "View site",
    "Welcome",
    "Show",
    "Hide",
    "Select",
    "Clear",
    "Submit",
    "Cancel",
    "Close",
    "Export",
    "Import",
    "Password",
    "Username",
    "Previous",
    "Next",
    "Results",
    "result",
    "total",
    "Yes",
    "No",
    "All",
    "Today",
    "Date",
    "Light",
    "Dark",
    "System",
    "Recent",
    "Run",
    "Back",
    "Return",
    "Toggle",
    "Collapse",
    "Expand",
    "Object",
    "Comment",
    "Changed by",
    "Revert",
    "Type to search",
    "Dashboard",
    "Django",
    "administration",
    "Remove",
    "None",
]
WORD_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(w) for w in ENGLISH_UI_WORDS) + r")(?![A-Za-z])", re.I)
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class VisibleText(HTMLParser):
    """Collects the text a user can read: element text plus a few visible attributes."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Material Symbols draw icons from ligature names ("search", "add"): not words.
        icon = "material-symbols" in (attrs.get("class") or "")
        void = tag in {"input", "img", "br", "hr", "meta", "link", "source", "col", "wbr"}
        if not self._skipping():
            for name in VISIBLE_ATTRIBUTES:
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
                self.parts.append(attrs["value"])
        if not void:
            self.stack.append((tag, tag in self.SKIP or icon))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_words(html: str) -> list[str]:
    return sorted({m.group(0) for m in WORD_RE.finditer(visible_text(html))})


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.staff)
    return client


# ---------------------------------------------------------------------------
# The checker itself must be able to fail
# ---------------------------------------------------------------------------
def test_the_checker_finds_english_in_visible_text_only():
    html = (
        '<p>保存</p><button title="Search">搜</button><span class="material-symbols-outlined">add</span>'
        "<script>var Save = 1;</script><a>Log out</a>"
    )
    assert english_words(html) == ["Log out", "Search"]


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
def assert_chinese(response):
    assert response.status_code == 200
    found = english_words(response.content.decode())
    assert found == [], f"English UI words on {response.request['PATH_INFO']}: {found}"


def test_the_admin_index_is_in_chinese(staff_client):
    assert_chinese(staff_client.get("/admin/"))


def test_the_people_changelist_with_filters_is_in_chinese(staff_client):
    f.PersonFactory()
    assert_chinese(staff_client.get("/admin/people/person/"))


def test_an_empty_filtered_changelist_is_in_chinese(staff_client):
    assert_chinese(staff_client.get("/admin/people/person/?q=不存在的人"))


def test_the_activity_log_changelist_is_in_chinese(staff_client, cast):
    f.ActivityLogFactory(organisation=cast.branch)
    assert_chinese(staff_client.get("/admin/party/activitylog/"))


def test_a_change_form_is_in_chinese(staff_client):
    person = f.PersonFactory()
    assert_chinese(staff_client.get(f"/admin/people/person/{person.pk}/change/"))


def test_an_add_form_is_in_chinese(staff_client):
    assert_chinese(staff_client.get("/admin/people/person/add/"))


def test_the_history_page_is_in_chinese(staff_client):
    person = f.PersonFactory()
    assert_chinese(staff_client.get(f"/admin/people/person/{person.pk}/history/"))


def test_a_history_version_is_in_chinese(staff_client):
    person = f.PersonFactory()
    assert_chinese(staff_client.get(f"/admin/people/person/{person.pk}/history/{person.history.latest().pk}/"))


def test_the_delete_confirmation_is_in_chinese(staff_client):
    person = f.PersonFactory()
    assert_chinese(staff_client.get(f"/admin/people/person/{person.pk}/delete/"))


def test_the_admin_login_page_is_in_chinese(client, db):
    assert_chinese(client.get("/admin/login/"))


def test_the_periodic_tasks_are_in_chinese(staff_client):
    assert_chinese(staff_client.get("/admin/django_celery_beat/periodictask/"))


def test_a_periodic_task_names_its_cron_summary_in_chinese(staff_client):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    task = PeriodicTask.objects.create(
        name="测试任务", task="people.rebuild_search_columns", crontab=CrontabSchedule.objects.create(minute="0")
    )
    # django-celery-beat's own help texts keep words like None/False; the labels must not be English.
    text = visible_text(staff_client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/").content.decode())
    assert "Cron 表达式说明" in text
    assert "Crontab translation" not in text
