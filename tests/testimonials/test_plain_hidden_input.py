"""The call form's hidden inputs are written without the form renderer, exactly as Django's template writes them."""

import pytest
from django import forms

from testimonials.forms import PlainHiddenInput


@pytest.mark.parametrize(
    "value",
    [None, "", "v-0123456789abcdef", False, True, 42, '"><script>alert(1)</script>', "a&b <c> 'd'"],
    ids=["none", "empty", "version", "false", "true", "number", "markup", "entities"],
)
@pytest.mark.parametrize("attrs", [None, {"id": "id_proof"}, {"id": "id_x", "data-flag": True, "hidden": False}])
def test_a_hidden_input_reads_as_djangos_own(value, attrs):
    assert PlainHiddenInput().render("proof", value, attrs) == forms.HiddenInput().render("proof", value, attrs)


def test_markup_sent_back_in_a_hidden_field_comes_back_escaped():
    rendered = PlainHiddenInput().render("submission_token", '"><img src=x onerror=alert(1)>', {"id": "id_t"})

    assert "<img" not in rendered and "&quot;&gt;&lt;img" in rendered
