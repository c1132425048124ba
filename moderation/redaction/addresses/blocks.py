"""Address blocks: what surrounds a street line.

A building number printed before the street ("9554 62 Rue Gafsa"), flats and suites after it, and the short
lines below it (suite, TOWN, ", ST", "Country 12345") until a line reads as prose. Town names alone are
weak evidence, so a block ends at its last line that a unit, a code, a postcode, a country or a word in
capitals makes certain. On the street's own line, the town and country are taken only when a country or
a word in capitals marks them ("..., ISHAM, United Kingdom"): "12 High Street, Leeds" keeps its town,
which the story may need. Also here: the "APO AE 09012" line of US military mail, and street corners.
"""

import re
from collections.abc import Iterator

from ..patterns import LookbehindScan, alternation
from .postcodes import INTERNATIONAL_POSTCODE, UK_POSTCODE
from .vocabulary import (
    COUNTER_BEFORE,
    COUNTRIES,
    LOWERCASE_WORD,
    QUANTITY_AFTER,
    SP,
    STOP_WORDS,
    UNIT,
    UPPER,
    YEAR_NUMBER,
    YEAR_PREPOSITION,
    name_word,
)

Span = tuple[int, int]

_BUILDING_NUMBER_BEFORE = re.compile(r"(?<![\w.,/:+-])(\d{1,5})[ \t]+\Z")
_UNIT = re.compile(UNIT)
_UNITS_AFTER = re.compile(rf"(?:,?{SP}{UNIT})+")
_LINE_PREFIX = re.compile(r"[ \t]*(?:>+|\?{2,}|[*•·])?[ \t]*")
_TOKEN = re.compile(r"[^\s,]+")
_SEPARATOR = re.compile(r"[ \t]*,?[ \t]*")

_POSTCODE_ITEM = re.compile(rf"(?:{INTERNATIONAL_POSTCODE}|{UK_POSTCODE.pattern})(?=[\s,.?!;:]|$)", re.IGNORECASE)
_CODE_TOKEN = re.compile(rf"(?!(?i:{'|'.join(STOP_WORDS)})$)\w{{1,3}}")
_CAPITALS_TOKEN = re.compile(rf"[{UPPER}]{{3,}}(?:['’-][{UPPER}]+)*")
_PLACE_PARTICLE = r"(?:de|di|da|do|del|la|le|les|sur|am|upon|of|en)"
_PLACE_TOKEN = {
    False: re.compile(rf"[{UPPER}][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?|{_PLACE_PARTICLE}"),
    True: re.compile(rf"{LOWERCASE_WORD}|st\."),
}
_QUALIFIER_TOKEN = re.compile(r"\(\w+\)")
_COUNTRY = {
    False: re.compile(rf"(?:{alternation(COUNTRIES)})(?!\w)"),
    True: re.compile(rf"(?i:{alternation(COUNTRIES, ignore_case=True)})(?!\w)"),
}
_SENTENCE_END = re.compile(r"[.?!;:]$")
_ABBREVIATION = re.compile(r"(?i:st|ste|apt|mt|ft)\.$")

# "APO AE 09012": the town and state of US military mail, then its ZIP code.
_MILITARY_TOWN = re.compile(
    r"(?<![\w-])(?P<town>(?i:[adf]po)[ \t]+(?i:aa|ae|ap))[ \t]+(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])"
)

_MILITARY_TOWN_SCAN = LookbehindScan(_MILITARY_TOWN)


class _Line:
    """The address items read from the start of one line: places, codes, postcodes, units.

    `strong` when a unit, a postcode, a code after a comma, a country or a word in capitals is among them;
    `certain` only for a country or a word in capitals, which no street line of prose is followed by.
    """

    def __init__(self, text: str, start: int, end: int, lowercase: bool, *, after_comma: bool = False) -> None:
        self.address: list[Span] = []
        self.postcodes: list[Span] = []
        self.strong = self.certain = self.closed = False
        self.complete = True
        # ", TN": a state alone on its line, after the town's line.
        separator = _SEPARATOR.match(text, start, end)
        self.end = separator.end()
        self._read(text, self.end, end, lowercase, after_comma or "," in separator[0])

    def _read(self, text: str, position: int, end: int, lowercase: bool, after_comma: bool) -> None:
        while position < end:
            item_end = self._item(text, position, end, lowercase, after_comma)
            if item_end is None:
                self.complete = False
                return
            position = self.end = item_end
            if position < end and text[position] in ".?!;:" and (position + 1 == end or text[position + 1].isspace()):
                self.closed = True
                self.complete = not text[position + 1 : end].strip()
                return
            separator = _SEPARATOR.match(text, position, end)
            after_comma = "," in separator[0]
            position = separator.end()

    def _item(self, text: str, position: int, end: int, lowercase: bool, after_comma: bool) -> int | None:
        unit = _UNIT.match(text, position, end)
        if unit:
            self.address.append(unit.span())
            self.strong = True
            return unit.end()
        country = _COUNTRY[lowercase].match(text, position, end)
        if country:
            self.address.append(country.span())
            self.strong = self.certain = True
            return country.end()
        postcode = _POSTCODE_ITEM.match(text, position, end)
        if postcode:
            # Phone numbers are groups of digits: a line holds one postcode at most.
            if self.postcodes:
                return None
            self.postcodes.append(postcode.span())
            self.strong = True
            return postcode.end()
        token = _TOKEN.match(text, position, end)
        if not token:
            return None
        word = token[0] if _ABBREVIATION.search(token[0]) else _SENTENCE_END.sub("", token[0])
        word_end = token.start() + len(word)
        if _PLACE_TOKEN[lowercase].fullmatch(word) or _QUALIFIER_TOKEN.fullmatch(word):
            self.address.append((token.start(), word_end))
            capitals = bool(_CAPITALS_TOKEN.fullmatch(word))
            self.strong, self.certain = self.strong or capitals, self.certain or capitals
        elif _CODE_TOKEN.fullmatch(word):
            self.address.append((token.start(), word_end))
            self.strong = self.strong or after_comma or word.isupper()
        else:
            return None
        return word_end

    def spans(self) -> tuple[list[Span], list[Span]]:
        if not self.address:
            return [], self.postcodes
        return [(self.address[0][0], self.address[-1][1])], self.postcodes


def _building_number_start(text: str, start: int) -> int:
    before = _BUILDING_NUMBER_BEFORE.search(text, max(0, start - 8), start)
    if not before:
        return start
    if COUNTER_BEFORE.search(text, max(0, before.start() - 12), before.start()):
        return start
    year_like = YEAR_NUMBER.fullmatch(before[1])
    if year_like and YEAR_PREPOSITION.search(text, max(0, before.start() - 12), before.start()):
        return start
    return before.start()


def _line_end(text: str, position: int) -> int:
    newline = text.find("\n", position)
    return len(text) if newline < 0 else newline


def _following_lines(text: str, line_end: int, lowercase: bool) -> Iterator[_Line]:
    """Lines below a street line that read as address lines, up to the last one that is certain."""
    pending: list[_Line] = []
    after_blank = False
    position = line_end
    while position < len(text):
        start = _LINE_PREFIX.match(text, position + 1).end()
        end = _line_end(text, start)
        if start == end:
            # One blank line may separate the town from "Country 12345", never from prose.
            if after_blank:
                return
            after_blank, position = True, end
            continue
        line = _Line(text, start, end, lowercase)
        if not (line.address or line.postcodes) or (after_blank and not line.strong):
            return
        if not line.complete and not line.certain:
            return
        pending.append(line)
        if line.strong:
            yield from pending
            pending.clear()
        if line.closed or not line.complete:
            return
        after_blank, position = False, end


def _postcode_before_town(text: str, tail: _Line) -> list[Span]:
    # "Storgata 12B, 0155 Oslo": a code between the street and its town, in any country's shape.
    if not tail.postcodes or not tail.address:
        return []
    start, end = tail.postcodes[0]
    opens_town = end - start >= 4 and tail.address[0][0] > end and not QUANTITY_AFTER.match(text, end)
    return [(start, end)] if opens_town and not text[tail.address[0][0]].islower() else []


def _extend(text: str, street: Span, lowercase: bool) -> tuple[list[Span], list[Span]]:
    start = _building_number_start(text, street[0])
    units = _UNITS_AFTER.match(text, street[1])
    end = units.end() if units else street[1]
    addresses, postcodes = [(start, end)], []
    line_end = _line_end(text, end)
    tail_start = _SEPARATOR.match(text, end, line_end).end()
    if tail_start < line_end:
        tail = _Line(text, tail_start, line_end, lowercase, after_comma="," in text[end:tail_start])
        if not tail.certain:
            return addresses, postcodes + _postcode_before_town(text, tail)
        tail_addresses, tail_postcodes = tail.spans()
        addresses += tail_addresses
        postcodes += tail_postcodes
        if tail.closed or not tail.complete:
            return addresses, postcodes
    for line in _following_lines(text, line_end, lowercase):
        line_addresses, line_postcodes = line.spans()
        addresses += line_addresses
        postcodes += line_postcodes
    return addresses, postcodes


def _corner_pattern(lowercase: bool) -> re.Pattern:
    word = name_word(lowercase)
    part = rf"(?:\d{{1,5}}[A-Za-z]?\.?|{word}\.?|(?i:[a-zé]{{1,8}}\.?))"
    capitalised = rf"(?:\d{{1,5}}[A-Za-z]?\.?|{word}\.?)"
    first = rf"{capitalised}(?:{SP}(?!and\b){part}){{0,5}}"
    second = rf"{capitalised}(?:{SP}{capitalised}){{0,4}}"
    return re.compile(
        rf"(?<!\w)(?i:corner){SP}(?i:of){SP}(?P<streets>{first}{SP}(?i:and){SP}{second})(?=[ \t]*(?:[,;:?!)\n]|\.|$))"
    )


_CORNERS = {lowercase: LookbehindScan(_corner_pattern(lowercase)) for lowercase in (False, True)}


def _corners(text: str, lowercase: bool) -> Iterator[Span]:
    for match in _CORNERS[lowercase].finditer(text):
        start, end = match.span("streets")
        if text[end - 1] == "." and not _ABBREVIATION.search(text, start, end):
            end -= 1
        yield start, end


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def address_blocks(text: str, streets: list[Span], lowercase: bool) -> tuple[list[Span], list[Span]]:
    """ADDRESS spans (street lines and the lines that continue them) and the POSTCODE spans closing blocks."""
    addresses: list[Span] = list(_corners(text, lowercase))
    postcodes: list[Span] = []
    for street in streets:
        street_addresses, street_postcodes = _extend(text, street, lowercase)
        addresses += street_addresses
        postcodes += street_postcodes
    for match in _MILITARY_TOWN_SCAN.finditer(text):
        addresses.append(match.span("town"))
        postcodes.append(match.span("zip"))
    return _merged(addresses), sorted(set(postcodes))
