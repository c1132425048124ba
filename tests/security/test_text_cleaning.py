"""What authors type is cleaned of characters that hide or reorder text, and cleaning it again changes nothing."""

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testimonials.models import Testimony
from testimonials.sanitize import to_plain_text
from tests.factories import redacted_testimony
from tests.testimonials.test_submission import form_data

BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
CONTROLS = [*range(0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20), *range(0x7F, 0xA0)]
INVISIBLE = [0xFEFF, 0x200B, 0x2060, 0x180E, 0x00AD]
FORBIDDEN = frozenset(map(chr, BIDI_CONTROLS + CONTROLS + INVISIBLE))
ZWNJ, ZWJ = "\u200c", "\u200d"
PERSIAN = "می\u200cخواهم"  # "I want": the ZWNJ keeps the prefix from joining the verb
FAMILY = "👨\u200d👩\u200d👧"
WALES = "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"


@pytest.mark.parametrize("character", sorted(FORBIDDEN), ids=lambda character: f"U+{ord(character):04X}")
def test_forbidden_characters_are_removed(character):
    assert to_plain_text(f"Dub{character}lin hospital") == "Dublin hospital"


def test_every_control_and_format_character_is_removed_but_the_joiners_and_visible_marks():
    """Checks the cleaner's list against this Python's Unicode data, so a new format character is noticed."""
    # "\r" is a line ending, made "\n"; the prepended concatenation marks are seen.
    kept = {"\t", "\n", "\r", ZWNJ, ZWJ, *"\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"}
    kept |= {"\U000110bd", "\U000110cd"}
    hidden = [
        character
        for character in map(chr, range(0x110000))
        if unicodedata.category(character) in ("Cc", "Cf", "Cs") and character not in kept
    ]

    assert to_plain_text("x".join(hidden)) == "x" * (len(hidden) - 1)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("evil\u202egnp.exe", "evilgnp.exe", id="right-to-left override"),
        pytest.param("\u2067שלום\u2069 world", "שלום world", id="isolates around Hebrew"),
        pytest.param("se\U000e0041\U000e0042cret", "secret", id="tag characters hiding ASCII"),
        pytest.param("a\u3164b", "ab", id="Hangul filler"),
        pytest.param(PERSIAN, PERSIAN, id="ZWNJ in a Persian word"),
        pytest.param(FAMILY, FAMILY, id="ZWJ in an emoji family"),
        pytest.param(f"from {WALES}", f"from {WALES}", id="subdivision flag"),
        pytest.param("المستشفى توقف عن العمل", "المستشفى توقف عن العمل", id="Arabic"),
        pytest.param("בית החולים נסגר", "בית החולים נסגר", id="Hebrew"),
        pytest.param("Ciara\u0301n", "Ciarán", id="NFD becomes NFC"),
        pytest.param("e\u200b\u0301", "é", id="removal before NFC"),
        pytest.param("one\r\ntwo\rthree\tfour", "one\ntwo\nthree\tfour", id="line endings"),
        pytest.param("line \u200b\nnext", "line\nnext", id="no trailing space left by a removal"),
        pytest.param("one\n\n\u200b\n\ntwo", "one\n\ntwo", id="no blank lines left by a removal"),
        pytest.param("<<b></b>img src=x onerror=alert(1)>seen", "seen", id="a tag joined by removing another"),
        pytest.param("<\u212a>x", "x", id="a tag that NFC spells"),
    ],
)
def test_text_is_cleaned(typed, stored):
    assert to_plain_text(typed) == stored


def flags_removed(text: str) -> str:
    return text.replace(WALES, "")


MARKUP = ["<", ">", "/", "!", "&", ";", "b", "script", "textarea", "&lt;", "&gt;", "&amp;", "&lt;b&gt;", "<b>", "</b>"]
TRICKY = st.sampled_from(
    [*FORBIDDEN, *MARKUP, ZWNJ, ZWJ, WALES, "\U000e0041", " ", "\n", "\r", "\t", "\u00a0", "e", "\u0301", "\u0338"]
    + ["\u212a", "\u034f", "x", "=", '"', "ی", "ש"]
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(TRICKY, st.text(max_size=3)), max_size=40).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_cleaned_text_holds_no_forbidden_character_and_is_nfc(text):
    cleaned = to_plain_text(text)

    assert not FORBIDDEN & set(flags_removed(cleaned))
    assert unicodedata.is_normalized("NFC", cleaned)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_cleaning_twice_changes_nothing(text):
    cleaned = to_plain_text(text)

    assert to_plain_text(cleaned) == cleaned


def test_the_public_form_stores_cleaned_text(client, site_pages):
    call = site_pages["call"]
    story = f"The ward\u202e closed\u200b and I wrote \ufeff{PERSIAN} to my family.\r\nCiara\u0301n drove me {FAMILY}."

    client.post(
        call.url,
        form_data(
            call,
            story=story,
            name="Ciara\u0301n\u2066",
            incident_description="Saint\u00ad Example\u200e Hospital",
            removal_terms="Cia\u200bran\r\n\u202eDublin",
            contact_email="ciaran@exa\u200bmple.ie",
            consent_contact="on",
        ),
    )

    testimony = Testimony.objects.get()
    assert testimony.story == f"The ward closed and I wrote {PERSIAN} to my family.\nCiarán drove me {FAMILY}."
    assert testimony.name == "Ciarán"
    assert testimony.incident_description == "Saint Example Hospital"
    assert testimony.removal_terms == "Ciaran\nDublin"
    assert testimony.contact_email == "ciaran@example.ie"


def test_my_testimony_stores_the_authors_request_cleaned(client, site_pages):
    testimony = redacted_testimony()
    client.post(reverse("my_testimony_open"), {"reference": testimony.reference, "secret": "2345-6789-ABCD-EFGH"})

    client.post(reverse("my_testimony"), {"action": "changes", "request": "Please \u202eremove the\u200b ward name"})

    testimony.refresh_from_db()
    assert testimony.author_change_request == "Please remove the ward name"
