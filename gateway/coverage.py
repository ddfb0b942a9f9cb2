"""The README's endpoint coverage tables and known deviations, generated from the adapters:
each dialect's route table and the "Known deviations" list of its notes (the package docstring)."""

from __future__ import annotations

from adapters import dialects
from adapters.contract import Dialect

BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def deviations(dialect: Dialect) -> list[str]:
    """The bullets under "Known deviations" in a dialect's notes, one line each."""
    text = dialect.notes
    if "Known deviations" not in text:
        return []
    bullets: list[str] = []
    for line in text.split("Known deviations", 1)[1].splitlines()[1:]:
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
        else:
            break
    return [b.replace("``", "`") for b in bullets]


def table() -> str:
    lines = []
    for dialect in dialects():
        mounts = ", ".join(f"`{p}`" for p in dialect.owns)
        lines += [
            f"### {dialect.title} ({mounts})",
            "",
            "| method | endpoint | support | notes |",
            "|---|---|---|---|",
        ]
        for e in dialect.endpoints:
            lines.append(
                f"| {e.method} | `{dialect.prefix}{e.path}` | {e.support} | {_cell(e.note)} |"
            )
        lines.append("")
        known = deviations(dialect)
        if known:
            lines += ["Known deviations:", ""] + [f"- {b}" for b in known] + [""]
    return "\n".join(lines).rstrip() + "\n"


def readme_section(readme: str) -> str:
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[start:end].strip("\n") + "\n"


def with_table(readme: str) -> str:
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + table() + readme[end:]


def main() -> None:
    import sys
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    if "--write" in sys.argv:
        readme.write_text(with_table(readme.read_text()))
    else:
        print(table())


if __name__ == "__main__":
    main()
