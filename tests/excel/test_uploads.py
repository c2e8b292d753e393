"""Upload hardening: what is refused before any parser reads the file."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from apps.core.excel.uploads import check_upload, check_xlsx_bytes
from tests.excel.conftest import member_file


def _zip(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def _with_extra(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            zf.writestr(info, source.read(info.filename))
        zf.writestr(name, content)
    return buffer.getvalue()


def _code(call) -> str:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.code


def test_it_accepts_a_plain_workbook(db):
    check_upload(name="党员.xlsx", size=1000)
    check_xlsx_bytes(member_file("任一党支部", 3))


def test_it_refuses_an_oversize_file(settings):
    settings.EXCEL_MAX_UPLOAD_BYTES = 1000
    assert _code(lambda: check_upload(name="a.xlsx", size=1001)) == "too_large"
    assert _code(lambda: check_xlsx_bytes(b"x" * 1001)) == "too_large"


@pytest.mark.parametrize("name", ["名册.xlsm", "名册.XLSM", "模板.xltm", "a.xlsb"])
def test_it_refuses_macro_enabled_names(name):
    assert _code(lambda: check_upload(name=name, size=10)) == "macro"


def test_it_refuses_a_macro_enabled_content_type():
    content_type = "application/vnd.ms-excel.sheet.macroEnabled.12"
    assert _code(lambda: check_upload(name="a.xlsx", size=10, content_type=content_type)) == "macro"


@pytest.mark.parametrize("name", ["名册.csv", "名册.xls", "名册", "photo.jpg"])
def test_it_refuses_other_extensions(name):
    assert _code(lambda: check_upload(name=name, size=10)) == "not_xlsx"


def test_it_refuses_bytes_that_are_not_a_zip():
    assert _code(lambda: check_xlsx_bytes("身份证号,姓名\n1,2\n".encode())) == "not_xlsx"


def test_it_refuses_a_zip_that_is_not_a_workbook():
    assert _code(lambda: check_xlsx_bytes(_zip({"readme.txt": b"hello"}))) == "not_xlsx"


def test_it_refuses_a_vba_project_inside_an_xlsx_name(db):
    data = _with_extra(member_file("任一党支部", 1), "xl/vbaProject.bin", b"\x00" * 64)
    assert _code(lambda: check_xlsx_bytes(data)) == "macro"


def test_it_refuses_a_macro_enabled_content_types_part():
    data = _zip(
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
            "xl/workbook.xml": b"<workbook/>",
        }
    )
    assert _code(lambda: check_xlsx_bytes(data)) == "macro"


def test_it_refuses_a_zip_bomb_from_declared_sizes():
    # 5 MB of zeros compresses to a few KB: a ratio no real workbook has.
    data = _zip(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/big.xml": b"\0" * 5_000_000}
    )
    assert len(data) < 50_000
    assert _code(lambda: check_xlsx_bytes(data)) == "zip_bomb"


def test_it_refuses_a_part_over_the_uncompressed_limit(settings):
    settings.EXCEL_MAX_UNCOMPRESSED_BYTES = 10_000
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>" + bytes(range(256)) * 60})
    assert _code(lambda: check_xlsx_bytes(data)) == "zip_bomb"


def test_it_refuses_an_xml_part_with_a_dtd():
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><workbook>&lol;</workbook>'
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": bomb})
    assert _code(lambda: check_xlsx_bytes(data)) == "xml_bomb"


def test_it_refuses_a_dtd_placed_after_a_long_comment():
    # A comment longer than any fixed look-ahead pushes the DTD past it.
    padding = b"<!--" + b"x" * 64_000 + b"-->"
    bomb = b'<?xml version="1.0"?>' + padding + b'<!DOCTYPE lolz [<!ENTITY lol "lol">]><workbook>&lol;</workbook>'
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": bomb})
    assert _code(lambda: check_xlsx_bytes(data)) == "xml_bomb"


def test_it_finds_a_dtd_split_across_read_chunks(monkeypatch):
    from apps.core.excel import uploads

    monkeypatch.setattr(uploads, "SCAN_CHUNK_BYTES", 16)
    bomb = b"<workbook>" + b"<a/>" * 2 + b"<!ENTITY lol 'lol'>" + b"</workbook>"
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": bomb})
    assert _code(lambda: check_xlsx_bytes(data)) == "xml_bomb"


@pytest.mark.parametrize("name", ["xl/drawings/vmlDrawing1.vml", "customXml/item1", "xl/theme/theme1.bin"])
def test_it_scans_every_part_whatever_its_name(name):
    # The content-types part, not the name, tells a parser what is XML.
    bomb = b"<?xml version='1.0'?>" + b"<!-- -->" * 200 + b"<!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>"
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", name: bomb})
    assert _code(lambda: check_xlsx_bytes(data)) == "xml_bomb"


def test_it_refuses_a_dtd_in_a_utf16_part():
    bomb = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "a">]><workbook>&a;</workbook>'
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": bomb.encode("utf-16")})
    assert _code(lambda: check_xlsx_bytes(data)) == "xml_bomb"


@pytest.mark.parametrize("offset, value", [(8, 0x01), (10, 99)], ids=["encrypted", "unknown_compression"])
def test_a_part_that_cannot_be_read_is_refused_not_a_server_error(offset, value):
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/x.png": b"x"}))
    entry = data.rindex(b"PK\x01\x02")  # the last part's central directory entry
    data[entry + offset] |= value
    assert _code(lambda: check_xlsx_bytes(bytes(data))) == "not_xlsx"
