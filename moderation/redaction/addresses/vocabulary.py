"""Words and regex fragments shared by the street, postcode and address-block grammars."""

import re

from ..patterns import alternation


def words(text: str) -> list[str]:
    return text.split()


# Latin, Greek and Cyrillic capitals: street names come from every European locale.
UPPER = "".join(chr(code) for code in range(0x41, 0x530) if chr(code).isupper())
LETTER = r"[^\W\d_]"
# The parts of an address line stay on one line.
SP = r"[ \t]+"

UNIT = r"(?i:flat|apartment|apt\.?|unit|studio|suite|ste\.?|room|rm\.?|floor|fl\.?|#)[ \t]*\d{1,5}[A-Za-z]?\b"

# Ordinary words that cannot be part of a street name in a lowercase text.
STOP_WORDS = words(
    """
a about after again all also am an and any are as at be been before being between both but by can could day days
did do does during each every few for from had has have he her here hers him his hour hours how i if in into is
it its just me minute minutes month months more most much my no not now of on once only or other our out over
patient patients people per she since so some staff such than that the their them then there these they this
those through to too under until up us very was we week weeks were what when where which while who whom whose
why will with would year years you your operations times beds
"""
)

LOWERCASE_WORD = rf"(?!(?:{alternation(STOP_WORDS)})\b){LETTER}+(?:['’-]{LETTER}+)*"
CAPITAL_WORD = rf"[{UPPER}]{LETTER}*(?:['’-]{LETTER}+)*"


def name_word(lowercase: bool) -> str:
    return LOWERCASE_WORD if lowercase else CAPITAL_WORD


# "bed 12 Alan Brooks": a number after a counter word numbers that thing, not a house.
COUNTER_BEFORE = re.compile(
    r"\b(?:bed|beds|ward|wards|room|rooms|floor|level|page|pages|gate|bay|wing|block|line|step|days?|weeks?"
    r"|no|number|nr|case|cases|patients?|theatre|platform|table|version|item|aged?|top)\.?[ \t]*\Z",
    re.IGNORECASE,
)
# "Monitoring 24 hours", "Parque Ibirapuera, 20 minutes": a quantity, not a house number.
QUANTITY_AFTER = re.compile(
    r"\s*(?:%|[-–/.:]\d|(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|patients?|people|beds?|staff"
    r"|euros?|dollars?|reais|pounds?|times|servers?|files?|records?)\b)",
    re.IGNORECASE,
)
YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
YEAR_PREPOSITION = re.compile(r"\b(?:in|since|until|by|of|from|after|before|during|for)\s*\Z", re.IGNORECASE)

# English short names of countries and territories: the last line of an international address block.
COUNTRIES = frozenset(
    line.strip()
    for line in """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain
Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bermuda|Bhutan|Bolivia|Bosnia and Herzegovina|Botswana|Brazil
Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Chile|China|Colombia|Comoros|Congo
Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt
El Salvador|England|Eritrea|Estonia|Eswatini|Ethiopia|Faroe Islands|Fiji|Finland|France|Gabon|Gambia|Georgia
Germany|Ghana|Gibraltar|Greece|Greenland|Grenada|Guatemala|Guernsey|Guinea|Guyana|Haiti|Honduras|Hong Kong|Hungary
Iceland|India|Indonesia|Iran|Iraq|Ireland|Isle of Man|Israel|Italy|Ivory Coast|Jamaica|Japan|Jersey|Jordan
Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania
Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia
Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria
North Macedonia|Northern Ireland|Norway|Oman|Pakistan|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland
Portugal|Puerto Rico|Qatar|Romania|Russia|Rwanda|San Marino|Saudi Arabia|Scotland|Senegal|Serbia|Seychelles
Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|Spain|Sri Lanka|Sudan|Suriname|Sweden
Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Trinidad and Tobago|Tunisia|Turkey|Türkiye
Turkmenistan|Uganda|Ukraine|United Arab Emirates|United Kingdom|United States|United States of America|Uruguay
Uzbekistan|Venezuela|Vietnam|Wales|Yemen|Zambia|Zimbabwe|USA|UK
""".replace("\n", "|").split("|")
    if line.strip()
)
