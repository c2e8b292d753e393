"""Validators for Chinese personal identifiers."""

import datetime
import re

from django.core.exceptions import ValidationError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def id_birth_date(id_number: str) -> datetime.date | None:
    """The birth date embedded in an 18-digit ID number, or None if it is no date."""
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_sex(id_number: str) -> str:
    """'M' or 'F' from the 17th digit (odd is male)."""
    return "M" if int(id_number[16]) % 2 else "F"


def validate_id_number(value: str) -> None:
    """Refuse anything but a well-formed 18-digit resident ID number (GB 11643)."""
    value = normalize_id_number(value)
    if not _ID_RE.match(value):
        raise ValidationError("身份证号应为18位，前17位为数字，末位为数字或X。", code="id_format")
    birth = id_birth_date(value)
    if birth is None or birth > datetime.date.today() or birth.year < 1890:
        raise ValidationError("身份证号中的出生日期无效。", code="id_birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError("身份证号校验位错误，请核对。", code="id_checksum")


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()]", "", value or "")


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits) or a landline with area code."""
    value = normalize_phone(value)
    if not (_MOBILE_RE.match(value) or _LANDLINE_RE.match(value)):
        raise ValidationError(
            "电话号码格式不正确：手机号为11位数字，座机请带区号（如 0514-87654321）。",
            code="phone",
        )


# ---------------------------------------------------------------------------
# Dates that cannot be: the one check shared by model validation, services and imports
# ---------------------------------------------------------------------------
PARTY_MIN_AGE = 18


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def years_after(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved on by ``years`` (29 February becomes 1 March in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def validate_not_future(value: datetime.date | None, *, label: str, today: datetime.date | None = None) -> None:
    """Refuse a date after today (a founding, a joining … cannot lie ahead). A caller
    checking many rows passes ``today`` once."""
    if value and value > (today or _today()):
        raise ValidationError(f"{label}不能晚于今天。", code="future_date")


def validate_joined_party_on(
    value: datetime.date | None, *, birth_date: datetime.date | None, today: datetime.date | None = None
) -> None:
    """入党时间: not in the future, and not before the member was 18."""
    validate_not_future(value, label="入党时间", today=today)
    if value and birth_date:
        adult = years_after(birth_date, PARTY_MIN_AGE)
        if value < adult:
            raise ValidationError(
                f"入党时须年满{PARTY_MIN_AGE}周岁：入党时间不能早于 {adult:%Y-%m-%d}（按出生日期计算）。",
                code="party_age",
            )


def row_message(exc: ValidationError) -> list[str]:
    """A validator's messages as an import row shows them (no closing full stop)."""
    return [message.rstrip("。") for message in exc.messages]
