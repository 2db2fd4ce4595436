"""The `rules` commands, for people who write rules: `rules list` and `rules check`."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Optional

import typer

from .apps import rules_app
from .exits import EXIT_HELP, EXIT_INPUT, EXIT_OK, EXIT_USAGE, Failures, err
from .inputs import RULES_HELP, load_extractor
from .streams import standard_output

@rules_app.command("list", help=f"""List every rule: id, kind (or section) and file, one per line, tab-separated.

Examples:

  dxextract rules list

  dxextract rules list --rules my_rules/ | grep percent

{EXIT_HELP}""")
def rules_list(rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP)) -> None:
    extractor = load_extractor(rules)
    book = extractor.book
    failures = Failures()
    with standard_output(failures) as out:
        for section, key in (("rules", "id"), ("qualifiers", "id"), ("roles", "id"), ("scopes", "id"),
                             ("labels", "id"), ("readings", "id"), ("indicators", "code"), ("provinces", "id"),
                             ("periods", "id")):
            for entry in book.section(section, key=key):
                kind = entry.get("kind") or ("trap" if section == "rules" else section.rstrip("s"))
                out.write(f"{entry[key]}\t{kind}\t{Path(entry['_file']).name}\n")
    raise typer.Exit(EXIT_OK)


@rules_app.command("check", help="""Validate rule files and run every example they hold.

DIR is a folder of your own rules, checked together with the built-in ones (without DIR,
the built-in rules alone). Each failing example is printed as "FAIL rule-id (file): what".

Examples:

  dxextract rules check

  dxextract rules check my_rules/

Exit codes: 0 all examples hold · 1 some example fails · 2 a rule file is malformed
(the message names the file, the rule id and what is wrong) · 130 interrupted.""")
def rules_check(folder: Optional[Path] = typer.Argument(None, metavar="DIR",
                                                        help="Your rules folder (optional).")) -> None:
    from ..examples import run_example  # noqa: PLC0415
    from ..values import RuleTimeout  # noqa: PLC0415

    extractor = load_extractor([folder] if folder else [])
    failed = total = 0
    failures = Failures()
    with standard_output(failures) as out:
        for example in _examples(extractor.book):
            total += 1
            try:
                problem = run_example(example, extractor)
            except RuleTimeout as exc:
                problem = str(exc)
            if problem:
                failed += 1
                out.write(f"FAIL {example.rule_id} ({Path(example.file).name}): {problem}\n")
        out.write(f"{total - failed} passed, {failed} failed\n")
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


class _Sections:
    """A stand-in rulebook for examples.iter_examples: with `entry`, it holds that one entry
    of one section (so a malformed example can be blamed on its file and rule); without,
    it is empty and notes which sections are asked for, in order."""

    def __init__(self, name: Optional[str] = None, entry: Optional[dict] = None):
        self.name, self.entry = name, entry
        self.asked: list[tuple[str, str]] = []

    def section(self, name: str, key: str = "id") -> list[dict]:
        self.asked.append((name, key))
        return [self.entry] if self.entry is not None and name == self.name else []


def _examples(book) -> Iterator:
    """Every example of the book, in the order examples.iter_examples gives them; an example
    of the wrong shape is a rule-file error naming the file and the rule (exit 2)."""
    from ..examples import iter_examples  # noqa: PLC0415
    from ..rules import RuleError  # noqa: PLC0415

    probe = _Sections()
    list(iter_examples(probe))
    for section, key in dict.fromkeys(probe.asked):
        try:
            entries = book.section(section, key=key)
        except RuleError as exc:
            err(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        for entry in entries:
            try:
                examples = list(iter_examples(_Sections(section, entry)))
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                what = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
                err(str(RuleError(entry.get("_file", "?"), entry.get(key), f"malformed example in '{section}': {what}")))
                raise typer.Exit(EXIT_USAGE) from None
            yield from examples
