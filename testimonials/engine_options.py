"""What this site tells the redaction engine: its pipeline and the threat actors to keep.

The engine reads no settings and no database (it runs, and is tested, without Django): every call
from the project passes these.
"""

from django.conf import settings

from moderation.redaction.keep import THREAT_ACTORS


def keep_list() -> tuple[str, ...]:
    """Threat actors the engine must not redact: its own list, and every actor recorded here with its aliases."""
    from .models import ThreatActor

    recorded = [
        name
        for actor_name, aliases in ThreatActor.objects.values_list("name", "aliases")
        for name in (actor_name, *aliases.splitlines())
        if name.strip()
    ]
    return tuple(dict.fromkeys([*THREAT_ACTORS, *recorded]))


def pipeline_for(language: str) -> str | None:
    """The spaCy pipeline for texts in `language`, or None when it has none (the rules run alone)."""
    models = {**settings.REDACTION_SPACY_MODELS, "en": settings.REDACTION_SPACY_MODEL}
    return models.get(language) or None


def engine_options(language: str = "en") -> dict:
    """Keyword arguments for moderation.redaction.detect() on texts in `language`."""
    return {"language": language, "model": pipeline_for(language), "keep": keep_list()}
