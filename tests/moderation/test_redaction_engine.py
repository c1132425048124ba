import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.redaction import Finding, detect, redact
from moderation.redaction.findings import resolve_overlaps
from moderation.redaction.rules import find_by_rules

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def labels_of(text: str) -> dict[str, str]:
    return {text[found.start : found.end]: found.label for found in detect([text])[0]}


def test_detect_finds_people_and_contact_details():
    text = (
        "Dr. Marguerite Okonkwo-Lindqvist called me on +44 20 7946 0018. Write to marguerite.ol@example.co.uk "
        "or see https://www.gofundme.com/f/help-us. The VPN logged 203.0.113.42 and 2001:db8::8a2e:370:7334."
    )

    found = labels_of(text)

    assert found["Marguerite Okonkwo-Lindqvist"] == "PERSON"
    assert found["+44 20 7946 0018"] == "PHONE"
    assert found["marguerite.ol@example.co.uk"] == "EMAIL"
    assert found["https://www.gofundme.com/f/help-us"] == "URL"
    assert found["203.0.113.42"] == "IP_ADDRESS"
    assert found["2001:db8::8a2e:370:7334"] == "IP_ADDRESS"


def test_places_and_organisations_are_flagged_but_not_redacted():
    text = "Beaumont Hospital in Dublin cancelled my scan."
    findings = detect([text])[0]

    assert {finding.label for finding in findings} >= {"LOC"}
    assert "Dublin" in redact(text, findings).text


@pytest.mark.parametrize(
    "text",
    [
        "Ward 7 was closed for 3 weeks.",
        "They asked for 4,000,000 dollars in bitcoin.",
        "The attackers used CVE-2019-19781 at 03:45.",
        "Version 1.2.3.4.5 of the software.",
        "The address 999.1.1.1 is no IP at all.",
    ],
)
def test_rules_leave_numbers_that_are_not_personal_data(text):
    assert find_by_rules(text) == []


def test_the_same_person_gets_the_same_placeholder():
    text = "Ana Souza met Pedro Lima. Later ana souza phoned again."
    findings = [
        Finding(0, 9, "PERSON"),
        Finding(14, 24, "PERSON"),
        Finding(32, 41, "PERSON"),
    ]

    assert redact(text, findings).text == "[PERSON 1] met [PERSON 2]. Later [PERSON 1] phoned again."


def test_an_unsupported_language_is_refused_rather_than_passed_through():
    with pytest.raises(ValueError, match="No redaction pipeline"):
        detect(["Bonjour"], language="xx")


def test_the_engine_imports_and_runs_without_django_settings():
    script = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "from moderation.redaction import detect;"
        "print([f.label for f in detect(['Mail me at a.b@example.org'])[0]]);"
        "print('django.conf' in sys.modules and 'configured')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=True
    )

    assert result.stdout.splitlines() == ["['EMAIL']", "False"]


def test_overlapping_personal_data_is_redacted_as_one_span():
    text = "Contact j.smith@example.org today"
    findings = [Finding(8, 15, "PERSON", "model"), Finding(8, 27, "EMAIL", "rule")]

    assert redact(text, findings).text == "Contact [EMAIL 1] today"


def test_redacting_the_redacted_text_again_changes_nothing():
    text = "Write to ana.lima@example.org or call +33 6 12 34 56 78. My nurse was Beatriz Carvalho Nunes."
    once = redact(text, detect([text])[0]).text

    assert redact(once, detect([once])[0]).text == once


def _expected_redaction(text: str, findings: list[Finding]) -> str:
    """Each run of overlapping personal spans replaced by one NUL, computed independently of the engine."""
    runs: list[list[int]] = []
    for finding in sorted((f for f in findings if f.is_personal), key=lambda f: f.start):
        if runs and finding.start < runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], finding.end)
        else:
            runs.append([finding.start, finding.end])
    pieces, cursor = [], 0
    for start, end in runs:
        pieces += [text[cursor:start], "\x00"]
        cursor = end
    return "".join(pieces) + text[cursor:]


raw_spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15), st.sampled_from(["PERSON", "EMAIL", "PHONE", "ORG", "LOC"])),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_characters="[]\x00"), max_size=60), spans=raw_spans)
def test_every_personal_character_is_replaced_and_everything_else_kept(text, spans):
    findings = [
        Finding(start, min(start + length, len(text)), label) for start, length, label in spans if start < len(text)
    ]

    resolved = resolve_overlaps(findings)
    output = redact(text, findings).text

    assert all(0 <= f.start < f.end <= len(text) for f in resolved)
    assert all(a.end <= b.start for a, b in zip(resolved, resolved[1:], strict=False))
    assert re.sub(r"\[[A-Z_]+ \d+\]", "\x00", output) == _expected_redaction(text, findings)
