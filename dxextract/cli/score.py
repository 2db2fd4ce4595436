"""The `eval` command: the extraction scored against hand-checked answers."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .apps import app
from .exits import EXIT_HELP, EXIT_USAGE, Failures, err
from .inputs import ENCODING_HELP, INPUT_FORMAT_HELP, RULES_HELP, check_reading, load_extractor
from .running import Numbers, documents_here
from .streams import standard_output

@app.command("eval", help=f"""Score the extraction of FILES against hand-checked answers (GOLD, JSON Lines).

Prints detection precision/recall/F1, value, qualifier, role and scope accuracy and label
token-F1 on matched values, and strict F1, as SPEC section 6 defines them; --show lists
what was missed, what was found that the gold does not have, and what was matched wrong.

Examples:

  dxextract eval tests/gold/seeds.jsonl seeds/*.txt

  dxextract eval --show 20 tests/gold/seeds.jsonl seeds/*.txt

  dxextract eval --json tests/gold/seeds.jsonl seeds/*.txt

{EXIT_HELP} An unreadable GOLD file is a usage error (2).""")
def eval_(
    gold: Path = typer.Argument(..., metavar="GOLD", help="Gold answers, JSON Lines (SPEC section 6)."),
    files: List[str] = typer.Argument(..., metavar="FILE", help="The documents the gold file describes."),
    show: int = typer.Option(0, "--show", metavar="N", help="List up to N misses, false positives and wrong matches."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENC", help=ENCODING_HELP),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help=INPUT_FORMAT_HELP),
    rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP),
) -> None:
    import json  # noqa: PLC0415

    from ..evaluate import load_gold, report, score  # noqa: PLC0415
    from ..writers import record_dict  # noqa: PLC0415

    try:
        gold_records = load_gold(str(gold))
    except (OSError, ValueError) as exc:
        err(f"{gold}: cannot read gold answers: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    input_format = check_reading(encoding, input_format)
    extractor = load_extractor(rules)
    failures = Failures()
    numbers = Numbers()
    predicted = [record_dict(r, d.context)
                 for d in numbers.counted(documents_here(files, extractor, encoding, failures, True, input_format))
                 for r in d.records]
    result = score(gold_records, predicted)
    with standard_output(failures) as out:
        if as_json:
            out.write(json.dumps(result.figures(), ensure_ascii=False) + "\n")
        else:
            for line in report(result, show):
                out.write(f"{line}\n")
    numbers.tell()
    raise typer.Exit(failures.exit_code)
