"""The year's work summary: a shared part (no brand colour, no home card) that reads every
brand's dashboard section."""

import datetime

from apps.core.brands import Brand, MenuItem, NavLink, Schedule, SidebarGroup

BRAND = Brand(
    key="summary",
    title="年度工作总结",
    emblem="description",
    shared=True,
    order=900,
    apps=("summary",),
    sidebar=SidebarGroup(
        title="年度工作总结",
        items=(
            MenuItem("生成年度总结", "description", "summary.generate_summary", url_name="summary:index"),
            MenuItem(
                "总结文字模板",
                "edit_note",
                "summary.view_summarytemplate",
                url_name="admin:summary_summarytemplate_changelist",
            ),
        ),
    ),
    nav=(NavLink("年度总结", "summary:index", "summary.generate_summary"),),
    schedules=(
        Schedule(
            "年度工作总结·清理30天前的生成文件（每日）",
            "summary.purge_files",
            every=datetime.timedelta(days=1),
            kwargs={"days": 30},
            keep_existing=True,
        ),
    ),
)
