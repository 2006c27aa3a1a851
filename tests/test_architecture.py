"""The house rules, checked: imports flow one way, and docs/architecture.md names what exists."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each package, and the packages of ours it may import: archive → indexer → library → webui → newsarchive.
LAYERS = {
    "archive": set(),
    "indexer": {"archive"},
    "library": {"archive", "indexer"},
    "webui": {"archive", "indexer", "library"},
    "newsarchive": {"archive", "indexer", "library", "webui"},
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """The top-level packages a module imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_imports_flow_one_way(package):
    for path in _modules(package):
        ours = _imports(path) & set(LAYERS)
        backwards = ours - LAYERS[package] - {package}
        assert not backwards, f"{path.relative_to(ROOT)} imports {sorted(backwards)}"


def test_architecture_doc_names_every_module_and_only_modules_that_exist():
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    sections = {pkg: doc.split(f"## {pkg}/", 1)[1].split("\n## ", 1)[0] for pkg in LAYERS if f"## {pkg}/" in doc}
    assert set(sections) == set(LAYERS), f"packages without a section: {sorted(set(LAYERS) - set(sections))}"
    for package, text in sections.items():
        in_section = set(re.findall(r"^\| `([a-z_/]+\.py)`", text, re.MULTILINE))     # a table's first column
        for name in in_section:
            assert (ROOT / package / name).exists(), f"docs/architecture.md names {package}/{name}, which does not exist"
        existing = {str(p.relative_to(ROOT / package)) for p in _modules(package) if p.name != "__init__.py"}
        assert existing <= in_section, f"{package}/ modules the doc does not name: {sorted(existing - in_section)}"


STAGES = ("reading", "describing", "storing", "curating")      # archive's sub-packages, in the order of the flow


def test_archive_stages_import_only_earlier_stages():
    for stage in STAGES:
        allowed = set(STAGES[: STAGES.index(stage) + 1])
        for path in (ROOT / "archive" / stage).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("archive."):
                    target = node.module.split(".")[1]
                    assert target not in STAGES or target in allowed, f"{path.relative_to(ROOT)} imports {node.module}"
