"""Dates of birth: dates in English, French, German, Spanish and Portuguese formats that a context marks as a birth.

Testimonies are full of dates that must stay (the attack, the recovery), written in the same formats as
birth dates; only the words around a date tell them apart. A date counts as a birth date when a birth
keyword precedes it in the same clause, or when it sits in a comma-separated list of someone's details
("Ana Lima, ana@example.org, 3 May 1950.").
"""

import re
from collections.abc import Iterator

from .findings import SOURCE_RULE, Finding
from .patterns import LookbehindScan, alternation


def _words(text: str) -> list[str]:
    return text.split()


_MONTH_NAMES = _words(
    # English, French, German, Spanish, Portuguese.
    "january february march april may june july august september october november december "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    "januar jänner februar märz maerz april mai juni juli august september oktober november dezember "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "janeiro fevereiro março marco abril maio junho julho agosto setembro outubro novembro dezembro"
)
# "set", "out" and "ago" (Portuguese, Spanish) are left out: as English words they would turn counts into dates.
_MONTH_ABBREVIATIONS = _words(
    "jan feb mar apr jun jul aug sep sept oct nov dec janv févr fevr avr juil déc okt dez ene abr dic fev"
)
_WEEKDAY_NAMES = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues thu thur thurs fri "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira"
)


# Longest first, so "sept" wins over "sep" and "june" over "jun".
_MONTH_NAME = alternation(_MONTH_NAMES, ignore_case=True)
_MONTH = rf"(?:{_MONTH_NAME}|(?:{alternation(_MONTH_ABBREVIATIONS, ignore_case=True)})\.?)"
_WEEKDAY = rf"(?:{alternation(_WEEKDAY_NAMES, ignore_case=True)})\.?,?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DAY_SUFFIX = r"(?:st|nd|rd|th|er|re|º|°|ª|\.)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_OF = r"(?:of|de|del)\s+"

# Every alternative that can carry a year tries the longer form first; the boundaries keep
# version numbers, IP addresses and longer digit runs out. A date opens with a letter or a digit:
# the lookahead rejects the spaces between words at once.
DATE = re.compile(
    rf"(?<![\w/.-])(?=\w)(?:{_WEEKDAY}\s+(?:the\s+)?)?"
    r"(?:"
    rf"(?P<dmy>{_DAY}{_DAY_SUFFIX}\s*(?:{_OF})?{_MONTH}(?:,?\s*(?:{_OF})?(?P<dmy_year>{_YEAR}))?)"
    rf"|(?P<mdy>{_MONTH}\s+(?:the\s+)?{_DAY}(?:st|nd|rd|th)?(?:,?\s+(?P<mdy_year>{_YEAR}))?)"
    rf"|(?P<my>{_MONTH}\s+(?:{_OF})?{_YEAR})"
    rf"|(?P<iso>{_YEAR}(?P<iso_sep>[-/.])(?:0?[1-9]|1[0-2])(?P=iso_sep){_DAY})"
    r"|(?P<numeric>(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2}))"
    r")"
    r"(?![\w/]|[.-]\d)",
    re.IGNORECASE,
)
DATE_SCAN = LookbehindScan(DATE)

_BIRTH_KEYWORD = (
    r"(?:\bborn\b|\bbirth\s*date\b|\bdate\s+of\s+birth\b|\bbirth\s*day\b|\bd\.?\s?o\.?\s?b\b\.?"
    r"|\bné(?:e|\(e\))?(?!\w)|\bdate\s+de\s+naissance\b|\bnaissance\b|\bnaiss\.|\bddn\b"
    r"|\bgeboren\b|\bgeb\.|\bgeburtsdatum\b|\bgeburtstag\b"
    r"|\bfecha\s+de\s+nacimiento\b|\bnacid[oa]s?\b|\bnac[ií]\b|\bnaci[óo]\b|\bnacimiento\b|\bf\.\s?nac\."
    r"|\bfecha\s+(?:de\s+)?nac\."
    r"|\bdata\s+de\s+nascimento\b|\bnascid[oa]s?\b|\bnasci\b|\bnasceu\b|\bnascimento\b|\bnasc\."
    r"|\bnaquit\b)"
)
# The keyword and the date share a clause: no sentence punctuation and no other number between them.
# A form may put the value on the next line ("Date of birth:\n12/03/1950").
BIRTH_BEFORE = re.compile(rf"{_BIRTH_KEYWORD}(?P<gap>[^\d.;!?\n]{{0,40}}|\s*[:–-]?\s*)\Z", re.IGNORECASE)
BIRTH_AFTER = re.compile(
    r"\s*[(\[]?\s*(?:dob|d\.o\.b\.|date\s+of\s+birth|birth\s*date|birthday|date\s+de\s+naissance"
    r"|geburtsdatum|fecha\s+de\s+nacimiento|data\s+de\s+nascimento|geboren)\b",
    re.IGNORECASE,
)
# A year alone is a birth date only right after the keyword: "née en 1958", "nació en 1958", "born in 1958",
# "année de naissance : 1958". "Born in Leeds in 1958" and "en 1958, l'hôpital" stay.
YEAR = re.compile(rf"(?<![\w/.-])(?=[12]){_YEAR}(?![\w/]|[.-]\d)")
YEAR_SCAN = LookbehindScan(YEAR)
BIRTH_RIGHT_BEFORE = re.compile(
    rf"{_BIRTH_KEYWORD}\s*[:–-]?\s*(?:(?:in|en|em|im|el\s+año|l['’]an(?:née)?|the\s+year|year)\s+)?\Z",
    re.IGNORECASE,
)
# A conjunction in the gap starts a new clause: "born in Leeds, and on 3 May 2020 the attack...".
CLAUSE_BREAK = re.compile(
    r"\b(?:and|but|then|when|where|which|while|after|before|until|since|because"
    r"|et|mais|où|quand|und|aber|wo|als|y|pero|donde|cuando|e|mas|onde|quando)\b",
    re.IGNORECASE,
)
# Words that never belong to a person's name, for lowercase texts where capitals cannot tell.
_FUNCTION_WORDS = frozenset(
    _words(
        "a an the i we you he she they it my our your his her their this that was were is are be been had has have "
        "in on at of to for from with by after before since until during then when and or but not no so we're i'm"
    )
)

_NAME_PARTICLES = frozenset(_words("da das de del della der di do dos du e la le van von y zu"))
_EMAIL_LIKE = re.compile(r"\S@\S")
_PHONE_LIKE = re.compile(r"(?:[+(]?\d[\d\s().x/-]{5,}\d)")
_POSTCODE_LIKE = re.compile(
    r"\d{5}(?:-\d{3,4})?|\d{8}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}",
    re.IGNORECASE,
)
_LIST_END = re.compile(r"\s*(?:[,;.)]|\n|$)")
# A full stop inside an item ("ana.lima@example.org") does not end it; one before a space or the end does.
_NEXT_ITEM = re.compile(r"\s*,\s*([^,;\s][^,;\n]{0,59}?)\s*(?:[,;)]|\n|$|\.(?:\s|$))")
_WEEKDAY_ONLY = re.compile(rf"(?:on\s+)?{_WEEKDAY}", re.IGNORECASE)


def _valid_numeric(match: re.Match) -> bool:
    first, second = int(match["first"]), int(match["second"])
    day_first = 1 <= first <= 31 and 1 <= second <= 12
    month_first = 1 <= first <= 12 and 1 <= second <= 31
    if len(match["year"]) == 4 and not 1800 <= int(match["year"]) <= 2099:
        return False
    return day_first or month_first


def _has_year(match: re.Match) -> bool:
    return bool(match["dmy_year"] or match["mdy_year"] or match["my"] or match["iso"] or match["numeric"])


def _date_matches(text: str) -> Iterator[re.Match]:
    for match in DATE_SCAN.finditer(text):
        if match["numeric"] and not _valid_numeric(match):
            continue
        yield match


def find_dates(text: str) -> list[tuple[int, int]]:
    """Spans of every date in `text`, with or without a year, whatever its context."""
    return [match.span() for match in _date_matches(text)]


def _keyword_before(text: str, start: int) -> bool:
    match = BIRTH_BEFORE.search(text, max(0, start - 80), start)
    return bool(match) and not CLAUSE_BREAK.search(match["gap"])


def _is_name_like(item: str, lowercase_text: bool) -> bool:
    words = item.split()
    if not 1 <= len(words) <= 6 or _WEEKDAY_ONLY.fullmatch(item):
        return False
    for word in words:
        if not re.fullmatch(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?", word):
            return False
        if not lowercase_text and not word[0].isupper() and word.lower() not in _NAME_PARTICLES:
            return False
        if word.lower() in _FUNCTION_WORDS:
            return False
    return True


def _is_contact_item(item: str) -> bool:
    item = item.strip()
    if _EMAIL_LIKE.search(item) or _POSTCODE_LIKE.fullmatch(item):
        return True
    # "12/03/2020, 13/03/2020": a list of dates is a timeline, not a phone number and a birth date.
    if DATE.fullmatch(item):
        return False
    return bool(_PHONE_LIKE.fullmatch(item)) and sum(char.isdigit() for char in item) >= 6


def _previous_item(text: str, start: int) -> tuple[str, str] | None:
    """The list item before the date and the separator that opens it, or None if the date does not follow a comma."""
    before = text[max(0, start - 120) : start].rstrip()
    if not before.endswith(","):
        return None
    before = before[:-1]
    cut = max(before.rfind(sep) for sep in ",:;(\n")
    return before[cut + 1 :].strip(), before[cut] if cut >= 0 else "\n"


def _in_details_list(text: str, match: re.Match, lowercase_text: bool) -> bool:
    # A bare date among someone's contact details is a birth date: attack dates come with a preposition.
    if not _has_year(match) or not _LIST_END.match(text, match.end()):
        return False
    previous = _previous_item(text, match.start())
    if previous is None:
        return False
    item, opener = previous
    following = _NEXT_ITEM.match(text, match.end())
    if _is_contact_item(item) or (following and _is_contact_item(following[1])):
        return True
    # "Patient: Jane Doe, 3 May 1950." A name alone is enough when a colon opens the list.
    return opener == ":" and _is_name_like(item, lowercase_text)


def _is_birth_context(text: str, match: re.Match, lowercase_text: bool) -> bool:
    if _keyword_before(text, match.start()):
        return True
    if BIRTH_AFTER.match(text, match.end()):
        return True
    return _in_details_list(text, match, lowercase_text)


def find_dates_of_birth(text: str) -> list[Finding]:
    """Dates that the surrounding words mark as someone's date of birth; all other dates are left alone."""
    lowercase_text = text == text.lower()
    dates = [
        Finding(match.start(), match.end(), "DATE_OF_BIRTH", SOURCE_RULE, 0.9)
        for match in _date_matches(text)
        if _is_birth_context(text, match, lowercase_text)
    ]
    years = [
        Finding(match.start(), match.end(), "DATE_OF_BIRTH", SOURCE_RULE, 0.8)
        for match in YEAR_SCAN.finditer(text)
        if BIRTH_RIGHT_BEFORE.search(text, max(0, match.start() - 40), match.start())
    ]
    return dates + [year for year in years if not any(year.overlaps(date) for date in dates)]
