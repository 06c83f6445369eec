"""Validators and normalisers for identifiers that arrive from forms, APIs and spreadsheets.

Why this module exists: resident ID numbers (公民身份号码, GB 11643-1999), unified social credit
codes (统一社会信用代码, GB 32100-2015) and mobile numbers reach the platform typed by hand or
pasted from Excel, with full-width digits, spaces, a lower-case ``x`` or, worst of all, stored
by Excel as a floating-point number whose last digits are gone. Each normaliser returns the
canonical text or raises ``ValidationError`` with a stable ``code`` so that imports and APIs can
report every failure precisely. Messages never repeat a full ID number or phone number: both are
personal data and error messages end up in logs and import reports.
"""

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Full-width ASCII (U+FF01–U+FF5E) maps onto printable ASCII; the ideographic space is dropped
# with the other spaces. Both come from Chinese input methods left in full-width mode.
FULL_WIDTH_TO_ASCII = {code_point: code_point - 0xFEE0 for code_point in range(0xFF01, 0xFF5F)}
# Whitespace plus characters that str.split() does not see: the byte-order mark that starts a
# UTF-8 CSV file and zero-width spaces copied from web pages.
INVISIBLE_CHARACTERS = re.compile(r"[\s\u3000\ufeff\u200b\u200c\u200d\u2060]+")

ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"
# Not 1900: the standard's own example, 440524188001010014, was born in 1880. Second-generation
# IDs date from 1984, so no living holder was born much before 1870.
EARLIEST_BIRTH_DATE = date(1850, 1, 1)
# Excel keeps 15 significant digits of a number, so an 18-digit ID stored as a number is lossy.
EXCEL_SIGNIFICANT_DIGITS = 15
# Bounded so that a hostile "1E+999999999" cannot make Decimal build a huge integer.
EXCEL_NUMBER_TEXT = re.compile(r"^\d{1,15}(\.\d{1,15})?E\+?\d{1,2}$|^\d{16,20}\.0*$")

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MOBILE_NUMBER = re.compile(r"^1[3-9]\d{9}$")

EXCEL_NUMBER_MESSAGE = _(
    "The ID number was stored by Excel as a number (%(value)s) and its last digits are lost; "
    "format the column as text and enter it again."
)
ID_LENGTH_MESSAGE = _("An ID number has 18 characters; this one has %(length)s.")
EXCEL_ZEROS_MESSAGE = _(
    "The ID number ends in 000 and its check character does not match: Excel probably stored "
    "it as a number and lost the last digits. Format the column as text and enter it again."
)


def _clean_text(raw: object) -> str:
    """Drop spaces and invisible characters and fold full-width ASCII into plain ASCII."""
    text = "" if raw is None else str(raw)
    return INVISIBLE_CHARACTERS.sub("", text.translate(FULL_WIDTH_TO_ASCII))


def _today() -> date:
    """Today in the project's time zone; works whether or not USE_TZ is on."""
    return timezone.localdate() if settings.USE_TZ else date.today()


def _excel_number_error(digits: str) -> ValidationError:
    """The error for an ID that went through a number; shows only the masked digits."""
    return ValidationError(
        EXCEL_NUMBER_MESSAGE, code="excel_number", params={"value": mask_id_number(digits)}
    )


def _id_number_text(raw: str | int | float | None) -> str:
    """Turn a spreadsheet cell into ID text, rejecting numbers that cannot hold an 18-digit ID."""
    if isinstance(raw, bool):
        raise ValidationError(_("Enter the ID number as text."), code="characters")
    if isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            raise ValidationError(_("Enter the ID number as text."), code="characters")
        if abs(raw) >= 10**EXCEL_SIGNIFICANT_DIGITS:
            # Show the digits as Excel displays them (15 significant), not binary float noise.
            raise _excel_number_error(str(int(Decimal(f"{raw:.15g}"))))
        return str(int(raw))
    if isinstance(raw, int):
        if 10**17 <= abs(raw) < 10**18:
            raise _excel_number_error(str(raw))
        if abs(raw) >= 10**18:  # counted without str(), which refuses over 4300 digits
            length = int(math.log10(abs(raw))) + 1
            raise ValidationError(ID_LENGTH_MESSAGE, code="length", params={"length": length})
        return str(raw)
    text = _clean_text(raw).upper()
    if EXCEL_NUMBER_TEXT.match(text):
        try:
            digits = str(int(Decimal(text)))
        except InvalidOperation:  # pragma: no cover - the pattern only admits valid decimals
            digits = ""
        raise _excel_number_error(digits)
    return text


def id_number_check_character(first_seventeen: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    total = sum(
        int(digit) * weight
        for digit, weight in zip(first_seventeen, ID_NUMBER_WEIGHTS, strict=True)
    )
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def normalize_id_number(raw: str | int | float | None) -> str:
    """Return the canonical 18-character ID number or raise ValidationError.

    The address code is deliberately not checked against the division list of the birth year:
    Ruzhou's 410482 dates from 1989, yet people born before then carry it today.
    """
    text = _id_number_text(raw)
    if len(text) == 15 and text.isdigit():
        raise ValidationError(
            _(
                "15-digit first-generation ID numbers are not accepted; enter the 18-character "
                "number of the current ID card."
            ),
            code="length",
        )
    for character in text:
        if character not in "0123456789X":
            raise ValidationError(
                _(
                    "The ID number contains “%(character)s”, which is not allowed: only digits "
                    "and a final X are."
                ),
                code="characters",
                params={"character": character},
            )
    if len(text) != 18:
        raise ValidationError(ID_LENGTH_MESSAGE, code="length", params={"length": len(text)})
    if "X" in text[:17]:
        raise ValidationError(
            _("Only the last character of an ID number may be X."), code="characters"
        )
    _parse_birth_date(text)
    if id_number_check_character(text[:17]) != text[17]:
        if text.endswith("000"):
            raise ValidationError(EXCEL_ZEROS_MESSAGE, code="excel_number")
        raise ValidationError(
            _("The check character of the ID number does not match; look for a mistyped digit."),
            code="check_digit",
        )
    return text


def _parse_birth_date(text: str) -> date:
    """The birth date in positions 7–14: a real date, not in the future, not before 1850."""
    try:
        birth_date = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in the ID number is not a real date."), code="birth_date"
        ) from None
    if birth_date < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The birth date in the ID number is before %(year)s."),
            code="birth_date",
            params={"year": EARLIEST_BIRTH_DATE.year},
        )
    if birth_date > _today():
        raise ValidationError(
            _("The birth date in the ID number is in the future."), code="birth_date"
        )
    return birth_date


def validate_id_number(value: str | int | float | None) -> None:
    """Django validator: accepts anything normalize_id_number accepts."""
    normalize_id_number(value)


def id_number_birth_date(value: str | int | float | None) -> date:
    """The holder's birth date; raises ValidationError for an invalid ID number."""
    return _parse_birth_date(normalize_id_number(value))


def id_number_sex(value: str | int | float | None) -> str:
    """``"male"`` or ``"female"`` from the parity of the sequence code (odd is male)."""
    return "male" if int(normalize_id_number(value)[16]) % 2 else "female"


def credit_code_check_character(first_seventeen: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(character) * weight
        for character, weight in zip(first_seventeen, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: str | None) -> str:
    """Return the canonical unified social credit code or raise ValidationError.

    Only the alphabet, the length and the check character are verified: the registering
    authority and kind codes in positions 1–2 have grown since 2015 and will grow again.
    """
    text = _clean_text(raw).upper()
    if len(text) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)s."),
            code="length",
            params={"length": len(text)},
        )
    for character in text:
        if character not in CREDIT_CODE_ALPHABET:
            raise ValidationError(
                _(
                    "The unified social credit code contains “%(character)s”, which is not "
                    "allowed: codes use digits and capital letters except I, O, S, V and Z."
                ),
                code="characters",
                params={"character": character},
            )
    if credit_code_check_character(text[:17]) != text[17]:
        raise ValidationError(
            _(
                "The check character of the unified social credit code does not match; look "
                "for a mistyped character."
            ),
            code="check_digit",
        )
    return text


def validate_credit_code(value: str | None) -> None:
    """Django validator for unified social credit codes."""
    normalize_credit_code(value)


def normalize_phone(raw: str | int | float | None) -> str:
    """Return an 11-digit mainland mobile number or raise ValidationError.

    Numbers are fine here (unlike ID numbers) because 11 digits survive Excel intact.
    """
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        raw = int(raw)
    text = re.sub(r"[-‐‑–—]+", "", _clean_text(raw))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if text and not text.isdigit():
        raise ValidationError(
            _("A mobile number may contain only digits, spaces, hyphens and a +86 prefix."),
            code="phone_format",
        )
    if len(text) != 11:
        raise ValidationError(
            _("A mobile number has 11 digits; this one has %(length)s."),
            code="phone_length",
            params={"length": len(text)},
        )
    if not MOBILE_NUMBER.match(text):
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 13 to 19."),
            code="phone_format",
        )
    return text


def validate_phone(value: str | int | float | None) -> None:
    """Django validator for mainland mobile numbers."""
    normalize_phone(value)


def mask_id_number(value: str | int | None) -> str:
    """``410482********1232``: enough to recognise a record, not enough to misuse it."""
    text = _clean_text(value).upper()
    if len(text) < 11:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_id_number_public(value: str | int | None) -> str:
    """``41**************2``: what a page without login may show of an ID number.

    The staff mask keeps the region code and the last four characters, so anyone who knows
    the birth date (often public) gets the whole number back. Public pages keep only the
    province and the check character. Works on a full number or on a staff mask alike (both
    keep the first two and the last character), so no decryption is needed to show it.
    """
    text = _clean_text(value).upper()
    if len(text) < 3:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 3) + text[-1]


def mask_phone(value: str | int | None) -> str:
    """``138****5678``, after normalising when possible so that the mask is the same every time."""
    try:
        text = normalize_phone(value)
    except ValidationError:
        text = _clean_text(value)
    if len(text) < 8:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_name(value: str | None) -> str:
    """张*三 / 欧**明 / 张*: keeps the family name and, from three characters, the last one."""
    text = (value or "").strip()
    if len(text) <= 1:
        return "*" * len(text)
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]
