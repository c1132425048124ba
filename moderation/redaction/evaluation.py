"""Scores redactions against annotated texts, the way ../shared/pii-dev/README.md defines it.

- Leak rate: the share of personal-data characters (whitespace excluded) that no redaction
  covers, whatever the redaction's label. A partly masked value leaks its unmasked part.
- Over-redaction: the share of must-keep characters (places in the narrative, threat actors,
  attack dates) that a redaction covers.
- Per-label precision, recall and F1, with spans matched exactly and by overlap.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .findings import PERSONAL_LABELS

MUST_KEEP_LABELS = frozenset({"LOC", "THREAT_ACTOR", "ATTACK_DATE"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    spans: tuple[Span, ...]


def load_documents(path: Path) -> list[Document]:
    documents = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            spans = tuple(Span(span["start"], span["end"], span["label"]) for span in row["spans"])
            documents.append(Document(row["id"], row["text"], spans))
    return documents


@dataclass
class LabelCounts:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    predicted_overlapping: int = 0
    gold_overlapped: int = 0

    @staticmethod
    def _f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def exact_prf(self) -> tuple[float, float, float]:
        precision = self.exact / self.predicted if self.predicted else 0.0
        recall = self.exact / self.gold if self.gold else 0.0
        return precision, recall, self._f1(precision, recall)

    def overlap_prf(self) -> tuple[float, float, float]:
        precision = self.predicted_overlapping / self.predicted if self.predicted else 0.0
        recall = self.gold_overlapped / self.gold if self.gold else 0.0
        return precision, recall, self._f1(precision, recall)


@dataclass
class Score:
    personal_chars: int = 0
    leaked_chars: int = 0
    keep_chars: int = 0
    over_redacted_chars: int = 0
    documents: int = 0
    documents_clean: int = 0  # with no personal-data character left
    leaked_by_label: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    labels: dict[str, LabelCounts] = field(default_factory=lambda: defaultdict(LabelCounts))

    @property
    def leak_rate(self) -> float:
        return self.leaked_chars / self.personal_chars if self.personal_chars else 0.0

    @property
    def over_redaction(self) -> float:
        return self.over_redacted_chars / self.keep_chars if self.keep_chars else 0.0

    @property
    def clean_rate(self) -> float:
        return self.documents_clean / self.documents if self.documents else 0.0

    def label_leak_rate(self, label: str) -> float:
        leaked, total = self.leaked_by_label[label]
        return leaked / total if total else 0.0


def _covered(spans: Iterable[Span], length: int) -> bytearray:
    mask = bytearray(length)
    for span in spans:
        mask[span.start : span.end] = b"\x01" * (span.end - span.start)
    return mask


def _count_chars(text: str, span: Span, mask: bytearray) -> tuple[int, int]:
    """(non-whitespace characters in the span, how many of them the mask covers)."""
    total = covered = 0
    for position in range(span.start, span.end):
        if not text[position].isspace():
            total += 1
            covered += mask[position]
    return total, covered


def score_document(score: Score, document: Document, predicted: list[Span], redacted_labels: frozenset[str]) -> None:
    """Add one document's figures; `redacted_labels` are the predicted labels that count as redactions."""
    mask = _covered((span for span in predicted if span.label in redacted_labels), len(document.text))
    leaked_before = score.leaked_chars
    for gold in document.spans:
        total, covered = _count_chars(document.text, gold, mask)
        if gold.label in PERSONAL_LABELS:
            score.personal_chars += total
            score.leaked_chars += total - covered
            score.leaked_by_label[gold.label][0] += total - covered
            score.leaked_by_label[gold.label][1] += total
        elif gold.label in MUST_KEEP_LABELS:
            score.keep_chars += total
            score.over_redacted_chars += covered
    score.documents += 1
    score.documents_clean += score.leaked_chars == leaked_before
    _score_labels(score, document.spans, predicted)


def _score_labels(score: Score, gold_spans: Iterable[Span], predicted: list[Span]) -> None:
    gold_by_label: dict[str, list[Span]] = defaultdict(list)
    for gold in gold_spans:
        gold_by_label[gold.label].append(gold)
    predicted_by_label: dict[str, list[Span]] = defaultdict(list)
    for span in predicted:
        predicted_by_label[span.label].append(span)
    for label in set(gold_by_label) | set(predicted_by_label):
        golds, guesses = gold_by_label[label], predicted_by_label[label]
        counts = score.labels[label]
        counts.gold += len(golds)
        counts.predicted += len(guesses)
        gold_keys = {(gold.start, gold.end) for gold in golds}
        counts.exact += sum((guess.start, guess.end) in gold_keys for guess in guesses)
        counts.predicted_overlapping += sum(any(_overlap(guess, gold) for gold in golds) for guess in guesses)
        counts.gold_overlapped += sum(any(_overlap(guess, gold) for guess in guesses) for gold in golds)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
