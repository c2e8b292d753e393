"""The starting wording of 绿扬霞光's 四单服务 and 草根内参 parts (their dashboard sections came
after 0003), around the placeholders :mod:`apps.summary.readings` gives them (``orders``,
``insights``); staff change it in 后台 → 总结文字模板.

``load`` also loads 0003's (and through it 0002's): after a flush the table is refilled by
this one function (``apps.summary.apps``). A part staff already wrote is left alone.
"""

import importlib

from django.db import migrations

ORDERS = (
    "〔年份〕年，〔范围〕推行“群众点单、中心派单、队伍接单、群众评单”四单服务，"
    "让老干部志愿服务精准对接群众需求。全年群众点单〔群众点单〕（〔群众点单·变化〕），"
    "中心派单〔中心派单〕，队伍接单〔队伍接单〕，完成服务〔完成服务〕（〔完成服务·变化〕），"
    "群众评单〔群众评单〕；〔拒单撤单情况〕。〔区县排名〕"
    "\n\n"
    "接单率〔接单率〕（〔接单率·变化〕），按时办结率〔按时办结率〕（〔按时办结率·变化〕），"
    "满意率〔满意率〕（〔满意率·变化〕），〔平均满意度〕。"
)

INSIGHTS = (
    "〔年份〕年，〔范围〕用好“草根内参”，畅通老干部建言献策渠道。"
    "全年信息员报送〔信息员报送〕（〔信息员报送·变化〕），登记编号〔登记编号〕，"
    "转办相关部门〔转办相关部门〕，获领导批示〔获领导批示〕（〔获领导批示·变化〕），"
    "编报采用〔编报采用〕，采用率〔采用率〕。〔区县排名〕"
    "\n\n"
    "落实办理结果反馈制度，已向作者反馈〔已向作者反馈〕，反馈逾期〔反馈逾期〕。"
)

PARTS = {
    "afterglow_orders": ("推行“四单”服务，精准对接群众需求", ORDERS),
    "afterglow_insights": ("用好“草根内参”，倾听基层声音", INSIGHTS),
}


def load(apps, schema_editor):
    importlib.import_module("apps.summary.migrations.0003_brand_wording").load(apps, schema_editor)
    SummaryTemplate = apps.get_model("summary", "SummaryTemplate")
    for part, (heading, body) in PARTS.items():
        SummaryTemplate.objects.get_or_create(part=part, defaults={"heading": heading, "body": body})


def unload(apps, schema_editor):
    SummaryTemplate = apps.get_model("summary", "SummaryTemplate")
    for part, (_, body) in PARTS.items():
        SummaryTemplate.objects.filter(part=part, body=body).delete()


class Migration(migrations.Migration):
    dependencies = [("summary", "0003_brand_wording")]

    operations = [migrations.RunPython(load, unload)]
