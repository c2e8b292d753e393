"""The back office's add pages whose rows a service writes (``ServiceCreateAdminMixin``) and
forms that show a service's refusal (``ServiceCheckedAdminMixin``), on the calendar's
admin so that nothing here depends on a brand: one history entry naming the new row, the
messages, the refusal on the form or as a message, nothing half-saved."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from apps.core.admin import BaseAdmin, ServiceCheckedAdminMixin, ServiceCreateAdminMixin
from apps.core.models import CalendarDay, CalendarDayKind

pytestmark = pytest.mark.django_db

DAY = datetime.date(2040, 10, 1)
FORM = {"date": "2040-10-01", "kind": CalendarDayKind.HOLIDAY, "name": "国庆节", "note": "录入"}


def day_create(*, date, kind, name, note):
    """A stand-in service: it writes the row itself and derives the note."""
    if name == "拒绝":
        # Written, then refused: the admin must leave nothing behind.
        CalendarDay.objects.create(date=date, kind=kind, name=name)
        raise ValidationError("该日已由国务院办公厅通知另行安排，不能登记。")
    return CalendarDay.objects.create(date=date, kind=kind, name=name, note=f"{note}（经办）")


class DayAdmin(ServiceCreateAdminMixin, BaseAdmin):
    fields = ["date", "kind", "name", "note"]
    created_fields = ("note",)

    def service_create(self, request, obj, form):
        return day_create(date=obj.date, kind=obj.kind, name=obj.name, note=obj.note)


class ReadOnlyDayAdmin(DayAdmin):
    saved_on_change = False


class CheckedDayAdmin(ServiceCheckedAdminMixin, DayAdmin):
    pass


def _request(user, data=None):
    factory = RequestFactory()
    request = factory.post("/admin/core/calendarday/add/", data) if data is not None else factory.get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    request.user = user
    return request


def _texts(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_the_service_writes_the_row_and_the_page_names_it(admin_user):
    model_admin = DayAdmin(CalendarDay, admin.site)
    request = _request(admin_user, FORM)
    response = model_admin.add_view(request)
    day = CalendarDay.objects.get(date=DAY)
    assert day.note == "录入（经办）"
    # The redirect, the message and the admin's history entry name the row the service wrote.
    assert response.status_code == 302
    (added,) = _texts(request)
    assert f'href="/admin/core/calendarday/{day.pk}/change/"' in added and "2040-10-01 国庆节" in added
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id) == (ADDITION, str(day.pk))
    # One version in the model's history: the service's, none from the admin.
    assert day.history.count() == 1


def test_the_adopted_object_carries_the_fields_the_service_set(admin_user):
    model_admin = DayAdmin(CalendarDay, admin.site)
    obj = CalendarDay(date=DAY, kind=CalendarDayKind.HOLIDAY, name="国庆节", note="录入")
    model_admin.save_model(_request(admin_user), obj, None, False)
    assert obj.pk == CalendarDay.objects.get(date=DAY).pk
    assert obj.note == "录入（经办）"
    assert obj._state.adding is False and obj._state.db == "default"


def test_a_refusal_is_a_message_and_leaves_nothing_behind(admin_user):
    model_admin = DayAdmin(CalendarDay, admin.site)
    request = _request(admin_user, {**FORM, "name": "拒绝"})
    response = model_admin.add_view(request)
    assert response.status_code == 302 and response.url == "/admin/core/calendarday/add/"
    assert _texts(request) == ["该日已由国务院办公厅通知另行安排，不能登记。"]
    assert not CalendarDay.objects.filter(date=DAY).exists()
    assert not LogEntry.objects.exists()


def test_a_change_is_saved_by_the_model_unless_the_admin_saves_nothing_on_change(admin_user):
    day = CalendarDay.objects.create(date=DAY, kind=CalendarDayKind.HOLIDAY, name="国庆节")
    day.name = "国庆"
    ReadOnlyDayAdmin(CalendarDay, admin.site).save_model(_request(admin_user), day, None, True)
    assert CalendarDay.objects.get(date=DAY).name == "国庆节"
    DayAdmin(CalendarDay, admin.site).save_model(_request(admin_user), day, None, True)
    assert CalendarDay.objects.get(date=DAY).name == "国庆"


def test_a_checked_form_shows_the_refusal_and_writes_nothing(admin_user):
    model_admin = CheckedDayAdmin(CalendarDay, admin.site)
    request = _request(admin_user, {**FORM, "name": "拒绝"})
    response = model_admin.add_view(request)
    assert response.status_code == 200
    form = response.context_data["adminform"].form
    assert form.non_field_errors() == ["该日已由国务院办公厅通知另行安排，不能登记。"]
    assert form.instance.pk is None and form.instance._state.adding
    assert not CalendarDay.objects.filter(date=DAY).exists()


def test_a_checked_form_that_passes_saves_once(admin_user):
    model_admin = CheckedDayAdmin(CalendarDay, admin.site)
    response = model_admin.add_view(_request(admin_user, FORM))
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=DAY)
    assert day.note == "录入（经办）" and day.history.count() == 1
    assert LogEntry.objects.get().object_id == str(day.pk)
