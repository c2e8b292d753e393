"""The starting wording of 绿扬霞光, 牵手夕阳 (服务保障 and 文化养老), 丹心向党, the assessment,
the opening and the closing, in the seed's own words around the figures' placeholders
(:mod:`apps.summary.readings` names them); staff change it in 后台 → 总结文字模板.

``load`` also loads 银发先锋's (0002): after a flush the table is refilled by this one
function (``apps.summary.apps``), whatever the order. A part staff already wrote is left alone.
"""

import importlib

from django.db import migrations

OPENING = (
    "〔年份〕年，〔范围〕老干部工作坚持以“四项工程”推进“四大品牌”建设，"
    "突出党建引领、彰显价值取向、坚持用心用情、注重严管厚爱，"
    "不断提升老干部工作信息化、精准化、规范化水平。现将全年工作总结如下。"
)

AFTERGLOW = (
    "〔年份〕年，〔范围〕坚持组织化管理、项目化运作、品牌化培育，推进“银发生辉”工程。"
    "现有老干部志愿服务团队〔志愿服务团队〕、在队志愿者〔在队志愿者〕。"
    "全年开展志愿服务活动〔志愿服务活动〕（〔志愿服务活动·变化〕），服务〔服务人次〕（〔服务人次·变化〕），"
    "经确认的志愿服务时长〔确认服务时长〕（〔确认服务时长·变化〕）；"
    "服务记录按时完成率〔服务记录按时完成率〕，开具志愿服务记录证明〔开具志愿服务记录证明〕。〔区县排名〕"
    "\n\n"
    "强化氛围营造，选树先进典型。全年〔荣誉列表〕；〔媒体报道列表〕。"
    "按累计服务时长评定的星级志愿者：〔星级分布〕。"
)

CARE = (
    "〔年份〕年，〔范围〕精准落实离休干部“两项待遇”，持续推进看病就医“三有一落实”工作。"
    "现有离休干部〔离休干部〕，“三有一落实”四项全覆盖率〔三有一落实四项全覆盖率〕，"
    "绿色通道覆盖率〔绿色通道覆盖率〕，家庭医生签约率〔家庭医生签约率〕。〔区县排名〕"
    "\n\n"
    "全年开展走访慰问〔走访慰问〕（〔走访慰问·变化〕），〔走访类型列表〕；"
    "应看望任务〔应看望任务〕，按时率〔看望任务按时率〕，逾期未看望〔逾期未看望〕。"
    "受理离休干部医疗帮扶申请〔医疗帮扶申请〕，已发放〔医疗帮扶已发放〕。"
    "推进高龄失能离休干部家庭适老化改造，年度计划〔适老化改造计划〕，已评估〔适老化改造评估〕，"
    "已验收〔适老化改造验收〕；重点关注住院、失能、独居老干部〔重点关注老干部〕。"
)

EDUCATION = (
    "〔年份〕年，〔范围〕精准推进文化养老，推进“市、县（区）、街道（乡镇）、社区（村）”四级老年教育网络体系建设，"
    "建成各级老年教育办学点〔老年教育办学点〕（〔办学点列表〕），其中示范校（点）〔示范校〕，"
    "〔建有老年大学的县市区〕县（市、区）建有老年大学。"
    "\n\n"
    "〔学期〕开设课程学位〔本学期课程学位〕，报名〔本学期报名〕，候补〔本学期候补〕，"
    "“一座难求”问题逐步缓解。〔覆盖达标情况〕。"
)

LOYAL = (
    "〔年份〕年，〔范围〕大力弘扬“安专迷”精神，举办老干部工作者培训班〔干部培训班〕，"
    "培训〔参训人次〕（〔参训人次·变化〕）；在岗老干部工作者〔老干部工作者〕，"
    "培训学时达标率〔培训学时达标率〕，〔学时达标列表〕。"
    "\n\n"
    "认真完成巡查整改清单，整改事项〔整改事项〕，已销号〔已销号整改事项〕，按期销号率〔整改按期销号率〕，"
    "逾期未完成〔逾期整改事项〕；在用内控管理制度〔在用内控制度〕。"
    "建立领导班子工作联系点〔领导联系点〕，走访〔联系点走访〕。"
    "\n\n"
    "深入开展“服务基层年”活动，开展基层调研〔调研走访〕（〔调研走访·变化〕），形成调研成果〔调研成果〕，"
    "其中获领导批示〔获领导批示的调研成果〕、已转化〔已转化的调研成果〕；"
    "获奖调研成果〔获奖调研成果〕，〔获奖列表〕。"
)

ASSESSMENT = "〔年份〕年度综合考评由系统根据全年业务记录统计得分，结果已经公示。〔考评结果〕"

CLOSING = (
    "以上数据由系统根据〔年份〕年业务记录自动统计，截至〔截至〕；"
    "“比上年同期”按上年同一时段口径比较。"
)

PARTS = {
    "opening": ("", OPENING),
    "afterglow": ("彰显价值取向，打造“绿扬霞光”作用发挥品牌", AFTERGLOW),
    "sunset": ("坚持用心用情，打造“牵手夕阳”服务保障品牌", CARE),
    "sunset_education": ("精准推进文化养老，建好四级老年教育网络", EDUCATION),
    "loyal": ("注重严管厚爱，打造“丹心向党”素质提升品牌", LOYAL),
    "assessment": ("年度综合考评", ASSESSMENT),
    "closing": ("", CLOSING),
}


def load(apps, schema_editor):
    importlib.import_module("apps.summary.migrations.0002_vanguard_wording").load(apps, schema_editor)
    SummaryTemplate = apps.get_model("summary", "SummaryTemplate")
    for part, (heading, body) in PARTS.items():
        SummaryTemplate.objects.get_or_create(part=part, defaults={"heading": heading, "body": body})


def unload(apps, schema_editor):
    SummaryTemplate = apps.get_model("summary", "SummaryTemplate")
    for part, (_, body) in PARTS.items():
        SummaryTemplate.objects.filter(part=part, body=body).delete()


class Migration(migrations.Migration):
    dependencies = [("summary", "0002_vanguard_wording")]

    operations = [migrations.RunPython(load, unload)]
