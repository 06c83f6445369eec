from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from wenming.core.validators import (
    id_number_birth_date,
    id_number_sex,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)


def error_code(function, value) -> str:
    with pytest.raises(ValidationError) as caught:
        function(value)
    return caught.value.code


def with_check_character(body: str) -> str:
    """Complete 17 digits with their ISO 7064 MOD 11-2 check, computed here independently."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(body, weights))
    return body + "10X98765432"[total % 11]


def rendered_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@pytest.mark.parametrize(
    "value", ["11010519491231002X", "440524188001010014", "410482199001011232"]
)
def test_valid_id_numbers_from_the_standard_and_ruzhou_are_accepted(value):
    assert normalize_id_number(value) == value
    validate_id_number(value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("110105\u300019491231002X\u3000", "11010519491231002X"),
        ("\ufeff410482199001011232\t", "410482199001011232"),
    ],
)
def test_spreadsheet_dirt_in_id_numbers_is_normalised(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "check_digit"),
        ("11010519491331002X", "birth_date"),
        ("11010519490230002X", "birth_date"),
        ("110105184912310021", "birth_date"),
        ("410482199001O11232", "characters"),
        ("41048219900101123A", "characters"),
        ("4104821990X1011232", "characters"),
        ("张三", "characters"),
        ("41048219900101123", "length"),
        ("4104821990010112321", "length"),
        ("", "length"),
        (None, "length"),
    ],
)
def test_invalid_id_numbers_are_rejected_with_a_stable_code(value, code):
    assert error_code(normalize_id_number, value) == code
    assert error_code(validate_id_number, value) == code


def test_a_birth_date_in_the_future_is_rejected():
    day_after_tomorrow = date.today() + timedelta(days=2)
    value = with_check_character(f"410482{day_after_tomorrow:%Y%m%d}123")

    assert error_code(normalize_id_number, value) == "birth_date"


def test_a_first_generation_15_digit_id_number_is_rejected_with_an_explanation():
    with pytest.raises(ValidationError) as caught:
        normalize_id_number("410482900101123")

    assert caught.value.code == "length"
    assert "15" in rendered_messages(caught.value)[0]


@pytest.mark.parametrize(
    "value",
    [
        4.10482199001011e17,
        "4.10482199001011E+17",
        "４.１０４８２１９９００１０１１Ｅ+１７",
        410482199001011000,
        410482199001011232,
        "410482199001011000",
        "410482199001011000.0",
        410482199001011000.0,
    ],
)
def test_id_numbers_that_went_through_an_excel_number_are_rejected(value):
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(value)

    assert caught.value.code == "excel_number"
    assert "Excel" in rendered_messages(caught.value)[0]


def test_the_excel_number_message_shows_the_digits_excel_kept_but_masked():
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(4.10482199001011e17)

    assert "410482********1000" in rendered_messages(caught.value)[0]


def test_a_valid_id_number_ending_in_000_is_still_accepted_as_text():
    # Sequence 100 with check 0 is a real ending; only a failing check hints at Excel.
    assert normalize_id_number("410482199001021000") == "410482199001021000"


def test_an_address_code_younger_than_the_holder_is_accepted():
    # Ruzhou's 410482 dates from 1989; people born before then carry it today.
    value = with_check_character("41048219800101123")

    assert normalize_id_number(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "410482199001011233",
        "410482199013011232",
        "410482199001011232" + "9",
        "41048219900101123A",
        "410482199001011000",
        410482199001011232,
        "１１０１０５１９４９１２３１００２１",
    ],
)
def test_no_error_message_contains_the_full_id_number(value):
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(value)

    digits = str(value).translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
    for message in rendered_messages(caught.value):
        assert digits[:18] not in message
        assert digits[6:14] not in message  # not even the birth date


def test_birth_date_and_sex_are_read_from_the_id_number():
    assert id_number_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert id_number_birth_date("440524188001010014") == date(1880, 1, 1)
    assert id_number_sex("11010519491231002X") == "female"
    assert id_number_sex("440524188001010014") == "male"
    assert id_number_sex("410482199001011232") == "male"
    assert error_code(id_number_birth_date, "110105194912310021") == "check_digit"


@pytest.mark.parametrize(
    "value", ["91350100M000100Y43", "91110000600037341L", "911100001000044477"]
)
def test_valid_credit_codes_are_accepted(value):
    assert normalize_credit_code(value) == value
    validate_credit_code(value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),
        (" 9111 0000 6000 3734 1L\u3000", "91110000600037341L"),
    ],
)
def test_credit_codes_are_normalised(raw, expected):
    assert normalize_credit_code(raw) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91350100M000100Y44", "check_digit"),
        # 'A' is in the GB 32100 alphabet; this code fails on its check character (expected K).
        ("A1110000600037341L", "check_digit"),
        ("12345", "length"),
        ("", "length"),
        ("91350100M000100Y433", "length"),
    ],
)
def test_invalid_credit_codes_are_rejected_with_a_stable_code(value, code):
    assert error_code(normalize_credit_code, value) == code
    assert error_code(validate_credit_code, value) == code


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_a_credit_code_with_a_letter_outside_the_alphabet_names_it(letter):
    with pytest.raises(ValidationError) as caught:
        normalize_credit_code(f"91350100M{letter}00100Y43")

    assert caught.value.code == "characters"
    assert f"“{letter}”" in rendered_messages(caught.value)[0]


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "8613812345678",
        "0086 13812345678",
        "１３８１２３４５６７８",
        "138－1234－5678",
        13812345678,
        13812345678.0,
    ],
)
def test_mobile_numbers_are_normalised(raw):
    assert normalize_phone(raw) == "13812345678"
    validate_phone(raw)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1381234567", "phone_length"),
        ("138123456789", "phone_length"),
        ("", "phone_length"),
        ("+86 12812345678", "phone_format"),
        ("23812345678", "phone_format"),
        ("138l2345678", "phone_format"),
        ("+1 415 555 2671", "phone_format"),
        (13812345678.5, "phone_format"),
    ],
)
def test_invalid_mobile_numbers_are_rejected_with_a_stable_code(value, code):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)

    assert caught.value.code == code
    assert error_code(validate_phone, value) == code
    assert value == "" or str(value) not in " ".join(rendered_messages(caught.value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("410482199001011232", "410482********1232"),
        ("11010519491231002x", "110105********002X"),
        (410482199001011000, "410482********1000"),
        ("", ""),
        (None, ""),
        ("12345", "*****"),
    ],
)
def test_mask_id_number(value, expected):
    assert mask_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("", ""),
        ("123", "***"),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳小明", "欧**明"),
        (" 李四 ", "李*"),
        ("张", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(value, expected):
    assert mask_name(value) == expected


def test_the_public_mask_keeps_only_the_province_and_the_check_character():
    # Given a full ID number and its staff mask
    from wenming.core.validators import mask_id_number, mask_id_number_public

    full = "410482199001011232"
    # When each is masked for a public page
    # Then both give 41 + 15 stars + the check character, 18 characters in all
    assert mask_id_number_public(full) == "41" + "*" * 15 + "2"
    assert mask_id_number_public(mask_id_number(full)) == mask_id_number_public(full)
    assert len(mask_id_number_public(full)) == 18
    assert mask_id_number_public("") == "" and mask_id_number_public("41") == "**"
