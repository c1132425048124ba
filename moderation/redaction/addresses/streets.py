"""Street lines: one grammar per address tradition.

English (US and UK: number, name, street type, flat or suite), French (number, street type, name), German,
Dutch, Nordic and Finnish (name glued to its street type, then the number), Spanish, Portuguese, Italian and
Polish (street type, name, number), Hungarian and Czech (name, street type, number), US military mail
(PSC or unit and box, ship names). A name followed by a number with no street type at all ("Allika 46")
counts only after a building number ("20789 Allika 46"), the way international address lines are printed.

Names must be capitalised, except in texts typed all in lowercase, where a stop list keeps ordinary
words out of street names. To support another locale, add its street types and a grammar to `_street_patterns`.
"""

import re
from collections.abc import Iterator

from ..dates import DATE
from ..patterns import LookbehindScan, alternation
from .postcodes import postcode_follows
from .vocabulary import (
    COUNTER_BEFORE,
    LETTER,
    QUANTITY_AFTER,
    SP,
    STOP_WORDS,
    UNIT,
    UPPER,
    YEAR_NUMBER,
    YEAR_PREPOSITION,
    name_word,
    words,
)

# USPS street suffixes (Publication 28, appendix C1) with UK street types.
_EN_STREET_TYPES = words(
    """
alley allee aly annex anex anx arcade arc avenue ave av bayou bayoo beach bend bluff bluffs bottom boulevard blvd
branch bridge brook brooks burg burgs bypass camp canyon cape causeway center centre centers circle circles cir cliff
cliffs club common commons corner corners course court courts cove coves creek crescent cres crest crossing
crossroad crossroads curve dale dam divide drive drives dr estate estates expressway extension extensions
fall falls ferry field fields flat flats ford fords forest forge forges fork forks fort freeway garden gardens
gateway glen glens green greens grove groves harbor harbors harbour haven heights highway hwy hill hills hollow
inlet island islands isle junction junctions key keys knoll knolls lake lakes land landing lane ln light lights
loaf lock locks lodge loop mall manor manors meadow meadows mews mill mills mission motorway mount mountain
mountains neck orchard oval overpass park parks parkway parkways pkwy pass passage path pike pine pines place pl
plain plains plaza point points port ports prairie radial ramp ranch rapid rapids rest ridge ridges river road
roads rd route row rue run shoal shoals shore shores skyway spring springs spur spurs square squares sq station
stravenue stream street streets st summit terrace ter throughway trace track trafficway trail trailer tunnel
turnpike underpass union unions valley valleys via viaduct view views village villages ville vista walk walks
wall way ways well wells close chase croft drove embankment end fold gate gardens grange hey parade promenade
quay rise side steps strand terrace wharf wynd yard brae loan circus approach broadway boulevard str
"""
)
# Abbreviations that double as titles or words ("Dr Patel", "St Thomas") end an address line only.
_EN_ABBREVIATIONS = frozenset(words("ave av blvd cir cres dr hwy ln pkwy pl rd sq st str ter"))

_FR_STREET_TYPES = words(
    """
rue avenue av. boulevard bd bld chemin impasse allée allee quai route rte cours square passage voie sentier
rond-point esplanade promenade faubourg fg parvis cité cite résidence residence lotissement hameau villa montée
traverse ruelle chaussée carrefour galerie mail quartier rampe clos domaine lieu-dit place pl.
"""
)
# Shared with English: capitalised, they count only before a French particle ("12 Place de la Gare").
_FR_AMBIGUOUS = frozenset(words("place route cours square passage villa mail port cité clos domaine galerie promenade"))
_FR_PARTICLE = r"(?:de|du|des|la|le|les|et|sur|sous|aux|au|à|en)"
# "62 Rue Gafsa Apt. 981": the flat or suite after a street name is not part of the name.
_NOT_A_NAME = r"(?!(?i:apt|apartment|suite|ste|unit|flat|studio|floor|room|box)\b)"

# Street types glued to the end of the name, the number after it: German, Dutch, Danish, Norwegian, Swedish,
# Icelandic, Finnish.
_GLUED_SUFFIXES = words(
    """
straße strasse gasse weg platz allee ring damm ufer chaussee steig pfad stieg graben kamp promenade zeile markt
twiete redder wall brücke
straat laan plein gracht kade singel dreef steeg dijk
vej vejen gade gaden stræde vænge vænget allé plads torv
veien vegen vei veg gata gate gaten stien bakken svingen
gatan vägen väg gränd gränden stigen torget backen allén leden
stræti straeti braut vegur stígur
katu kuja tie polku kaari raitti kaarre väylä ranta
"""
)
_DE_PREFIXES = (
    r"(?:Am|Im|Zum|Zur|An der|An den|An dem|Auf der|Auf dem|Auf den|In der|In den|Unter den|Hinter der|Hinter dem"
    r"|Vor dem|Vor der|Bei der|Platz der|Platz des|Straße der|Straße des)"
)
# Street types written as a separate word after the name: German, Nordic, Hungarian, Czech, Slovene, Croatian
# ("Berliner Straße 7", "Stensås terrasse 38", "Erzsébet tér 19.", "Národní třída 5", "Celovška cesta 25").
_DE_SEPARATE_SUFFIXES = words(
    "straße strasse str. weg platz allee ring gasse damm chaussee ufer markt steig pfad graben"
)
# Written in lowercase after a capitalised name.
_SEPARATE_SUFFIXES = words(
    """
vej gade gate gata vei veg allé terrasse
utca u. út útja tér tere köz kapu körút krt. sor sétány rakpart rkp. fasor
ulice třída náměstí nábřeží ulica cesta trg tee tänav põik puiestee maantee mnt.
"""
)
# Hungarian house numbers carry a full stop ("Király u. 15."): it belongs to the address, not the sentence.
_HUNGARIAN_TYPES = frozenset(words("utca u. út útja tér tere köz kapu körút krt. sor sétány rakpart rkp. fasor"))

# Street types before the name, the number after it.
_PREFIX_STREET_TYPES = words(
    """
Calle C/ C. Avenida Avda. Avda Av. Plaza Pza. Paseo Pº Glorieta Rambla Ronda Camino Carretera Ctra. Travesía
Travesia Callejón Cañada Alameda Acceso Pasaje Cuesta Pasadizo Urbanización Urb. Vía Via Vial Bulevar Carrera
Costanilla Plazuela Senda Polígono Barrio Partida
Carrer Avinguda Passeig Plaça Travessera Passatge Camí Baixada Carreró
Rua R. Travessa Tv. Praça Pç. Largo Estrada Rodovia Ladeira Viela Vila Jardim Residencial Condomínio Conjunto
Quadra Setor Parque Vale Viaduto Vereda Trevo Trecho Sítio Recanto Praia Pátio Passarela Núcleo Morro Loteamento
Lagoa Lago Feira Fazenda Favela Estação Esplanada Distrito Colônia Chácara Campo Área Aeroporto Beco Servidão
Marginal Boulevard Calçada Rúa Rue
Viale Piazza Piazzale Piazzetta Corso Vicolo Strada Borgo Contrada Lungomare Salita Vico Viottolo Rotonda
ul. Ul. ulica Ulica al. Al. aleja Aleja pl. Pl. plac Plac os. Os. osiedle Osiedle
náměstí Náměstí nábřeží Nábřeží
Strada Str. Bulevardul Calea Aleea Piața
Λ. Λεωφόρος Οδός ул. улица пр. проспект пер. переулок
"""
)
_PREFIX_PARTICLE = r"(?:de|del|da|das|do|dos|la|las|los|el|e|y|di|della|delle|dei|degli|dello|van|der|den|von)"


def _ib_unit(lowercase: bool) -> str:
    # "7º A", or "7º a" in a text typed in lowercase.
    door = "[a-z]" if lowercase else "[A-Z]"
    return (
        rf"(?:\d{{1,2}} ?[º°ª](?: ?{door}\b| ?(?i:izq(?:da|uierda)?|dcha|derecha)\.?)?"
        r"|(?i:apt|apto|ap|apartamento|piso|puerta|pta|portal|esc|escalera|bloco|bloque|bl|casa|sala|conj|andar"
        r"|lote)\.?[ \t]*"
        r"\d{1,4}[A-Za-z]?\b"
        r"|(?i:bajo|ático|atico|izq(?:da|uierda)?|dcha|derecha|izquierda|fundos)\b\.?)"
    )


_EN_TYPE = alternation(_EN_STREET_TYPES, ignore_case=True)
_FR_TYPE = alternation(_FR_STREET_TYPES, ignore_case=True)
_GLUED_SUFFIX = alternation(_GLUED_SUFFIXES, ignore_case=True)


def _english(word: str) -> re.Pattern:
    name = rf"(?:{word}|\d{{1,3}}(?i:st|nd|rd|th)|St\.)"
    street = rf"(?:{name}{SP}){{1,3}}(?P<type>(?i:{_EN_TYPE}))\b\.?(?:{SP}[NSEW]{{1,2}}\b(?!'))?"
    number = r"\d{1,6}[A-Za-z]?(?:-\d{1,4}[A-Za-z]?)?"
    # "Flat 3, 45 Park Road", "Flat 3, Park Road", "Flat 3\nPark Road" or "45 Park Road".
    after_unit = rf"(?:,?{SP}(?P<number>{number}){SP}|,[ \t]*|[ \t]*\n[ \t]*)"
    opening = rf"(?:{UNIT}{after_unit}|(?P<bare_number>{number}){SP})"
    # "Trenerys gate 232": a number after the street type belongs to a continental grammar.
    continental = rf"{SP}\d{{1,4}}[A-Za-z]?\b(?!(?i:st|nd|rd|th))"
    return re.compile(rf"(?<![\w.,/-]){opening}{street}(?!{continental})(?:,?{SP}{UNIT})?(?![\w-])")


def _french_name(word: str) -> str:
    # "rue du 8-Mai-1945", "place du 11-Novembre": streets named after a date.
    dated = rf"\d{{1,2}}-{word}(?:-\d{{4}})?"
    name_word = rf"(?:[dlDL]['’])?{_NOT_A_NAME}(?:{dated}|{word})"
    particle = rf"(?i:{_FR_PARTICLE}){SP}"
    return rf"(?:{particle}|[dlDL]['’])*{name_word}(?:{SP}(?:{particle})*{name_word}){{0,4}}"


# "appt 23", "bât. B", "escalier C", "1e étage": where in the building, before or after the street.
_FR_UNIT = (
    r"(?:(?i:appt|app|appartement|bât|bat|bâtiment|batiment|escalier|esc|porte|logement|lgt)\.?[ \t]*[\w]{1,4}\b"
    r"|\d{1,2}(?i:e|er|ère|ème|eme)[ \t]+(?i:étage|etage)\b)"
)
_FR_BUILDING = r"(?i:résidence|residence|rés\.|cité|lotissement|domaine|hameau)"


def _french(word: str) -> re.Pattern:
    # "Résidence les Tilleuls, bât. A, 117 rue du 8-Mai-1945, appt 23": the residence and the units go too.
    building = rf"(?:{_FR_BUILDING}{SP}{_french_name(word)}[ \t]*,?[ \t]*)?(?:{_FR_UNIT}[ \t]*,?[ \t]*)*"
    return re.compile(
        rf"(?<![\w.,/-]){building}(?P<number>\d{{1,4}})(?: ?(?i:bis|ter|quater)|[A-Da-d])?[ \t]*,?{SP}"
        rf"(?P<type>(?i:{_FR_TYPE}))(?<!\.)\.?{SP}(?P<name>{_french_name(word)})(?![\w-])"
        rf"(?:[ \t]*,[ \t]*{_FR_UNIT})*"
    )


def _glued(word: str, lowercase: bool) -> re.Pattern:
    initial = LETTER if lowercase else f"[{UPPER}]"
    # "Heckerstraße", "Hans-J.-Lange-Platz", "Hauptstr."; a first name may come before ("Hans Peter-Weber-Weg").
    compound = rf"{initial}(?:\w|-|\.(?=-))*?"
    glued = rf"(?:{word}{SP}(?={initial}[\w.]*-))?{compound}(?:(?i:{_GLUED_SUFFIX})(?!\w)|(?i:str)\.)"
    suffix = rf"(?i:{alternation(_DE_SEPARATE_SUFFIXES, ignore_case=True)})|{alternation(_SEPARATE_SUFFIXES)}"
    separate = rf"(?:{word}{SP}){{1,3}}(?P<type>{suffix})(?!\w)"
    forms = [glued, separate]
    if not lowercase:
        # "am markt 5" in a lowercase text reads as English ("i am patient 3").
        forms.append(rf"{_DE_PREFIXES}{SP}{word}(?:{SP}{word})?")
    number = r"\d{1,4}(?: ?[a-zA-Z](?!\w))?(?: ?[-/] ?\d{1,4}[a-zA-Z]?)?"
    return re.compile(
        rf"(?<![\w.-])(?P<street>{'|'.join(forms)}){SP}(?:(?i:nr)\.?[ \t]*)?(?P<number>{number})(?![\w/]|[.,]\d)"
    )


def _prefixed(word: str, lowercase: bool, *, numbered: bool = True) -> re.Pattern:
    types = alternation(_PREFIX_STREET_TYPES, ignore_case=lowercase)
    street_type = rf"(?i:{types})" if lowercase else rf"(?:{types})"
    particle = rf"(?:(?i:{_PREFIX_PARTICLE}){SP}|(?i:dell|d)['’])"
    name = rf"(?:{particle})*{word}(?:{SP}(?:{particle})*{word}){{0,4}}"
    street = rf"(?<![\w.-])(?P<type>{street_type})(?:(?<=[./])[ \t]*|{SP})(?P<name>{name})"
    if not numbered:
        return re.compile(rf"{street}(?![\w-])")
    # Four digits at most: after a comma, five digits are the postcode ("Rua X, 01310-100").
    number = r"(?:(?i:n[º°o]\.?|núm\.?|número)[ \t]*)?(?P<number>\d{1,4}[A-Za-z]?\b|(?i:s/n)(?!\w))"
    return re.compile(rf"{street}(?:[ \t]*,[ \t]*|{SP}){number}(?:[ \t]*,?[ \t]*{_ib_unit(lowercase)}){{0,3}}")


def _french_numberless(word: str) -> re.Pattern:
    street_type = r"(?P<type>(?i:rue|avenue|boulevard|chemin|impasse|allée|allee|quai))"
    return re.compile(rf"(?<![\w-]){street_type}{SP}{_french_name(word)}(?![\w-])")


def _building_then_name(word: str) -> re.Pattern:
    # "20789 Allika 46", "5366 Pivovarská 276", "2505 Heatherleigh Suite 620": a building number, then a street
    # named without a type, then its number or a flat; the line must end there.
    name = rf"{_NOT_A_NAME}{word}(?:{SP}{_NOT_A_NAME}{word}){{0,2}}"
    ending = rf"(?={SP}{UNIT}|[ \t]*(?:[\n,;?!)]|\.(?!\d)|$))"
    return re.compile(
        rf"(?<![\w.,/:-])(?P<bare_number>\d{{1,5}}){SP}(?P<street>{name})"
        rf"(?:{SP}(?P<number>\d{{1,4}}[A-Za-z]?)(?![\w/-]|[.,:]\d)|(?={SP}{UNIT})){ending}"
    )


PO_BOX = re.compile(
    r"(?<!\w)(?i:p\.?\s?o\.?\s+box|post\s+office\s+box|postbox|postboks|apartado(?:\s+de\s+correos)?"
    r"|caixa\s+postal|postfach)\s+\d{1,6}\b"
)
# US military mail (USPS Publication 28, section 225): "PSC 1234, Box 5678", "Unit 1234 Box 567", "CMR 123 Box 45".
MILITARY_BOX = re.compile(r"(?<![\w-])(?i:psc|cmr|unit)[ \t]+\d{3,5},?[ \t]+(?i:box)[ \t]+\d{1,5}(?![\w-])")
# A ship's name is an address only on the line above its FPO ("USS Lorenzen\nFPO AE 25990").
_SHIP = re.compile(
    rf"(?<![\w-])(?i:uss|usns|usnv|uscgc)[ \t]+{LETTER}+(?:[ \t-]+{LETTER}+){{0,2}}"
    r"(?=[ \t]*(?:,|\n)[ \t>]*(?i:fpo)[ \t]+(?i:aa|ae|ap)\b)"
)


def _street_patterns(lowercase: bool) -> tuple[re.Pattern, ...]:
    word = name_word(lowercase)
    return (
        _english(word),
        _french(word),
        _glued(word, lowercase),
        _prefixed(word, lowercase),
        _building_then_name(word),
        PO_BOX,
        MILITARY_BOX,
        _SHIP,
    )


STREET_PATTERNS = {lowercase: _street_patterns(lowercase) for lowercase in (False, True)}
# A street named without a house number ("rue Philippe", "Viela de Fonseca") counts only in an address context.
NUMBERLESS_STREET_PATTERNS = {
    lowercase: (
        _french_numberless(name_word(lowercase)),
        _prefixed(name_word(lowercase), lowercase, numbered=False),
    )
    for lowercase in (False, True)
}
# Every grammar opens with a lookbehind: scanned as LookbehindScan says.
STREET_SCANS = {lowercase: tuple(map(LookbehindScan, patterns)) for lowercase, patterns in STREET_PATTERNS.items()}
NUMBERLESS_STREET_SCANS = {
    lowercase: tuple(map(LookbehindScan, patterns)) for lowercase, patterns in NUMBERLESS_STREET_PATTERNS.items()
}
_ENGLISH_PATTERNS = frozenset(patterns[0] for patterns in STREET_PATTERNS.values())
_TYPELESS_PATTERNS = frozenset(patterns[4] for patterns in STREET_PATTERNS.values())
_FRENCH_NUMBERLESS = frozenset(patterns[0] for patterns in NUMBERLESS_STREET_PATTERNS.values())

_ADDRESS_CUE = re.compile(
    r"(?:\baddress(?:\s+is)?|\blive[sd]?\s+(?:at|in|on)|\bliving\s+(?:at|on|in)|\bmoved\s+(?:to|from)|\bsent\s+to"
    r"|\bposted\s+to|\barrived\s+at|\bdelivered\s+to|\bresides?\s+(?:at|in)|\badresse|\bdomicile|\bhabite"
    r"|\bwohne|\banschrift|\bdirecci[óo]n|\bdomicilio|\bvivo\s+en|\bendere[çc]o|\bmoro\s+(?:na|no|em))"
    r"\s*(?:is\s+)?[:,]?\s*\Z",
    re.IGNORECASE,
)
_GERUND_LIKE = re.compile(r"(?:[aeiouy]ring|\b(?:b|sp|st)ring)$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ \t]*(?:[,;.)\n]|$)")
_LIST_SEPARATOR = re.compile(r"\s*[,–\n-]\s*")
_LINE_END_OR_UNIT = re.compile(rf"\.?(?:\s*(?:[,;\n]|$)|,?{SP}{UNIT})")
_ABBREVIATED_END = re.compile(rf"\b(?:{alternation(_EN_ABBREVIATIONS | {'str'}, ignore_case=True)})\.$", re.IGNORECASE)
# Nouns that a number follows in prose ("Windows 10", "Chapter 3"), never a street without a type.
_NUMBERED_THINGS = re.compile(
    r"(?i:windows|version|release|build|chapter|section|page|phase|stage|step|level|grade|class|type|figure|table"
    r"|article|item|line|ward|room|bed|bay|wing|block|gate|platform|terminal|hall|building|floor|unit|box|flat"
    r"|studio|suite|apt|day|week|month|year|hour|minute|series|season|episode|volume|part|round|team|group|covid"
    r"|lockbit|ryuk|conti|blackcat|alphv|hive|royal|play|akira|medusa|rhysida|clop|cl0p)"
)


def _house_number(match: re.Match) -> str | None:
    return next(
        (match[name] for name in ("number", "bare_number") if name in match.re.groupindex and match[name]), None
    )


def _number_is_a_house(text: str, match: re.Match, number: str) -> bool:
    number_end = match.end("number") if match.start("number") >= 0 else match.end("bare_number")
    if COUNTER_BEFORE.search(text, max(0, match.start() - 12), match.start()):
        return False
    if QUANTITY_AFTER.match(text, number_end):
        return False
    # "Since 2021 Mercy Health Center": a year, not a house number.
    year_like = bool(YEAR_NUMBER.fullmatch(number))
    if year_like and YEAR_PREPOSITION.search(text, max(0, match.start() - 12), match.start()):
        return False
    # English gerunds end like German ring roads ("Monitoring 365 days"): such a street must end the line.
    if "street" in match.re.groupindex and match["street"] and _GERUND_LIKE.search(match["street"]):
        return not year_like and bool(_CLAUSE_END.match(text, match.end()))
    return True


def _typeless_plausible(text: str, match: re.Match) -> bool:
    # Two numbers around capitalised words are also dates ("12 March 2021"), years and product versions.
    tokens = match["street"].split()
    if match["number"] and _DECADE.fullmatch(match["number"]):
        return False
    if YEAR_NUMBER.fullmatch(match["bare_number"]) and (
        match.start() == 0 or YEAR_PREPOSITION.search(text, max(0, match.start() - 12), match.start())
    ):
        return False
    if any(_NUMBERED_THINGS.fullmatch(token) or token.lower() in _STOP_WORDS for token in tokens):
        return False
    date = DATE.match(text, match.start("bare_number"))
    return not date or date.end() <= match.start("street")


# "Mohmad R. Vizirov": a one-letter abbreviation after a name is an initial, not "Rua" or "Calle".
_INITIAL_LIKE_TYPES = frozenset({"R.", "C.", "r.", "c.", "Λ."})
_NAME_BEFORE = re.compile(rf"(?<!\w)[{UPPER}]{LETTER}+[ \t]+\Z")
_ET_BEFORE = re.compile(r"\bet[ \t]+\Z", re.IGNORECASE)


def _plausible(text: str, match: re.Match) -> bool:
    groups = match.re.groupindex
    number = _house_number(match)
    if number and not _number_is_a_house(text, match, number):
        return False
    if match.re in _TYPELESS_PATTERNS:
        return _typeless_plausible(text, match)
    if "type" in groups and match["type"]:
        if match["type"] in _INITIAL_LIKE_TYPES and _NAME_BEFORE.search(
            text, max(0, match.start() - 30), match.start()
        ):
            return False
        if match["type"].lower() == "al." and _ET_BEFORE.search(text, max(0, match.start() - 4), match.start()):
            return False
        street_type = match["type"].rstrip(".").lower()
        if street_type in _EN_ABBREVIATIONS and match.re in _ENGLISH_PATTERNS:
            return bool(_LINE_END_OR_UNIT.match(text, match.end("type")))
        if street_type in _FR_AMBIGUOUS and "name" in groups and match["type"][0].isupper():
            return bool(re.match(rf"(?i:{_FR_PARTICLE})\s|[dlDL]['’]", match["name"]))
    return True


_DECADE = re.compile(r"\d*0s")
_STOP_WORDS = frozenset(STOP_WORDS)
_HOUSE_NUMBER_STOP = re.compile(r"\d[A-Za-z]?\.(?=\s|$)")


def _trimmed(text: str, start: int, end: int, hungarian: bool) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t,;":
        end -= 1
    if hungarian and _HOUSE_NUMBER_STOP.match(text, end - 1):
        return start, end + 1
    # A full stop ends the sentence unless it ends an abbreviation ("Apt.", "St.").
    if text[end - 1] == "." and not _ABBREVIATED_END.search(text, max(start, end - 6), end):
        end -= 1
    return start, end


def _street_candidates(text: str, lowercase: bool) -> Iterator[tuple[int, int]]:
    for scan in STREET_SCANS[lowercase]:
        for match in scan.finditer(text):
            if _plausible(text, match):
                hungarian = "type" in match.re.groupindex and match["type"] in _HUNGARIAN_TYPES
                yield _trimmed(text, *match.span(), hungarian)


def _numberless_streets(text: str, lowercase: bool, numbered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    matches = sorted(
        (match for scan in NUMBERLESS_STREET_SCANS[lowercase] for match in scan.finditer(text)),
        key=lambda match: match.start(),
    )
    ends = [end for _, end in numbered]
    found: list[tuple[int, int]] = []
    for match in matches:
        start, end = match.span()
        # "Rua X, 53, Vila Nova, ...": what follows a street line is its district, which is not redacted.
        if any(other_end <= start and _LIST_SEPARATOR.fullmatch(text, other_end, start) for other_end in ends):
            ends.append(end)
            continue
        if match["type"] in _INITIAL_LIKE_TYPES:
            continue
        # Lowercase "rue" before a capitalised name is French street grammar; anything else needs a context.
        french = match.re in _FRENCH_NUMBERLESS and not lowercase and match["type"].islower()
        if french or _ADDRESS_CUE.search(text, max(0, start - 30), start) or postcode_follows(text, end, lowercase):
            found.append((start, end))
            ends.append(end)
    return found


def without_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # Where two grammars read the same words, the longer reading covers more of the address.
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):
        if all(end <= other_start or other_end <= start for other_start, other_end in kept):
            kept.append((start, end))
    return sorted(kept)


def find_streets(text: str) -> list[tuple[int, int]]:
    """Spans of street lines (number, street, flat or suite), without town or postcode."""
    lowercase = text == text.lower()
    numbered = without_overlaps(list(_street_candidates(text, lowercase)))
    numberless = [
        span
        for span in _numberless_streets(text, lowercase, numbered)
        if all(span[1] <= start or end <= span[0] for start, end in numbered)
    ]
    return without_overlaps(numbered + numberless)
