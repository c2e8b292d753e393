"""django-celery-beat's admins, re-registered on unfold's ``ModelAdmin`` so the schedules
look like the rest of the back office. URL names are unchanged
(``admin:django_celery_beat_periodictask_changelist`` …); behaviour (forms, actions,
validation) is django-celery-beat's own.
"""

import datetime
import json

from django.contrib import admin
from django.utils import timezone
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from unfold.admin import ModelAdmin, TabularInline
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

# ---------------------------------------------------------------------------
# Chinese words for what django-celery-beat shows in English or as code
# ---------------------------------------------------------------------------
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]  # fmt: skip
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_DAY_NAMES = "日一二三四五六"


def cron_in_chinese(crontab) -> str:
    """A crontab as a sentence ("每月 20 号 09:00，北京时间"): cron-descriptor's own Chinese,
    with the month and day names it leaves in English translated."""
    from cron_descriptor import ExpressionDescriptor, Options

    options = Options()
    options.locale_code = "zh_CN"
    options.use_24hour_time_format = True
    expression = " ".join(
        [crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, crontab.day_of_week]
    )
    try:
        text = ExpressionDescriptor(expression, options).get_description()
    except Exception:  # cron-descriptor refuses some valid crontabs: show the expression
        text = expression
    for number, name in enumerate(_MONTHS, start=1):
        text = text.replace(name, f"{number}月")
    for number, name in enumerate(_DAYS):
        text = text.replace(name, f"星期{_DAY_NAMES[number]}")
    zone = str(crontab.timezone)
    return f"{text}（{'北京时间' if zone in ('Asia/Shanghai', 'PRC', 'Asia/Chongqing') else zone}）"


def schedule_in_chinese(task) -> str:
    if task.crontab_id:
        return cron_in_chinese(task.crontab)
    if task.interval_id:
        return f"每 {task.interval.every} {task.interval.get_period_display()}"
    if task.clocked_id:
        return f"于 {timezone.localtime(task.clocked.clocked_time):%Y-%m-%d %H:%M}"
    if task.solar_id:
        return str(task.solar)
    return "—"


# The schedule's own name: ``PeriodicTask.__str__`` appends the crontab in English
# ("… 15 * * * * (m/h/dM/MY/d) Asia/Shanghai"), and the admin's titles and breadcrumbs
# print it.
PeriodicTask.__str__ = lambda self: self.name


class TaskNameFilter(admin.SimpleListFilter):
    """Tasks by their schedules' Chinese names, not by the task's dotted code."""

    title = "任务"
    parameter_name = "task"

    def lookups(self, request, model_admin):
        names: dict[str, str] = {}
        for task, name in PeriodicTask.objects.order_by("name").values_list("task", "name"):
            names.setdefault(task, name)
        return sorted(names.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(task=self.value()) if self.value() else queryset


# Labels and help of the task form, where django-celery-beat's own are English or code
# ("Regtask", "Task Name", "设置为False…", "proj.tasks.import_contacts").
TASK_FORM_TEXT = {
    "name": ("名称", "便于识别的任务名称，例如“主题党日提醒（每月20日）”。"),
    "regtask": ("已注册的任务", "从系统已注册的任务中选择。"),
    "task": ("任务", "要执行的任务；从上方列表选择即可。"),
    "enabled": ("启用", "取消勾选即停用该定时任务。"),
    "description": ("说明", "该任务做什么，供日后查阅。"),
    "interval": ("间隔", "按固定间隔执行时选择；与下面几种方式只选一种。"),
    "crontab": ("Cron 计划", "按时刻执行时选择；与其他方式只选一种。"),
    "solar": ("日出日落计划", "按日出日落执行时选择；与其他方式只选一种。"),
    "clocked": ("指定时刻", "只在某一时刻执行一次时选择。"),
    "start_time": ("开始时间", "在此时间之前不执行。"),
    "last_run_at": ("上次执行时间", "上次触发执行的时刻；停用任务时清空。"),
    "one_off": ("只执行一次", "勾选后只执行一次。"),
    "args": ("位置参数", "JSON 数组，通常留空：[]"),
    "kwargs": ("命名参数", 'JSON 对象，例如清理任务的保留小时数：{"hours": 24}'),
    "expires": ("过期时间", "超过此时间不再执行。"),
    "expire_seconds": ("过期秒数", "触发后超过该秒数仍未执行即放弃。"),
    "queue": ("队列", "通常留空，使用默认队列。"),
    "exchange": ("交换机", "通常留空。"),
    "routing_key": ("路由键", "通常留空。"),
    "priority": ("优先级", "0 到 255 之间的数字，通常留空。"),
    "headers": ("消息头", "JSON 对象，通常留空：{}"),
}


class UnfoldTaskSelectWidget(UnfoldAdminSelectWidget, beat_admin.TaskSelectWidget):
    pass


class PeriodicTaskForm(beat_admin.PeriodicTaskForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].widget = UnfoldAdminTextInputWidget()
        self.fields["regtask"].widget = UnfoldTaskSelectWidget()
        for name, (label, help_text) in TASK_FORM_TEXT.items():
            if name in self.fields:
                self.fields[name].label, self.fields[name].help_text = label, help_text
        if "crontab" in self.fields:
            self.fields["crontab"].label_from_instance = cron_in_chinese


class PeriodicTaskInline(beat_admin.PeriodicTaskInline, TabularInline):
    pass


for model in (PeriodicTask, IntervalSchedule, CrontabSchedule, SolarSchedule, ClockedSchedule):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin, ModelAdmin):
    form = PeriodicTaskForm
    list_display = ["name", "enabled", "schedule", "start_time", "last_run_at", "one_off"]
    list_filter = ["enabled", "one_off", TaskNameFilter, "start_time", "last_run_at"]
    list_filter_submit = True

    @admin.display(description="执行时间")
    def schedule(self, obj):
        return schedule_in_chinese(obj)

    @admin.display(description="Cron 表达式说明")
    def crontab_translation(self, obj):
        return cron_in_chinese(obj.crontab) if obj.crontab_id else "—"

    # -- read-only (a reader without the change permission) ---------------------------
    # Django labels read-only fields from the model, whose names and help are English or
    # code ("Task Name", "Regtask"): a reader sees these displays instead.
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": [f"show_{name}" if name in TASK_FORM_TEXT else name for name in options["fields"]
                               if name != "regtask"],
                },
            )
            for title, options in fieldsets
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(f"show_{name}" for name in TASK_FORM_TEXT)]


# Keyword arguments of our tasks, by their Chinese names.
KWARG_LABELS = {"hours": "保留小时数", "days": "保留天数"}


def _shown(name, value) -> str:
    if name == "crontab":
        return cron_in_chinese(value) if value else "—"
    if name in ("args", "kwargs", "headers"):
        try:
            data = json.loads(value or "null")
        except ValueError:
            return value
        if isinstance(data, dict):
            return "；".join(f"{KWARG_LABELS.get(k, k)}：{v}" for k, v in data.items()) or "—"
        return "，".join(str(v) for v in data) if data else "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return str(value)


def _read_only_display(name, label):
    def show(self, obj):
        if name == "task":
            return obj.description or obj.name
        return _shown(name, getattr(obj, name, None))

    return admin.display(description=label)(show)


for _name, (_label, _help) in TASK_FORM_TEXT.items():
    setattr(PeriodicTaskAdmin, f"show_{_name}", _read_only_display(_name, _label))


@admin.register(IntervalSchedule)
class IntervalScheduleAdmin(beat_admin.IntervalScheduleAdmin, ModelAdmin):
    inlines = [PeriodicTaskInline]


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin, ModelAdmin):
    inlines = [PeriodicTaskInline]


@admin.register(SolarSchedule)
class SolarScheduleAdmin(beat_admin.SolarScheduleAdmin, ModelAdmin):
    inlines = [PeriodicTaskInline]


@admin.register(ClockedSchedule)
class ClockedScheduleAdmin(beat_admin.ClockedScheduleAdmin, ModelAdmin):
    inlines = [PeriodicTaskInline]
