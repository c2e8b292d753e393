import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.core.validators import id_birth_date, id_check_digit, id_sex, validate_id_number, validate_phone

# A textbook example ID (GB 11643 appendix style): checksum X.
VALID_X = "11010519491231002X"


def test_check_digit_matches_the_standard_example():
    assert id_check_digit(VALID_X[:17]) == "X"


def test_it_accepts_a_valid_id_and_reads_birth_and_sex():
    validate_id_number(VALID_X)
    assert id_birth_date(VALID_X) == datetime.date(1949, 12, 31)
    assert id_sex(VALID_X) == "F"


def test_it_accepts_lowercase_x():
    validate_id_number(VALID_X.lower())


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_checksum"),
        ("11010519491331002X", "id_birth"),
        ("1101051949123100", "id_format"),
        ("11010519491231002Y", "id_format"),
        ("110105209912310025", "id_birth"),
    ],
)
def test_it_rejects_bad_ids_with_a_chinese_message(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert exc.value.code == code
    assert "身份证号" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["13812345678", "0514-87654321", "051487654321", "138 1234 5678"])
def test_it_accepts_mobiles_and_landlines(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "87654321", "abc"])
def test_it_rejects_bad_phones(value):
    with pytest.raises(ValidationError):
        validate_phone(value)
