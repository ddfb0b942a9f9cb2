"""The README stays true: its coverage table is the generated one, its commands are what CI runs."""

from pathlib import Path

from gateway.coverage import readme_section, table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_coverage_table_is_generated_from_the_route_tables():
    assert readme_section(README) == table(), "run: python -m gateway.coverage --write"


def test_ci_runs_the_readme_test_command():
    command = "python -m pytest"
    assert f"pip install -e '.[test]' && {command}" in README
    assert command in (ROOT / ".ci" / "run").read_text()


def test_every_dialect_route_is_in_the_table():
    from adapters import dialects

    for dialect in dialects():
        for endpoint in dialect.endpoints:
            assert f"`{dialect.prefix}{endpoint.path}`" in README


def test_every_dialect_states_its_deviations():
    from adapters import dialects
    from gateway.coverage import deviations

    for dialect in dialects():
        if dialect.endpoints[0].support != "not supported":
            assert deviations(dialect), f"{dialect.name}: no 'Known deviations' list in its docstring"
