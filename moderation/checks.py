"""System checks for what moderation needs to run: the redaction pipeline."""

from django.conf import settings
from django.core.checks import Warning, register

from .redaction import PipelineMissing, pipeline_meta


@register()
def redaction_pipeline_installed(app_configs, **kwargs) -> list[Warning]:
    """A missing pipeline loses nothing (testimonies wait for redaction by hand), but every one
    then needs a moderator allowed to read originals: the deploy gate must say so."""
    models = {**settings.REDACTION_SPACY_MODELS, "en": settings.REDACTION_SPACY_MODEL}
    warnings = []
    for language, model in models.items():
        if not model:
            continue  # that language runs on the rules by choice
        try:
            pipeline_meta(model)
        except PipelineMissing as missing:
            warnings.append(
                Warning(
                    f"{missing} Every testimony in {language!r} will wait for redaction by hand.",
                    hint="Install the pipeline's package (see pyproject.toml) or set REDACTION_SPACY_MODELS.",
                    id="moderation.W001",
                )
            )
    return warnings
