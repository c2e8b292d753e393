"""Pinyin search columns, so staff can find 张三 by ``zs`` or ``zhangsan``.

Names are converted character by character, each character's reading cached: a name is
two to four characters from a few thousand, so a 20,000-row import looks up a small table
instead of running pypinyin's phrase segmentation 20,000 times (the costliest step of
preparing a person). Characters without a reading (letters, digits, ·) are kept as they
are, lower-cased.
"""

from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin

# Polyphonic characters read differently as a surname (the first character of a name).
SURNAME_READINGS = {
    "曾": ("zeng", "z"),
    "单": ("shan", "s"),
    "解": ("xie", "x"),
    "仇": ("qiu", "q"),
    "朴": ("piao", "p"),
    "区": ("ou", "o"),
    "查": ("zha", "z"),
    "盖": ("ge", "g"),
    "乐": ("yue", "y"),
    "尉": ("yu", "y"),
    "覃": ("qin", "q"),
    "缪": ("miao", "m"),
    "翟": ("zhai", "z"),
    "种": ("chong", "c"),
    "秘": ("bi", "b"),
    "召": ("shao", "s"),
    "华": ("hua", "h"),
    "任": ("ren", "r"),
    "纪": ("ji", "j"),
    "沈": ("shen", "s"),
    "重": ("chong", "c"),
    "长": ("chang", "c"),
    "燕": ("yan", "y"),
}


@cache
def _reading(char: str) -> tuple[str, str]:
    full = lazy_pinyin(char, errors="default")
    initials = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower(), "".join(initials).lower()


def _clean(name: str) -> str:
    return "".join(ch for ch in (name or "") if not ch.isspace() and ch not in "·•.")


def _readings(name: str) -> list[tuple[str, str]]:
    chars = _clean(name)
    if not chars:
        return []
    first = SURNAME_READINGS.get(chars[0]) or _reading(chars[0])
    return [first, *(_reading(ch) for ch in chars[1:])]


@lru_cache(maxsize=65536)
def name_columns(name: str) -> tuple[str, str]:
    """``(name_pinyin(name), name_initials(name))`` in one pass, cached by name: a bulk
    import derives both columns for every row, and names repeat."""
    readings = _readings(name)
    return "".join(full for full, _ in readings), "".join(initial for _, initial in readings)


def name_pinyin(name: str) -> str:
    return "".join(full for full, _ in _readings(name))


def name_initials(name: str) -> str:
    return "".join(initial for _, initial in _readings(name))
