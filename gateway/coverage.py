"""The README's endpoint coverage table, generated from the adapters' route tables."""

from __future__ import annotations

from adapters import dialects

BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    lines = []
    for module in dialects():
        lines += [
            f"### {getattr(module, 'TITLE', module.NAME)} (`{module.PREFIX}`)",
            "",
            "| method | endpoint | support | notes |",
            "|---|---|---|---|",
        ]
        for e in module.ENDPOINTS:
            lines.append(
                f"| {e.method} | `{module.PREFIX}{e.path}` | {e.support} | {_cell(e.note)} |"
            )
        lines.append("")
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
