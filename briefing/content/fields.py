"""The value types of the content contract, each with the check that makes a bad value a
located error: text that is not blank, dates the outputs can store, BCP 47 language
tags, drawable chart numbers, figure and table ids, citation keys, web addresses, and
the characters text may hold."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
)

from .notes import KEY
from .urls import check_url

# The edition dates every output can store: a PPTX (a zip) holds 1980-01-01 …
# 2107-12-31, a PDF's embedded fonts (fontTools) nothing before 1904.
FIRST_DATE, LAST_DATE = dt.date(1980, 1, 1), dt.date(2107, 12, 31)


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _edition_date(value: object) -> object:
    # YAML gives a date for an unquoted 2026-11-27; accept the quoted form too.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date; expected YYYY-MM-DD") from None
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"{value.isoformat()} is outside the dates the outputs can store; "
                         f"expected a date from {FIRST_DATE} to {LAST_DATE}")
    return value


MAX_TAG = 35  # RFC 5646 §4.4.1: the length every implementation must accept


def _language_tag(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
        raise ValueError(f"expected a BCP 47 language tag such as 'en' or 'ko-KR', got {value!r}")
    if len(value) > MAX_TAG:
        raise ValueError(f"language tag is {len(value)} characters; expected at most {MAX_TAG}, "
                         "such as 'en' or 'ko-KR'")
    return value


# Chart values: finite, and at most 10^15 either way: every whole number up to there
# is exact in a float, and sums, spans and percentages of them stay finite.
MAX_VALUE = 10**15


def drawable(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value  # the strict float check reports it
    if value != value or value in (math.inf, -math.inf):
        problem = "cannot be drawn"
    elif abs(value) > MAX_VALUE:
        problem = "is too large to draw" if value > 0 else "is too far below zero to draw"
    else:
        return value
    raise ValueError(f"{shown_number(value)} {problem}; expected a number between "
                     f"-{MAX_VALUE:,} and {MAX_VALUE:,}")


def shown_number(value: int | float) -> str:
    """A number out of range, as the author wrote it or shortly."""
    if isinstance(value, float):
        return {"nan": ".nan (not a number)", "inf": ".inf (infinity)",
                "-inf": "-.inf (minus infinity)"}.get(repr(value), repr(value))
    digits = str(abs(value))
    if len(digits) > 20:
        return f"a {len(digits)}-digit number"
    return str(value)


def _id_with(prefix: str):
    def check(value: str) -> str:
        if not re.fullmatch(ID_PATTERN, value) or not value.startswith(prefix + "-"):
            raise ValueError(f"expected an id such as '{prefix}-exports': '{prefix}-' then "
                             "letters, digits, '-' or '_', ending with a letter or digit; "
                             f"got {value!r}")
        return value
    return check


# Quarto's cross-reference ids: fig-… for charts and images, tbl-… for tables.
ID_PATTERN = r"(?:fig|tbl)-[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?"


Text = Annotated[str, AfterValidator(_not_blank)]


FigureId = Annotated[str, AfterValidator(_id_with("fig"))]


TableId = Annotated[str, AfterValidator(_id_with("tbl"))]


Url = Annotated[str, AfterValidator(check_url)]


EditionDate = Annotated[dt.date, BeforeValidator(_edition_date), AfterValidator(_date_in_range)]


ChartValue = Annotated[float, BeforeValidator(drawable)]


LanguageTag = Annotated[str, AfterValidator(_language_tag)]


NonEmpty = Field(min_length=1)


def _reference_date(value: object) -> object:
    # A year (2024, as a number or text) or a full date (YAML reads 2024-03-15 as a date).
    if isinstance(value, dt.datetime):
        raise ValueError("expected a year such as 2024 or a date as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}", value):
            return value
        return _edition_date(value).isoformat()
    return value


ReferenceDate = Annotated[str, BeforeValidator(_reference_date)]


def _citation_key(value: str) -> str:
    if not re.fullmatch(KEY, value) or len(value) > 100:
        raise ValueError(f"reference id {value!r} cannot be cited as [@{value}]; expected at "
                         "most 100 letters, digits and _ (and : . # $ % & - + ? < > ~ / "
                         "between them), such as kocca2024")
    return value


CitationKey = Annotated[str, AfterValidator(_citation_key)]


# Text may hold what a YAML file may hold raw (YAML 1.1 "printable": tab, line feed,
# carriage return, NEL and everything from U+0020 on except DEL, the C1 controls, the
# surrogates and U+FFFE/U+FFFF), less the other Unicode non-characters (U+FDD0–U+FDEF,
# U+nFFFE and U+nFFFF). The same rule holds for text written with escapes ("\0",
# "\x01", "\e", "\uFFFE", "\ud800"): the deck cannot hold them in its XML, and no output
# can encode a lone surrogate as UTF-8.
_NOT_TEXT = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]|"
    + "|".join(f"[{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}]"
               for plane in range(1, 17)))
_HIGH, _LOW = range(0xD800, 0xDC00), range(0xDC00, 0xE000)


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot be content text (its first character that is not allowed),
    or None."""
    match = _NOT_TEXT.search(text)
    if match is None:
        return None
    code = ord(match.group())
    if code in _HIGH or code in _LOW:
        hint = "write the character itself"
        pair = text[match.start():match.start() + 2]
        if len(pair) == 2 and ord(pair[0]) in _HIGH and ord(pair[1]) in _LOW:
            # JSON's "\ud83d\ude00": YAML reads each \u escape as one code point.
            joined = 0x10000 + ((ord(pair[0]) - 0xD800) << 10) + ord(pair[1]) - 0xDC00
            hint += f" or the escape \\U{joined:08X}"
        return f"U+{code:04X} is half of a UTF-16 surrogate pair, not a character; {hint}"
    kind = "the non-character" if code >= 0xFDD0 else "the control character"
    return f"text contains {kind} U+{code:04X}; remove it"


def is_emoji(code: int) -> bool:
    """A pictograph: the blocks of emoji and of the symbols drawn as emoji (dingbats,
    arrows, stars, clocks). "©", "¦" or "°" are symbols, not pictographs."""
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF
            or 0x2B00 <= code <= 0x2BFF or 0x2300 <= code <= 0x23FF)
