"""The two store backends share code only through neutral modules of store/ (rows, fields,
merge, ...): neither imports the other, so either can change (or be left out) alone."""

import ast
from pathlib import Path

import pytest

STORE = Path(__file__).resolve().parents[2] / "store"


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(("package", "other"), [("postgres", "sqlite"), ("sqlite", "postgres")])
def test_a_backend_imports_nothing_of_the_other(package, other):
    found = {
        f"{path.relative_to(STORE.parent)}: {name}"
        for path in sorted((STORE / package).rglob("*.py"))
        for name in imported(path)
        if name == f"store.{other}" or name.startswith(f"store.{other}.")
    }
    assert found == set()
