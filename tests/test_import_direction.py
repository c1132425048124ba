"""Imports run one way, moderation -> testimonials -> the engine, and no module imports itself round a cycle.

Read from the source (every import, at the top or inside a function), not from what happens to be loaded.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("config", "home", "testimonials", "moderation")
ENGINE = "moderation.redaction"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Project modules `path` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text())
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in APPS}


SOURCES = {
    _module_name(path): path
    for app in APPS
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts and "tests" not in path.parts
}


def _known(name: str) -> str | None:
    while name and name not in SOURCES:
        name = name.rpartition(".")[0]
    return name or None


def test_the_engine_imports_no_django_and_no_project_code():
    leaks = {
        module: sorted(imported)
        for module, path in SOURCES.items()
        if module.startswith(ENGINE)
        and (
            imported := {
                name
                for name in _imports(path, top_level_only=False) | _third_party(path)
                if (name.split(".")[0] in APPS and not name.startswith(ENGINE)) or name.split(".")[0] == "django"
            }
        )
    }

    assert leaks == {}


def _third_party(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_testimonials_imports_nothing_from_moderation_but_the_engine():
    leaks = {
        module: sorted(name for name in _imports(path, top_level_only=False) if _against_the_flow(name))
        for module, path in SOURCES.items()
        if module.startswith("testimonials")
    }

    assert {module: names for module, names in leaks.items() if names} == {}


def _against_the_flow(name: str) -> bool:
    return name.startswith("moderation") and not name.startswith(ENGINE)


def _loaded_with(module: str, importer: str) -> set[str]:
    """`module` and the packages Python initialises to import it, except those `importer` is inside."""
    parts = module.split(".")
    chain = {".".join(parts[:end]) for end in range(1, len(parts) + 1)}
    inside = {importer.rsplit(".", end)[0] for end in range(importer.count(".") + 1)}
    return {name for name in chain - inside if name in SOURCES}


def _cycle() -> list[str] | None:
    graph = {
        module: {
            loaded
            for name in _imports(path, top_level_only=True)
            if (known := _known(name))
            for loaded in _loaded_with(known, module)
        }
        for module, path in SOURCES.items()
    }
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        stack.append(module)
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                return [*stack[stack.index(imported) :], imported]
            if imported not in state and (found := visit(imported)):
                return found
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_no_module_imports_itself_round_a_cycle():
    assert _cycle() is None


def test_the_cycle_search_finds_a_cycle_through_a_package():
    SOURCES.update({"pkg": Path("pkg/__init__.py"), "pkg.a": Path("pkg/a.py"), "b": Path("b.py")})
    try:
        assert _loaded_with("pkg.a", "b") == {"pkg", "pkg.a"}
        assert _loaded_with("pkg.a", "pkg.b") == {"pkg.a"}
    finally:
        for name in ("pkg", "pkg.a", "b"):
            SOURCES.pop(name)
