"""Postcodes: distinctive shapes alone (UK, formatted Brazilian CEP), any other shape in an address context."""

import re
from collections.abc import Iterator

from ..dates import DATE
from ..patterns import LookbehindScan
from .vocabulary import CAPITAL_WORD, LOWERCASE_WORD, QUANTITY_AFTER, SP, words

UK_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]\d[ABEHMNPRV-Y\d]?|\d[A-HJKPSTUW\d]?)[ \t]?\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![\w-])",
    re.IGNORECASE,
)
UK_POSTCODE_SCAN = LookbehindScan(UK_POSTCODE)
_ORDINAL_INWARD = re.compile(r"\d(?:st|nd|rd|th)$")
_NUMERIC_POSTCODE = re.compile(r"(?<![\w.,/-])(?=\d)(?:\d{5}-\d{4}|\d{5}-\d{3}|\d{5}|\d{8})(?![\w/-]|[.,]\d)")
_NUMERIC_POSTCODE_SCAN = LookbehindScan(_NUMERIC_POSTCODE)
_CEP_FORMATTED = re.compile(r"\d{5}-\d{3}")
# Shapes that only a keyword or the end of an address block makes a postcode: Nordic and Czech "394 13",
# Dutch "7412 SL", Polish "53-320", Portuguese "3610-114", Canadian "B0J 2H0", four and three digits.
INTERNATIONAL_POSTCODE = (
    r"(?:\d{5}(?:-\d{3,4})?|\d{4}-\d{3}|\d{3} \d{2}|\d{4}(?-i: ?[A-Z]{2}(?!\w))?|\d{2}-\d{3}|\d{3}"
    r"|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)"
)
_US_STATES = words(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP"
)
# Every keyword opens with a letter, so "(?<!\w)" says "\b" here, in the form LookbehindScan scans quickly.
_POSTCODE_KEYWORD_BARE = (
    r"(?<!\w)(?:post\s?code|postal\s+code|zip(?:\s*code)?|code\s+postal|c\.\s?p\.|plz|postleitzahl"
    r"|c[óo]digo\s+postal|cep)"
)
_POSTCODE_KEYWORD = re.compile(
    rf"{_POSTCODE_KEYWORD_BARE}\s*(?:(?:is|ist|est|es|é)\s+|n[º°o]\.?\s*|[:#]\s*)?\Z", re.IGNORECASE
)
# "ZIP: 3520", "my zip code is 880": after the keyword, any country's shape.
_ANNOUNCED_POSTCODE = re.compile(
    rf"{_POSTCODE_KEYWORD_BARE}\s*(?:(?:is|ist|est|es|é)\s+|n[º°o]\.?\s*|[:#]\s*)?"
    rf"(?P<code>{INTERNATIONAL_POSTCODE})(?![\w/-]|[.,]\d)",
    re.IGNORECASE,
)
_ANNOUNCED_POSTCODE_SCAN = LookbehindScan(_ANNOUNCED_POSTCODE)
_STATE_BEFORE = {
    False: re.compile(rf"\b(?:{'|'.join(_US_STATES)})\s+\Z"),
    True: re.compile(rf",\s*(?:{'|'.join(state.lower() for state in _US_STATES)})\s+\Z"),
}
# Town, district and state between a street line and its postcode: "Luisfort, MO ", ", da Rosa - CEP ".
_PLACE_WORD = {
    False: rf"(?:{CAPITAL_WORD}|St\.|(?i:da|das|de|do|dos|del|la|le|les|sur|am|an|upon|on|en|im))",
    True: rf"(?:{LOWERCASE_WORD}|st\.|da|das|de|do|dos|del|la|le|les|sur|am|an|upon|on|en|im)",
}
_BETWEEN_STREET_AND_POSTCODE = {
    lowercase: re.compile(
        rf"\s*(?:[,–-]\s*)?(?:{word}(?:{SP}{word})*(?:\s*[,/–-]\s*|[ \t]*\n\s*)){{0,4}}"
        rf"(?:{word}(?:{SP}{word})*{SP})?(?:(?i:{_POSTCODE_KEYWORD_BARE})\s*:?\s*)?"
    )
    for lowercase, word in _PLACE_WORD.items()
}
_POSTCODE_SHAPE = re.compile(rf"{UK_POSTCODE.pattern}|{_NUMERIC_POSTCODE.pattern}", re.IGNORECASE)
_PLACE_AFTER = re.compile(rf"{SP}{CAPITAL_WORD}(?:[ \t-]+{CAPITAL_WORD}){{0,3}}\s*(?:[.,;)\n]|$)")
_PLACE_OPENER = re.compile(r"(?:^|[,;:]|\n|\b(?:in|at|from|à|en|em|nach|aus|von))\s*\Z")
_LIST_OPENER = re.compile(r"(?:^|[,;:]|\n)\s*\Z")
_LIST_CLOSER = re.compile(r"\s*(?:[.,;)]|\n|$)")
_LIST_LAST = re.compile(r"\s*(?:[.;)]|\n|$)")
_FULL_NAME = {
    lowercase: re.compile(rf"{word}(?:{SP}{word}){{1,3}}")
    for lowercase, word in ((False, CAPITAL_WORD), (True, LOWERCASE_WORD))
}


def _leads_to_postcode(text: str, end: int, postcode_start: int, lowercase: bool) -> bool:
    return _BETWEEN_STREET_AND_POSTCODE[lowercase].fullmatch(text, end, postcode_start) is not None


def postcode_follows(text: str, end: int, lowercase: bool) -> bool:
    shape = _POSTCODE_SHAPE.search(text, end, min(len(text), end + 80))
    return bool(shape) and _leads_to_postcode(text, end, shape.start(), lowercase)


def _date_ends_at(text: str, position: int) -> bool:
    return any(match.end() == position for match in DATE.finditer(text, max(0, position - 40), position))


def _is_list_item(text: str, start: int, end: int, lowercase: bool) -> bool:
    # "Dana Graham, 6/8/1949, 38526." A bare code closing someone's details: after a date or a full name.
    opener = _LIST_OPENER.search(text, max(0, start - 3), start)
    if not opener or not _LIST_CLOSER.match(text, end):
        return False
    if _date_ends_at(text, opener.start()):
        return True
    if end - start != 5 or not _LIST_LAST.match(text, end):
        return False
    before = text[max(0, opener.start() - 60) : opener.start()]
    previous = before[max(before.rfind(sep) for sep in ",:;(\n") + 1 :].strip()
    return bool(_FULL_NAME[lowercase].fullmatch(previous))


def _after_street(text: str, start: int, streets: list[tuple[int, int]], lowercase: bool) -> bool:
    return any(
        street_end <= start <= street_end + 80 and _leads_to_postcode(text, street_end, start, lowercase)
        for _, street_end in streets
    )


def _numeric_postcode_in_context(text: str, match: re.Match, streets: list[tuple[int, int]], lowercase: bool) -> bool:
    start, end = match.span()
    if _CEP_FORMATTED.fullmatch(match[0]):
        return True
    if _POSTCODE_KEYWORD.search(text, max(0, start - 25), start):
        return True
    if len(match[0]) != 8 and _STATE_BEFORE[lowercase].search(text, max(0, start - 6), start):
        return True
    if _after_street(text, start, streets, lowercase):
        return True
    # "..., 75011 Paris." A code opening a town's name in an address line, not "50000 Euros".
    opens_town = (
        _PLACE_OPENER.search(text, max(0, start - 6), start)
        and _PLACE_AFTER.match(text, end)
        and not QUANTITY_AFTER.match(text, end)
    )
    if end - start == 5 and not lowercase and opens_town:
        return True
    return _is_list_item(text, start, end, lowercase)


def find_postcodes(text: str, streets: list[tuple[int, int]], lowercase: bool) -> Iterator[tuple[int, int]]:
    """Postcode spans; `streets` are the address lines found so far, whose neighbourhood is an address context."""
    for match in UK_POSTCODE_SCAN.finditer(text):
        # "a3 4th floor": an ordinal reads as an inward code only in capitals or in an address context.
        if _ORDINAL_INWARD.search(match[0]) and not match[0].isupper():
            announced = _POSTCODE_KEYWORD.search(text, max(0, match.start() - 25), match.start())
            if not announced and not _after_street(text, match.start(), streets, lowercase):
                continue
        yield match.span()
    for match in _NUMERIC_POSTCODE_SCAN.finditer(text):
        if _numeric_postcode_in_context(text, match, streets, lowercase):
            yield match.span()
    for match in _ANNOUNCED_POSTCODE_SCAN.finditer(text):
        yield match.span("code")
