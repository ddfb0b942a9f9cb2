"""The README's endpoint coverage tables and known deviations, generated from the adapters:
each module's route table and the "Known deviations" list of its docstring."""

from __future__ import annotations

from adapters import dialects

BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def deviations(module) -> list[str]:
    """The bullets under "Known deviations" in a dialect module's docstring, one line each."""
    text = module.__doc__ or ""
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
        known = deviations(module)
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
