"""Pattern recognizers for personal data with a fixed shape: contacts, identifiers, addresses, dates of birth."""

from .addresses import find_addresses
from .contacts import find_contacts
from .dates import find_dates_of_birth
from .findings import Finding
from .identifiers import find_identifiers

RECOGNIZERS = (find_addresses, find_dates_of_birth)


def find_by_rules(text: str, language: str = "en") -> list[Finding]:
    """Findings of every pattern recognizer; `language` picks the spoken number words and phone regions tried first."""
    return (
        find_contacts(text, language)
        + find_identifiers(text, language)
        + [finding for recognizer in RECOGNIZERS for finding in recognizer(text)]
    )
