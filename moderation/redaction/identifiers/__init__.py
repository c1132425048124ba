"""Recognizers for identifiers: payment cards, IBANs, national and medical identifiers.

A value is reported when a checksum validates it, when its format is strict enough on its
own (a US SSN, a UK National Insurance number, a Spanish health card), or when a context word
right before it ("MRN", "NHS number", "carte Vitale", "tarjeta sanitaria") says what it is.
Digit runs that are none of these are left alone: they are usually phone numbers, amounts,
counts or dates, which other recognizers handle or which must stay readable.

To support another identifier, add a pattern and a validator to `recognizers._checksummed`
or a context word to `keywords.NATIONAL_ID_WORDS` / `keywords.MEDICAL_ID_WORDS`.

Imports flow one way: `keywords` <- `recognizers` <- this package.
"""

from .recognizers import SCORE_CHECKSUM, SCORE_CONTEXT, SCORE_FORMAT, find_identifiers

__all__ = ["SCORE_CHECKSUM", "SCORE_CONTEXT", "SCORE_FORMAT", "find_identifiers"]
