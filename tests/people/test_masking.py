from apps.core.masking import can_view_sensitive, mask_address, mask_id_number, mask_name, mask_phone, masked


def test_id_number_keeps_six_and_four():
    assert mask_id_number("110101199003071234") == "110101********1234"
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_phone_keeps_three_and_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0514-87654321") == "0514-****4321"


def test_address_hides_the_house_number():
    assert mask_address("扬州市广陵区东关街12号3幢201室") == "扬州市广陵区东关****"


def test_name_keeps_first_and_last():
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("张三") == "张*"


def test_empty_values_stay_empty():
    assert mask_id_number("") == mask_phone(None) == mask_address("") == ""


def test_full_value_only_with_the_permission(cast):
    assert can_view_sensitive(cast.staff)
    assert can_view_sensitive(cast.district)
    assert not can_view_sensitive(cast.leader)
    assert not can_view_sensitive(cast.secretary)
    assert masked("phone", "13812345678", cast.staff) == "13812345678"
    assert masked("phone", "13812345678", cast.leader) == "138****5678"
