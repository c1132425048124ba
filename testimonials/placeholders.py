"""Placeholders as readers of a story read them: "[a name]", "[un nom]", "[nombre 2]".

Stored texts keep the engine's labelled form (`[PERSON 2]`), which moderators and the open-data API
use; public pages show it in the story's language. A label that stands for one value reads with an
article ("[a name]"); several values keep their numbers, so a reader can tell two people apart.
"""

import re

from django.utils.translation import override, pgettext_lazy

from moderation.redaction.placeholders import PLACEHOLDER

# For each placeholder name: how one value reads, and how one of several does (lazy: read in the story's language).
_WORDS = {
    "PERSON": (pgettext_lazy("placeholder", "a name"), pgettext_lazy("placeholder", "name %(number)s")),
    "EMAIL": (
        pgettext_lazy("placeholder", "an email address"),
        pgettext_lazy("placeholder", "email address %(number)s"),
    ),
    "PHONE": (pgettext_lazy("placeholder", "a phone number"), pgettext_lazy("placeholder", "phone number %(number)s")),
    "ADDRESS": (pgettext_lazy("placeholder", "an address"), pgettext_lazy("placeholder", "address %(number)s")),
    "POSTCODE": (pgettext_lazy("placeholder", "a postcode"), pgettext_lazy("placeholder", "postcode %(number)s")),
    "DATE_OF_BIRTH": (
        pgettext_lazy("placeholder", "a date of birth"),
        pgettext_lazy("placeholder", "date of birth %(number)s"),
    ),
    "MEDICAL_ID": (
        pgettext_lazy("placeholder", "a health number"),
        pgettext_lazy("placeholder", "health number %(number)s"),
    ),
    "NATIONAL_ID": (
        pgettext_lazy("placeholder", "an identity number"),
        pgettext_lazy("placeholder", "identity number %(number)s"),
    ),
    "IBAN": (pgettext_lazy("placeholder", "a bank account"), pgettext_lazy("placeholder", "bank account %(number)s")),
    "CREDIT_CARD": (
        pgettext_lazy("placeholder", "a card number"),
        pgettext_lazy("placeholder", "card number %(number)s"),
    ),
    "IP_ADDRESS": (
        pgettext_lazy("placeholder", "an IP address"),
        pgettext_lazy("placeholder", "IP address %(number)s"),
    ),
    "URL": (pgettext_lazy("placeholder", "a web address"), pgettext_lazy("placeholder", "web address %(number)s")),
    "REMOVED": (
        pgettext_lazy("placeholder", "words removed"),
        pgettext_lazy("placeholder", "words removed %(number)s"),
    ),
    "ORG": (pgettext_lazy("placeholder", "an organisation"), pgettext_lazy("placeholder", "organisation %(number)s")),
    "LOC": (pgettext_lazy("placeholder", "a place"), pgettext_lazy("placeholder", "place %(number)s")),
}


# The author reads their own text on "My testimony": what they asked us to remove is said as theirs.
_AUTHOR_WORDS = {"REMOVED": (pgettext_lazy("placeholder", "words you asked us to remove"),) * 2}


def placeholders_for_readers(text: str, language: str, *, author: bool = False) -> str:
    """`text` with each `[LABEL n]` in words a reader of `language` understands (its `author`, if they read it)."""
    several = {name for name, number in PLACEHOLDER.findall(text) if number != "1"}
    words = _WORDS | _AUTHOR_WORDS if author else _WORDS
    with override(language):

        def reads(match: re.Match) -> str:
            one, numbered = words[match["name"]]
            if match["name"] in several:
                return f"[{numbered % {'number': match['number']}}]"
            return f"[{one}]"

        return PLACEHOLDER.sub(reads, text)
