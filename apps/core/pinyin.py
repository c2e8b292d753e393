"""Pinyin search columns, so staff can find 张三 by ``zs`` or ``zhangsan``.

Cached: names repeat (a 20,000-row import has far fewer distinct names than rows), and
pypinyin's phrase segmentation is the costliest step of preparing a person.
"""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name or "", errors="ignore")).lower()


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    return "".join(lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="ignore")).lower()
