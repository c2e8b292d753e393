"""Deterministic generators of realistic synthetic personal data (demo and benchmarks).

Every function takes a ``random.Random`` so the same seed gives the same city. ID numbers
are synthetic but valid (GB 11643 checksum, region prefix, real birth date); phone numbers
use the 19x reserved-looking range 199 so they never belong to a real subscriber.
"""

import datetime
import random

from apps.core.validators import id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "建国华明德志文军平国强伟林成海清松涛永春荣宝祥福立新光庆生忠厚金山学"
GIVEN_FEMALE = "秀英玉兰桂芳淑珍凤华丽梅红霞萍敏静燕云琴素娟美惠芬玲翠莲雪琳秋菊"

STREETS = {
    "市直": ["文昌中路", "汶河北路", "四望亭路", "盐阜东路", "国庆路"],
    "广陵区": ["东关街", "渡江路", "运河西路", "文昌东路", "解放南路"],
    "邗江区": ["翠岗路", "文汇西路", "邗江中路", "真州路", "念泗路"],
    "江都区": ["龙川北路", "仙城路", "江都北路", "舜天路"],
    "宝应县": ["安宜东路", "白田路", "叶挺路", "宝应大道"],
    "高邮市": ["盂城路", "屏淮路", "秦邮路", "海潮东路"],
    "仪征市": ["真州中路", "大庆北路", "解放东路", "工农路"],
    "扬州经济技术开发区": ["扬子江南路", "吴州东路", "文昌东路"],
    "蜀冈—瘦西湖风景名胜区": ["平山堂东路", "长春路", "大虹桥路"],
    "扬州市生态科技新城": ["金湾路", "廖家沟路", "万福路"],
}

FORMER_UNITS = (
    "市委办公室",
    "市政府办公室",
    "市发改委",
    "市财政局",
    "市教育局",
    "市卫健委",
    "市公安局",
    "市人社局",
    "市住建局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文旅局",
    "市审计局",
    "市统计局",
    "扬州大学",
    "市第一人民医院",
    "扬州供电公司",
    "市税务局",
    "区委办",
    "区政府办",
    "县人民医院",
    "县供销社",
    "乡镇政府",
    "街道办事处",
    "市总工会",
    "市妇联",
)


def person_name(rng: random.Random, sex: str) -> str:
    given = GIVEN_MALE if sex == "M" else GIVEN_FEMALE
    length = rng.choice((1, 2, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(length))


def birth_date(rng: random.Random, oldest: int = 1926, youngest: int = 1964) -> datetime.date:
    start = datetime.date(oldest, 1, 1).toordinal()
    end = datetime.date(youngest, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def id_number(rng: random.Random, region_code: str, born: datetime.date, sex: str) -> str:
    """A synthetic, checksum-valid 18-digit ID number; odd 17th digit for men."""
    seq = rng.randint(0, 49) * 2 + (1 if sex == "M" else 0)
    first17 = f"{region_code[:6]}{born:%Y%m%d}{rng.randint(0, 9)}{seq:02d}"
    return first17 + id_check_digit(first17)


def mobile(rng: random.Random) -> str:
    return f"199{rng.randint(0, 99999999):08d}"


def address(rng: random.Random, region_name: str) -> str:
    street = rng.choice(STREETS.get(region_name, STREETS["市直"]))
    return f"扬州市{'' if region_name == '市直' else region_name}{street}{rng.randint(1, 300)}号{rng.randint(1, 30)}幢{rng.randint(101, 1802)}室"
