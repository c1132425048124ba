"""The language a testimony is written in, read from its text on the worker, and what the site does with it.

py3langid's model takes a couple of seconds and some memory to load, so it is imported on first use, by
the worker's redaction run only: web processes import this module for `language_name` and never load it.
"""

import re
from functools import cache

from django.utils.translation import get_language_info

from .models import Language

# Measured with py3langid 0.4.0 on French, Spanish and English testimony sentences, alone and in runs of
# one to six (2,400 texts), and on English texts full of French and Spanish names and hospitals:
# - from 60 characters on, the real language was read at 0.9 or more for 96 % of English texts,
#   99 % of French ones and 51 % of Spanish ones (Galician and Aragonese take a share of Spanish's
#   probability; 90 % of Spanish texts over 200 characters pass); no text was ever read as another
#   language at more than 0.64 (an English text naming a French hospital and surgeon read as French).
# - shorter, a text is a sentence or a name: "Hôpital de la Pitié-Salpêtrière, Paris" reads as French at
#   0.84, "Urgences fermées. Affreux." at 0.89: one proper name can outweigh the words around it.
# A wrong switch costs more than a missed one (an English story redacted by Spanish rules loses the
# English model's names; a missed one is shown to the moderator, who corrects it), hence the margin.
CONFIDENT = 0.9
MIN_LENGTH = 60

# Audit log actions; their data holds the two language codes, `from` and `to`, never text.
LANGUAGE_DETECTED_ACTION = "testimonials.language_detected"
LANGUAGE_CORRECTED_ACTION = "testimonials.language_corrected"

# Addresses, links and numbers say nothing of the language and blur what the words say.
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|[\d+()\-./ ]*\d[\d()\-./ ]*")


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # ISO 639-1 codes only: the model's three-letter varieties (Extremaduran, Ligurian...) are no answer here.
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    return identifier


def language_detected(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the language `text` reads as, and its probability among all languages.

    ("", 0.0) for a text too short to judge: under MIN_LENGTH characters once addresses, links and
    numbers are left out.
    """
    words = " ".join(NOT_WORDS.sub(" ", text).split())
    if len(words) < MIN_LENGTH:
        return "", 0.0
    code, probability = _identifier().classify(words)
    return code, probability


def language_to_redact_in(*, detected: str, probability: float, recorded: str) -> str:
    """The language to redact a text in: the one read in it if it is ours and read with confidence,
    otherwise the one recorded."""
    if detected in Language.values and probability >= CONFIDENT:
        return detected
    return recorded


def language_name(code: str) -> str:
    """A language's name for staff, in their language: ours by their labels, others as Django names them."""
    if code in Language.values:
        return str(Language(code).label)
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
