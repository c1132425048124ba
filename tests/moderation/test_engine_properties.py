"""Properties of the whole engine on generated testimony-like texts."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.redaction import detect, redact

names = st.sampled_from(["Ana Lima", "Dr. Pedro Souza", "Marguerite Okonkwo", "jane coates", "Tobias Weber"])
contacts = st.sampled_from(
    ["ana.lima@example.org", "+44 20 7946 0018", "(784)592-0663", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32"]
)
narrative = st.sampled_from(
    [
        "The ransomware hit on 14 May 2021.",
        "Conti claimed the attack.",
        "Ward 7 closed for three weeks.",
        "We went back to paper charts in Dublin.",
        "They asked for 4,000,000 dollars.",
    ]
)
sentences = st.one_of(
    st.builds("My nurse was {}.".format, names),
    st.builds("Reach me at {}.".format, contacts),
    narrative,
)
texts = st.lists(sentences, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_findings_are_in_bounds_sorted_and_do_not_overlap(text):
    findings = detect([text])[0]

    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_redacting_twice_changes_nothing(text):
    once = redact(text, detect([text])[0]).text

    assert redact(once, detect([once])[0]).text == once


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_narrative_facts_survive_redaction(text):
    result = redact(text, detect([text])[0]).text

    for fact in ("14 May 2021", "Conti", "Ward 7", "Dublin", "4,000,000 dollars"):
        assert (fact in text) <= (fact in result), fact
