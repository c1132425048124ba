"""Context words that say what the value after them is: national identifiers, medical ones.

To recognize another word, add it to its language's list (comma-separated).
"""

import re
import unicodedata

from ..patterns import alternation

# Keywords are matched case-insensitively, with any run of spaces or hyphens between words
# and accents optional, so "numero de securite sociale" and "Steuer ID" match too.
NATIONAL_ID_WORDS = {
    "en": (
        "social security number, social security no, social security, SSN, national insurance number, "
        "national insurance no, national insurance, NI number, NINO, NHS number, NHS no, CHI number, "
        "national ID number, national ID, national identity number, identity number, ID number, "
        "identity card number, identity card, ID card number, ID card, ID document, passport number, "
        "passport no, passport, tax ID, tax identification number, tax number, taxpayer ID, TIN, "
        "driving licence number, driver's license number, driving licence, driver's license, "
        "social insurance number, SIN number, SIN no, tax file number, TFN, ITIN, "
        "individual taxpayer identification number, Aadhaar, Aadhaar number, Aadhaar no, PAN, PAN number, PAN no, "
        "PAN card, permanent account number, NRIC, NRIC number, NRIC no, FIN number, IC number, "
        "resident registration number, RRN, personal identity number, personal number, civil registration number, "
        "CPR number, CPR no, national register number, national registration number, BSN, citizen service number"
    ),
    # The holders' own words for their national numbers, in the languages the site does not speak.
    "other": (
        "henkilötunnus, hetu, personnummer, personnumret, CPR-nummer, CPR-nr, personnummeret, fødselsnummer, "
        "fødselsnummeret, PESEL, numer PESEL, burgerservicenummer, BSN-nummer, rijksregisternummer, "
        "codice fiscale, TC kimlik, TC kimlik no, TC kimlik numarası, T.C. kimlik no, kimlik no, kimlik numarası, "
        "주민등록번호, AHV, AHV-Nummer, AHV-Nr, AVS, n° AVS, numéro AVS, numero AVS"
    ),
    "fr": (
        "numéro de sécurité sociale, n° de sécurité sociale, sécurité sociale, numéro de sécu, n° de sécu, "
        "numéro sécu, n° sécu, "
        "carte vitale, NIR, INSEE, NSS, carte d'identité, numéro d'identité, passeport, numéro fiscal, "
        "numéro de registre national, numéro national, NISS, numéro d'assurance sociale, NAS"
    ),
    "de": (
        "Steuer-ID, Steueridentifikationsnummer, steuerliche Identifikationsnummer, Identifikationsnummer, "
        "IdNr, Personalausweisnummer, Personalausweis, Ausweisnummer, Ausweis, Reisepassnummer, Reisepass, "
        "Sozialversicherungsnummer, Rentenversicherungsnummer"
    ),
    "es": (
        "DNI, NIE, NIF, documento nacional de identidad, documento de identidad, número de identidad, "
        "número de la seguridad social, número de seguridad social, seguridad social, NUSS, NAF, pasaporte"
    ),
    "pt": (
        "CPF, cadastro de pessoas físicas, carteira de identidade, identidade, RG, número de identificação, "
        "segurança social, passaporte, NIF, número de identificação fiscal, número de contribuinte"
    ),
}
MEDICAL_ID_WORDS = {
    # Bare "record number" is added with a guard in CONTEXT_WORD.
    "en": (
        "MRN, medical record number, medical records number, medical record no, medical record, record no, "
        "hospital number, hospital no, hospital ID, patient number, patient no, patient ID, patient identifier, "
        "case number, case no, case ID, file number, chart number, admission number, encounter number, "
        "episode number, health card number, health card, health insurance number, insurance number, "
        "insurance ID, member ID, member number, membership number, policy number, Medicare number, "
        "Medicaid number, health number, health ID, NHI number, Medicare Beneficiary Identifier, MBI, "
        "Medicare card number, Medicare card, Medicare no, Medicare, OHIP number, OHIP, personal health number, PHN, "
        "health insurance card, tessera sanitaria"
    ),
    "fr": (
        "numéro de dossier, n° de dossier, numéro de patient, n° de patient, dossier médical, "
        "numéro d'hospitalisation, IPP, identifiant patient, numéro d'assuré"
    ),
    "de": (
        "Patientennummer, Patienten-ID, Patientenidentifikationsnummer, Fallnummer, Aktenzeichen, "
        "Krankenversichertennummer, Versichertennummer, Versicherungsnummer, Krankenkassennummer, "
        "Gesundheitskarte, KVNR, Krankenversicherungsnummer"
    ),
    "es": (
        "número de historia clínica, historia clínica, número de paciente, número de expediente, "
        "número de afiliación, tarjeta sanitaria, código de identificación personal, CIP, CIP-SNS, CIPA, "
        "NUHSA, TSI"
    ),
    "pt": (
        "número do prontuário, prontuário, número do paciente, cartão SUS, cartão do SUS, "
        "cartão nacional de saúde, número do SUS, número de utente, número de utente de saúde, cartão de utente, "
        "número de beneficiário, carteirinha"
    ),
}
# Written with or without accents: each letter below also matches its accented forms.
ACCENTS = {"a": "[aáàâãä]", "c": "[cç]", "e": "[eéèêë]", "i": "[iíîï]", "o": "[oóôõö]", "u": "[uúùûü]"}


def _keyword_atom(char: str) -> str:
    if char == " ":
        return r"[\s-]*"
    if char == "'":
        return "['’]?"
    return ACCENTS.get(char) or re.escape(char)


def _keyword_pattern(words_by_language: dict[str, str]) -> str:
    words = {word for words in words_by_language.values() for word in words.split(", ")}
    # Accents and runs of spaces and hyphens are folded first, so that no two branches of the trie
    # match the same text. Longest first, so "national insurance number" wins over "insurance number".
    folded = {re.sub(r"[\s-]+", " ", _without_accents(word.lower())) for word in words}
    return alternation(folded, atom=_keyword_atom)


def _without_accents(word: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char))


# Acronyms that are also words ("sin" is Spanish for "without", a "pan" is for cooking) count only in capitals.
CAPITALS_ONLY_NATIONAL = "(?-i:SIN|PAN|FIN)"
CAPITALS_ONLY_MEDICAL = "(?-i:PHN)"

CONTEXT_WORD = re.compile(
    rf"(?<!\w)(?:(?P<NATIONAL_ID>{_keyword_pattern(NATIONAL_ID_WORDS)}|{CAPITALS_ONLY_NATIONAL})"
    # "a record number of visitors" is not about a medical record.
    rf"|(?P<MEDICAL_ID>{_keyword_pattern(MEDICAL_ID_WORDS)}|{CAPITALS_ONLY_MEDICAL}"
    r"|(?<!\ba )record[\s-]*number))(?!\w)",
    re.IGNORECASE,
)
