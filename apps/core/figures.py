"""What the dashboard frame (``apps.dashboard``) and the brands' dashboard sections share.

- :class:`Filters`: the year and region in view, built by the frame, read by every section;
- the period helpers (:func:`as_of`, :func:`dated_by`);
- :class:`Table`: a section's table, one definition for the page, the print view and the
  Excel export (the frame writes it, :mod:`apps.dashboard.export`).

Imports no brand: a brand's ``dashboard.py`` imports this, never ``apps.dashboard``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: one year, the whole city (``region=None``) or one region."""

    year: int
    region: Any = None  # a regions.Region, or None for the whole city

    @property
    def region_id(self):
        return self.region.pk if self.region else None

    @property
    def region_name(self) -> str:
        return self.region.name if self.region else "全市"

    @property
    def label(self) -> str:
        return f"{self.year}年 · {self.region_name}"

    def cache_parts(self) -> tuple:
        return (self.year, self.region_id or "city")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a year's stock figures are read at: its last day, or today if still running."""
    today = today or timezone.localdate()
    return min(year_end(year), today)


def dated_by(field: str, year: int, today: datetime.date | None = None) -> Q:
    """Rows of ``year`` whose date (``field``) has come by the as-of day (:func:`as_of`).

    One rule for every dated record (training classes, person-times, education sessions,
    activity logs), as the tally and the coverage page count them: a class starting next
    week or a session dated next week counts once its date has come.
    """
    return Q(**{f"{field}__gte": datetime.date(year, 1, 1), f"{field}__lte": as_of(year, today)})


# ---------------------------------------------------------------------------
# Tables: one definition shared by the page, the print view and the Excel export
# ---------------------------------------------------------------------------
INT, PCT, TEXT, SIGNED, SIGNED_PCT, DEC = "int", "pct", "text", "signed", "signed_pct", "dec"


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    # Per-row column kinds where a row differs from ``kinds`` (e.g. a percentage figure).
    row_kinds: list[list[str]] = field(default_factory=list)
    # Region ids of the rows, when the first cell links to the region's drill-down page.
    region_ids: list[int] = field(default_factory=list)

    def kinds_of(self, index: int) -> list[str]:
        return self.row_kinds[index] if self.row_kinds else self.kinds

    def display_rows(self) -> list[dict]:
        """The rows as the page and the print view show them: ``{"cells", "region_id"}``."""
        return [
            {
                "cells": [display(value, kind) for value, kind in zip(row, self.kinds_of(i), strict=True)],
                "region_id": self.region_ids[i] if self.region_ids else None,
            }
            for i, row in enumerate(self.rows)
        ]


def display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == PCT:
        return f"{value * 100:.1f}%"
    if kind == SIGNED_PCT:
        return f"{value * 100:+.1f} 个百分点"
    if kind == SIGNED:
        return f"{value:+d}" if isinstance(value, int) else f"{value:+}"
    if kind == DEC:
        return f"{value:.2f}"
    if kind == INT and isinstance(value, int):
        return f"{value:,}"
    return str(value)
