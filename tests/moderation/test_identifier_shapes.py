"""The identifier shapes are tried only where a scan for digits says one may open: they must still be found
wherever they stand, and the candidate runs of the schemes must be the ones a scan of the whole text finds."""

import random

import pytest

from moderation.redaction.identifiers import find_identifiers
from moderation.redaction.identifiers.recognizers import DIGIT_SHAPES, LETTER_SHAPES, _ShapeStarts
from moderation.redaction.identifiers.schemes import CANDIDATE, _candidate_starts
from moderation.redaction.patterns import finditer_from

# One valid value of each shape recognised in a single pass, and its label.
SHAPES = [
    ("4111 1111 1111 1111", "CREDIT_CARD"),
    ("DE89370400440532013000", "IBAN"),
    ("1 84 03 75 123 456 90", "NATIONAL_ID"),  # NIR
    ("28 12345678 40", "NATIONAL_ID"),  # NUSS
    ("MRN0111361", "MEDICAL_ID"),
    ("HC-71373460", "MEDICAL_ID"),
    ("BBBB 1234567890 12", "MEDICAL_ID"),  # CIP-SNS
    ("KPRT482913M20571", "MEDICAL_ID"),  # CIP-SNS
    ("GAMA 0 560412 00 8", "MEDICAL_ID"),  # regional CIP
]
PLACES = ["{}", "They printed {} on the label.", "(see {})", "first line\n{}\nlast line", "a, b; {}!"]


@pytest.mark.parametrize(("value", "label"), SHAPES)
@pytest.mark.parametrize("place", PLACES)
def test_every_single_pass_shape_is_found_wherever_it_stands(value, label, place):
    text = place.format(value)
    assert [(text[f.start : f.end], f.label) for f in find_identifiers(text)] == [(value, label)]


def _texts_of_shapes(count: int) -> list[str]:
    # Digits, letters and the separators and neighbours the shapes care about, crowded together.
    alphabet = "0123456789" * 3 + "ABCDMRNxyzé٣²_ -./,@+\n\u00a0"
    draw = random.Random(14)
    return ["".join(draw.choice(alphabet) for _ in range(draw.randint(1, 60))) for _ in range(count)]


def test_the_single_pass_finds_what_a_scan_per_shape_finds():
    for text in _texts_of_shapes(5000) + [place.format(value) for value, _ in SHAPES for place in PLACES]:
        starts = _ShapeStarts(text)
        for shape in DIGIT_SHAPES + LETTER_SHAPES:
            # A CIP-SNS of letters alone matches its regex but holds no digit to open on; it is never reported.
            expected = [m.span() for m in shape.finditer(text) if any(char.isdigit() for char in m.group())]
            assert [m.span() for m in starts.finditer(shape) if any(c.isdigit() for c in m.group())] == expected


def test_candidate_runs_open_where_a_scan_of_the_whole_text_finds_them():
    for text in _texts_of_shapes(5000):
        expected = [match.span() for match in CANDIDATE.finditer(text)]
        assert [match.span() for match in finditer_from(CANDIDATE, text, _candidate_starts(text))] == expected
