"""The engine's entry point: NER, rules and names for a batch of texts, on every core for large batches."""

import multiprocessing
import os
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .findings import SOURCE_VICTIM, Finding, resolve_overlaps
from .keep import THREAT_ACTORS, is_threat_actor, keeping, threat_actor_spans
from .names import find_names, writing_in
from .ner import DEFAULT_MODEL, find_by_model, load_pipeline, pipeline_language
from .rules import find_by_rules

# A single letter would remove every "a" and "I" from a story.
MIN_TERM = 2
# Batches at least this large are shared among worker processes; smaller ones are not worth it.
PARALLEL_MIN_TEXTS = 64
# Small enough that the workers finish together, large enough for spaCy's batching.
CHUNK_TEXTS = 32
PROCESSES = int(os.environ.get("REDACTION_PROCESSES", os.cpu_count() or 1))

__all__ = ["detect", "find_author_terms", "load_pipeline"]

_pools: dict[str, ProcessPoolExecutor] = {}


def detect(
    texts: Sequence[str],
    language: str = "en",
    *,
    model: str | None = DEFAULT_MODEL,
    terms: Sequence[Sequence[str]] | None = None,
    keep: Sequence[str] = THREAT_ACTORS,
) -> list[list[Finding]]:
    """Find personal data and quasi-identifiers in each text; one sorted, non-overlapping list per text.

    `model` names the spaCy pipeline for the texts' `language`; None runs the rules, name lists and
    the author's terms alone (for a language without a pipeline: the caller tells the moderator).
    `terms`, one list per text, are words the author asked to have removed: every mention is
    redacted whatever its kind. `keep` names threat actors, kept when the model takes them for people.
    """
    if model and (trained_for := pipeline_language(model)) and trained_for != language:
        # Another language's pipeline destroys a story: whole phrases become names and organisations.
        raise ValueError(f"No redaction pipeline for language {language!r}: {model} is for {trained_for!r}.")
    texts = list(texts)
    terms = list(terms) if terms is not None else [()] * len(texts)
    keep = tuple(keep)
    pool = _pool(model) if model and PROCESSES > 1 and len(texts) >= PARALLEL_MIN_TEXTS else None
    if pool is None:
        return _detect_here(texts, language, model, terms, keep)
    chunks = [
        (texts[i : i + CHUNK_TEXTS], language, model, terms[i : i + CHUNK_TEXTS], keep)
        for i in range(0, len(texts), CHUNK_TEXTS)
    ]
    try:
        return [findings for part in pool.map(_detect_chunk, chunks) for findings in part]
    except BrokenProcessPool:
        # A worker died (killed, out of memory): no new fork here; this batch runs in-process.
        _pools.pop(model, None)
        return _detect_here(texts, language, model, terms, keep)


def _pool(model: str) -> ProcessPoolExecutor | None:
    """The worker pool for `model`, created on first use only from a single-threaded process.

    Forking beside other threads can copy a lock one of them holds, and the workers would wait
    on it for ever. With the fork method all workers start at the first batch, so reusing a pool
    forks nothing, even though the pool's own manager thread is running by then.
    """
    if model in _pools:
        return _pools[model]
    if threading.active_count() > 1:
        return None
    load_pipeline(model)  # forked after loading, workers share the pipeline's memory
    pool = ProcessPoolExecutor(max_workers=PROCESSES, mp_context=multiprocessing.get_context("fork"))
    # Start every worker now, while this process is still single-threaded.
    list(pool.map(_warm, range(PROCESSES)))
    _pools[model] = pool
    return pool


def _warm(_index: int) -> None:
    return None


def _detect_chunk(
    chunk: tuple[list[str], str, str | None, list[Sequence[str]], tuple[str, ...]],
) -> list[list[Finding]]:
    return _detect_here(*chunk)


def _detect_here(
    texts: list[str], language: str, model: str | None, terms: list[Sequence[str]], keep: tuple[str, ...]
) -> list[list[Finding]]:
    by_model = find_by_model(texts, model=model) if model else [[] for _ in texts]
    with keeping(keep), writing_in(language):
        return [
            _findings_for(text, language, model_findings, text_terms)
            for text, model_findings, text_terms in zip(texts, by_model, terms, strict=True)
        ]


def _findings_for(text: str, language: str, model_findings: list[Finding], terms: Sequence[str]) -> list[Finding]:
    quasi_identifiers = [
        finding
        for finding in model_findings
        if finding.label != "PERSON" and not is_threat_actor(text[finding.start : finding.end])
    ]
    found = (
        find_by_rules(text, language)
        + find_names(text, model_findings)
        + quasi_identifiers
        + find_author_terms(text, terms)
    )
    # "Ransom" is a surname, but not in "INC Ransom": a name found inside an actor's name is the actor.
    actors = threat_actor_spans(text)
    found = [f for f in found if not (f.label == "PERSON" and _inside(f, actors))]
    return resolve_overlaps(found)


def _inside(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(start <= finding.start and finding.end <= end for start, end in spans)


def find_author_terms(text: str, terms: Sequence[str]) -> list[Finding]:
    """Every mention of each term the author listed, in any case and spacing, as whole words."""
    patterns = [
        re.escape(" ".join(term.split())).replace(r"\ ", r"\s+") for term in terms if len(term.strip()) >= MIN_TERM
    ]
    if not patterns:
        return []
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(sorted(patterns, key=len, reverse=True))})(?!\w)", re.IGNORECASE)
    return [Finding(m.start(), m.end(), "VICTIM_TERM", SOURCE_VICTIM, 1.0) for m in pattern.finditer(text)]
