"""The site speaks English, French and Spanish: complete catalogues, current with the code, and no
public template text left outside the translation tags."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.template.base import Lexer, TokenType
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Locale

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_TEMPLATES = ROOT / "site" / "templates"
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);"}
MAKEMESSAGES = "manage.py makemessages -l fr -l es --no-obsolete " + " ".join(
    f'-i "{folder}/*"' for folder in (".venv", ".tools", "var", "tests", "bench", "test-artifacts", "scripts")
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|\{\w*\}")


def catalogue_path(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def entries(catalogue):
    return [message for message in catalogue if message.id]


def as_tuple(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_every_catalogue_entry_is_translated_and_none_is_fuzzy(language):
    catalogue = read_catalogue(catalogue_path(language))

    untranslated = [message.id for message in entries(catalogue) if not all(as_tuple(message.string))]
    fuzzy = [message.id for message in entries(catalogue) if message.fuzzy]

    assert not untranslated, f"{language}: {len(untranslated)} entries without a translation: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy entries are not shown until checked: {fuzzy}"


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_each_catalogue_declares_its_language_and_plural_rule(language):
    catalogue = read_catalogue(catalogue_path(language))

    assert str(catalogue.locale) == language
    assert catalogue.plural_forms == PLURAL_FORMS[language]


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_translations_keep_the_placeholders_of_their_source(language):
    wrong = []
    for message in entries(read_catalogue(catalogue_path(language))):
        expected = sorted({name for msgid in as_tuple(message.id) for name in PLACEHOLDER.findall(msgid)})
        for translated in as_tuple(message.string):
            if translated and sorted(set(PLACEHOLDER.findall(translated))) != expected:
                wrong.append(f"{message.id!r} -> {translated!r} (expected {expected})")

    assert not wrong, f"{language}: placeholders differ from the source:\n" + "\n".join(wrong)


def source_copy(destination: Path) -> None:
    """What makemessages reads: the apps, config/, site/ and manage.py, plus the catalogues to merge into."""
    apps = [path.parent for path in ROOT.glob("*/apps.py")]
    for folder in [*apps, ROOT / "config", ROOT / "site"]:
        for pattern in ("*.py", "*.html", "*.txt"):
            for path in folder.rglob(pattern):
                if "__pycache__" in path.parts:
                    continue
                target = destination / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    shutil.copy2(ROOT / "manage.py", destination / "manage.py")
    shutil.copytree(ROOT / "locale", destination / "locale")


def test_the_catalogues_hold_every_string_of_the_code_and_nothing_else(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is not installed (CI installs it): makemessages cannot run")
    source_copy(tmp_path)

    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py, on a copy of the code)
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    current = {message.id for message in entries(read_catalogue(tmp_path / "locale/fr/LC_MESSAGES/django.po"))}
    committed = {message.id for message in entries(read_catalogue(catalogue_path("fr")))}
    missing, obsolete = sorted(map(str, current - committed)), sorted(map(str, committed - current))
    assert current == committed, (
        f"The catalogues are stale: run `{MAKEMESSAGES}`, translate, then `scripts/compile-messages`."
        f"\nMissing: {missing}\nObsolete: {obsolete}"
    )


# Template text outside translation tags, once markup is taken away.
HUMAN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
TAG = re.compile(r"<[^>]*>")
NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
LETTER = re.compile(r"[^\W\d_]")
# Blocks whose text is markup, not words: `{% block body_class %}home{% endblock %}` fills a class attribute.
MARKUP_BLOCKS = {"body_class"}
OUTSIDE = "\x00"  # stands for a template tag or variable, and separates what a tag held from the text around it


def _human_text_of_tag(match: re.Match) -> str:
    tag = match.group(0)
    attributes = {name.lower(): double or single or bare for name, double, single, bare in ATTRIBUTE.findall(tag)}
    kept = [value for name, value in attributes.items() if name in HUMAN_ATTRIBUTES]
    if tag.lower().startswith("<meta") and attributes.get("name", "").lower() == "description":
        kept.append(attributes.get("content", ""))
    return OUTSIDE + OUTSIDE.join(kept) + OUTSIDE


def untranslated_text(source: str) -> list[str]:
    """The human text of a template that no {% translate %} or {% blocktranslate %} covers."""
    pieces, in_blocktranslate, in_comment, in_markup = [], False, False, False
    for token in Lexer(source).tokenize():
        bits = token.contents.split() if token.token_type == TokenType.BLOCK else []
        name = bits[0] if bits else ""
        if in_comment:
            in_comment = name != "endcomment"
        elif name == "comment":
            in_comment = True
        elif in_markup:
            in_markup = name != "endblock"
        elif name == "block" and bits[1:2] and bits[1] in MARKUP_BLOCKS:
            in_markup = True
        elif name in ("blocktranslate", "blocktrans"):
            in_blocktranslate = True
        elif name in ("endblocktranslate", "endblocktrans"):
            in_blocktranslate = False
        elif token.token_type == TokenType.TEXT and not in_blocktranslate:
            pieces.append(token.contents)
            continue
        pieces.append(OUTSIDE)
    text = NOT_TEXT.sub(OUTSIDE, "".join(pieces))
    text = ENTITY.sub(" ", TAG.sub(_human_text_of_tag, text))
    return [" ".join(piece.split()) for piece in text.split(OUTSIDE) if LETTER.search(piece)]


def test_the_template_check_finds_text_outside_translation_tags():
    source = (
        '{% load i18n %}<p title="Hover text">Plain words</p><img alt="{{ alt }}">'
        '<meta name="description" content="About us"><!-- a note --><script>let words;</script>'
        "{% translate 'Fine' %}{% blocktranslate %}Also fine {{ x }}{% endblocktranslate %}"
        "{% comment %}Not shown{% endcomment %}{% block body_class %}home{% endblock %}&nbsp;&middot;"
    )

    assert untranslated_text(source) == ["Hover text", "Plain words", "About us"]


@pytest.mark.parametrize(
    "template",
    sorted(path for path in PUBLIC_TEMPLATES.rglob("*") if path.suffix in (".html", ".txt")),
    ids=lambda path: str(path.relative_to(PUBLIC_TEMPLATES)),
)
def test_public_templates_have_no_text_outside_translation_tags(template):
    found = untranslated_text(template.read_text(encoding="utf-8"))

    assert not found, f"{template.relative_to(ROOT)}: text outside {{% translate %}}: {found}"


def url_in(page, language: str) -> str:
    """The page in `language`: its translation where there is one, else the same path under that prefix."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    if translated is not None and translated.live:
        return translated.url
    return translate_url(page.url, language)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Envoyer mon témoignage", "Vos choix", "Votre récit"]),
        ("es", ["Enviar mi testimonio", "Sus opciones", "Su relato"]),
    ],
)
def test_the_call_page_speaks_the_readers_language(client, site_pages, language, words):
    response = client.get(url_in(site_pages["call"], language))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert all(word in content for word in words), [word for word in words if word not in content]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Mon témoignage", "Ouvrir mon témoignage", "Code secret"]),
        ("es", ["Mi testimonio", "Abrir mi testimonio", "Clave secreta"]),
    ],
)
def test_my_testimony_speaks_the_readers_language(client, site_pages, language, words):
    with translation.override(language):
        url = reverse("my_testimony")

    response = client.get(url, follow=True)

    content = response.content.decode()
    assert response.status_code == 200
    assert url.startswith(f"/{language}/")
    assert f'<html lang="{language}">' in content
    assert all(word in content for word in words), [word for word in words if word not in content]
