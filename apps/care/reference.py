"""The seeded reference tables of 牵手夕阳, kept as data the bureau edits.

The modification catalogue follows 民发〔2020〕86号 (7 categories, 30 items: 7 basic, 23
optional); items marked [GK] in NORMS.md are a reasonable default, to be checked against the
official list — hence a table, not code. Unit costs are the bureau's reference prices.
"""

from decimal import Decimal

ABILITY_GRADES = [  # GB/T 42195-2022 result levels
    (0, "能力完好", False),
    (1, "轻度失能", False),
    (2, "中度失能", True),
    (3, "重度失能", True),
    (4, "完全失能", True),
]

AID_REASONS = ["因病致困", "重大疾病", "意外事故", "住房困难", "家庭变故", "自然灾害", "其他"]

TREATMENT_ITEMS = [
    ("political", "阅读文件"),
    ("political", "情况通报会"),
    ("political", "重要会议和庆典"),
    ("political", "参观考察"),
    ("political", "节日走访"),
    ("living", "离休费按时足额发放"),
    ("living", "医药费保障"),
    ("living", "护理费"),
    ("living", "困难帮扶"),
]

# (number, category, name, basic, unit cost)
MODIFICATION_ITEMS = [
    (1, "地面", "防滑处理", True, 600),
    (2, "地面", "高差处理", True, 400),
    (3, "地面", "平整硬化", False, 500),
    (4, "地面", "安装扶手", False, 300),
    (5, "门", "门槛移除", False, 200),
    (6, "门", "平开门改推拉门", False, 800),
    (7, "门", "房门拓宽", False, 1000),
    (8, "门", "下压式门把手改造", False, 100),
    (9, "门", "可视门铃", False, 300),
    (10, "卧室", "护理床", False, 2000),
    (11, "卧室", "床边护栏（抓杆）", True, 300),
    (12, "卧室", "防压疮垫", False, 400),
    (13, "如厕洗浴", "扶手", True, 300),
    (14, "如厕洗浴", "蹲便器改坐便器", False, 800),
    (15, "如厕洗浴", "水龙头改造", False, 150),
    (16, "如厕洗浴", "浴缸/淋浴房改造", False, 1500),
    (17, "如厕洗浴", "淋浴椅", True, 200),
    (18, "厨房", "台面改造", False, 1200),
    (19, "厨房", "加装中部柜体", False, 800),
    (20, "物理环境", "自动感应灯具", False, 150),
    (21, "物理环境", "电源插座及开关改造", False, 300),
    (22, "物理环境", "防撞护角/防撞条", False, 100),
    (23, "物理环境", "适老地面标识", False, 100),
    (24, "老年用品配置", "手杖", True, 80),
    (25, "老年用品配置", "轮椅/助行器", False, 600),
    (26, "老年用品配置", "放大装置", False, 150),
    (27, "老年用品配置", "助听器", False, 1500),
    (28, "老年用品配置", "自助进食器具", False, 100),
    (29, "老年用品配置", "防走失装置", True, 300),
    (30, "老年用品配置", "安全监控装置", False, 500),
]


# ---------------------------------------------------------------------------
# Loaders: run by the data migration 0002_reference_data, and again for a table found
# empty after a flush (``apps.core.reference.restore_when_empty`` in ``CareConfig.ready``).
# ---------------------------------------------------------------------------
def load_rule(apps, schema_editor=None) -> None:
    Rule = apps.get_model("care", "CareRule")
    if not Rule.objects.exists():
        Rule.objects.create()


def load_grades(apps, schema_editor=None) -> None:
    Grade = apps.get_model("care", "AbilityGrade")
    for level, name, disabled in ABILITY_GRADES:
        Grade.objects.get_or_create(level=level, defaults={"name": name, "disabled": disabled})


def load_aid_reasons(apps, schema_editor=None) -> None:
    Reason = apps.get_model("care", "AidReason")
    for name in AID_REASONS:
        Reason.objects.get_or_create(name=name)


def load_treatment_items(apps, schema_editor=None) -> None:
    Item = apps.get_model("care", "TreatmentItem")
    for i, (kind, name) in enumerate(TREATMENT_ITEMS):
        Item.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": i})


def load_modification_items(apps, schema_editor=None) -> None:
    Mod = apps.get_model("care", "ModificationItem")
    for number, category, name, basic, cost in MODIFICATION_ITEMS:
        Mod.objects.get_or_create(
            number=number, defaults={"category": category, "name": name, "basic": basic, "unit_cost": Decimal(cost)}
        )


#: Each seeded table and the loader that fills it.
LOADERS = {
    "care.CareRule": "load_rule",
    "care.AbilityGrade": "load_grades",
    "care.AidReason": "load_aid_reasons",
    "care.TreatmentItem": "load_treatment_items",
    "care.ModificationItem": "load_modification_items",
}


def load_all(apps, schema_editor=None) -> None:
    for function in LOADERS.values():
        globals()[function](apps, schema_editor)
