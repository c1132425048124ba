"""The redaction engine: finds personal data in free text and replaces it with placeholders.

Plain Python with no Django import, so it can be benchmarked, tested and reused alone.
Imports flow one way: `findings` <- `dates` <- `addresses`; `findings` <- `contacts` <- `identifiers`;
`findings` <- `keep`; all of them <- `rules`, `names`, `ner` <- `engine`; `findings` <- `placeholders`,
`evaluation`.
`patterns` (regex building blocks) imports nothing of ours; any module may use it.

    from moderation.redaction import detect, redact
    findings = detect(["My name is Ana Lima."])[0]
    redact("My name is Ana Lima.", findings).text  # 'My name is [PERSON 1].'
"""

from .engine import detect, find_author_terms, load_pipeline
from .findings import PERSONAL_LABELS, QUASI_IDENTIFIER_LABELS, Finding
from .ner import PipelineMissing, pipeline_meta
from .placeholders import Redaction, redact

__all__ = [
    "PERSONAL_LABELS",
    "QUASI_IDENTIFIER_LABELS",
    "Finding",
    "PipelineMissing",
    "Redaction",
    "detect",
    "find_author_terms",
    "load_pipeline",
    "pipeline_meta",
    "redact",
]
