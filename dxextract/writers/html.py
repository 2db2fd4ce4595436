"""The page to share: `dxextract show --html -o report.html FILES`.

One self-contained HTML file (no network, no external assets, nothing to install): for
each report a section with its province and period on top, its text with every value
highlighted by kind, and the table of its values beside the text (below it on a phone).
Hovering over a value, or focusing it with Tab, shows its record; a row's position link
jumps to the value in the text, and Enter on a value jumps back to its row. Checkboxes
filter by kind and role. The page prints cleanly (no controls, colours kept, one report
per page).

Reports are untrusted text. Every piece of text is HTML-escaped; each section's records
are also embedded as JSON (a `<script type="application/json">` that nothing executes),
with `<`, `>` and `&` written as \\u escapes so no `</script>` can end it; and a
Content-Security-Policy allows only the page's own style and script, by their hashes, and
nothing else: no other script, no image, no connection. The script only filters and moves
focus; the page reads fine without it.

The text is shown as decoded, each piece (between and inside values) in NFC: highlights
stay on their characters and Vietnamese in NFD shows, searches and copies as NFC.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from typing import Iterable, Optional, Protocol, Sequence, TextIO

from ..context import Context
from ..records import KINDS, ROLES, Record
from .common import for_people, record_dict
from .table import value_cell

# Light marker colours, dark text on each (contrast above 7:1), one per kind.
KIND_COLOURS = {
    "percent": "#f6b8e6",
    "count": "#a9e4f2",
    "length": "#b6edb0",
    "money": "#ffe08a",
    "fraction": "#c2cdff",
    "rank": "#ffb4a8",
    "rate": "#dccbff",
    "measure": "#dcf5a0",
    "multiple": "#fcc98e",
}
ROLE_HINTS = {"level": "plain", "change": "double underline", "target": "dashed box"}
TABLE_COLUMNS = ("text", "kind", "value", "unit", "role", "label", "scope", "indicator", "rule")

# C0 and C1 controls (but tab and the line ends) shown as visible symbols, one for one.
_CONTROLS = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_CONTROLS.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)}})


class Report(Protocol):
    """What a section is made of (show.View is one)."""

    doc: str
    text: str
    context: Context
    records: Sequence[Record]


def _e(text) -> str:
    """Text for HTML: NFC, controls visible, escaped (quotes too, for attributes)."""
    return html.escape(for_people(str(text)).translate(_CONTROLS), quote=True)


def json_for_html(data) -> str:
    """JSON that is safe inside a <script> element: `<`, `>` and `&` as \\u escapes (so
    `</script>` and `<!--` cannot appear), and the two line separators JavaScript once
    refused in strings."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _style() -> str:
    kinds = "\n".join(f".k-{k}{{--c:{c}}}" for k, c in KIND_COLOURS.items())
    hidden = ",\n".join([*(f".hide-k-{k} mark.k-{k}" for k in KINDS), *(f".hide-r-{r} mark.r-{r}" for r in ROLES)])
    gone = ",\n".join([*(f".hide-k-{k} tr.k-{k}" for k in KINDS), *(f".hide-r-{r} tr.r-{r}" for r in ROLES),
                       *(f".hide-k-{k} mark.k-{k} .tip" for k in KINDS),
                       *(f".hide-r-{r} mark.r-{r} .tip" for r in ROLES)])
    return _CSS.replace("/*KINDS*/", kinds).replace("/*HIDDEN*/", hidden).replace("/*GONE*/", gone)


_CSS = """
:root{color-scheme:light;--ink:#1b1b1b;--muted:#555;--line:#d0d0d0;--paper:#fff;--soft:#f4f4f1;--focus:#0b57d0}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;
color:var(--ink);background:var(--paper)}
a{color:var(--focus)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999em}
.skip:focus{position:static;display:inline-block;margin:.25em 0}
header.page{padding:.75rem 1rem;border-bottom:1px solid var(--line);background:var(--soft)}
header.page h1{font-size:1.25rem;margin:0 0 .25rem}
nav.reports ol{margin:.25rem 0;padding-left:1.5rem;overflow-wrap:anywhere}
details.filters-box summary{cursor:pointer;min-height:2rem;padding:.25rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;margin:.5rem 0 0;padding:0;border:0}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:center}
.filters legend{float:left;font-weight:600;margin-right:.25rem}
.filters label{display:inline-flex;align-items:center;gap:.25rem;white-space:nowrap;min-height:2rem;
padding:0 .4rem;border-radius:.3rem}
.filters label.kind{background:var(--c)}
.filters .n{color:var(--muted);font-size:.875em}
.filters input{width:1.1rem;height:1.1rem;margin:0}
main{padding:0 1rem 2rem}
section.doc{padding-top:1rem;border-top:2px solid var(--ink);margin-top:1.5rem}
section.doc:first-child{border-top:0;margin-top:0}
section.doc h2{font-size:1.15rem;margin:0;overflow-wrap:anywhere}
.context{margin:.25rem 0 .75rem;color:var(--muted)}
.context b{color:var(--ink)}
.cols{display:grid;gap:1rem 1.5rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:72rem){.cols{grid-template-columns:minmax(0,1fr) minmax(0,1.15fr)}
.values{position:sticky;top:0;max-height:100vh;overflow:auto}}
.text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.8;font-size:1rem;margin:0}
mark.v{position:relative;color:inherit;background:var(--c);font-weight:600;border-radius:.2em;padding:0 .08em;
cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.r-change{text-decoration:underline double;text-underline-offset:.2em}
mark.r-target{outline:1.5px dashed var(--ink);outline-offset:0}
mark.v:target{box-shadow:0 0 0 3px var(--focus)}
/*KINDS*/
.tip{display:none;position:absolute;left:0;top:calc(100% + .35rem);z-index:20;width:max-content;
max-width:min(24rem,86vw);padding:.5rem .65rem;background:#fff;color:var(--ink);border:1px solid #888;
border-radius:.35rem;box-shadow:0 4px 16px rgba(0,0,0,.25);font-weight:400;font-size:.875rem;line-height:1.4;
white-space:normal;text-align:left}
.tip.flip{left:auto;right:0}
.tip .f{display:grid;grid-template-columns:5.5em minmax(0,1fr);gap:.5em}
.tip .f i{font-style:normal;color:var(--muted)}
mark.v:hover .tip,mark.v:focus .tip{display:block}
mark.v.quiet .tip{display:none}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.875rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.3rem .45rem;border-bottom:1px solid var(--line)}
thead th{position:sticky;top:0;background:var(--soft);z-index:1}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.where a{font-weight:600}
td.where small{display:block;color:var(--muted);white-space:nowrap}
td.kind span{background:var(--c);padding:0 .3em;border-radius:.2em}
td.label{min-width:12rem}
.none{color:var(--muted)}
footer{padding:1rem;color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
/*HIDDEN*/{background:none;font-weight:inherit;text-decoration:none;outline:0;cursor:auto}
/*GONE*/{display:none}
@media (max-width:40rem){body{font-size:15px}main{padding:0 .6rem 1.5rem}header.page{padding:.6rem}
.text{line-height:1.9}}
@media print{header.page details,header.page .hint,.skip,.tip,nav.reports{display:none}
body{font-size:10.5pt}main{padding:0}
.cols{display:block}.values{position:static;max-height:none;overflow:visible}.scroll{overflow:visible}
section.doc{break-before:page;border-top:0;margin-top:0}section.doc:first-child{break-before:auto}
mark.v,td.kind span,.filters label.kind{-webkit-print-color-adjust:exact;print-color-adjust:exact}
tr{break-inside:avoid}thead{display:table-header-group}thead th{position:static}
a{color:inherit;text-decoration:none}footer{border:0}}
"""

_SCRIPT = """
(function () {
  "use strict";
  var body = document.body;
  var boxes = document.querySelectorAll(".filters input[type=checkbox]");
  function apply() {
    boxes.forEach(function (box) { body.classList.toggle("hide-" + box.value, !box.checked); });
    document.querySelectorAll("mark.v").forEach(function (mark) {
      var hidden = Array.prototype.some.call(mark.classList, function (name) {
        return /^[kr]-/.test(name) && body.classList.contains("hide-" + name);
      });
      mark.tabIndex = hidden ? -1 : 0;
    });
  }
  boxes.forEach(function (box) { box.hidden = false; box.addEventListener("change", apply); });
  document.querySelectorAll(".filters [hidden]").forEach(function (el) { el.hidden = false; });
  function place(mark) {
    var tip = mark.querySelector(".tip");
    if (!tip) { return; }
    tip.classList.remove("flip");
    var box = tip.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth - 4) { tip.classList.add("flip"); }
  }
  document.addEventListener("focusin", function (e) {
    var mark = e.target.closest && e.target.closest("mark.v");
    if (mark) { mark.classList.remove("quiet"); place(mark); }
  });
  document.addEventListener("mouseover", function (e) {
    var mark = e.target.closest && e.target.closest("mark.v");
    if (mark) { place(mark); }
  });
  document.addEventListener("mouseout", function (e) {
    var mark = e.target.closest && e.target.closest("mark.v");
    if (mark && !mark.contains(e.relatedTarget)) { mark.classList.remove("quiet"); }
  });
  document.addEventListener("keydown", function (e) {
    var mark = e.target.closest && e.target.closest("mark.v");
    if (e.key === "Escape") {
      document.querySelectorAll("mark.v:hover, mark.v:focus").forEach(function (m) { m.classList.add("quiet"); });
    } else if (mark && e.key === "Enter") {
      var link = document.querySelector("a.jump[href='#" + mark.id + "']");
      if (link) { e.preventDefault(); link.focus(); link.scrollIntoView({block: "center"}); }
    }
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.jump");
    if (!link) { return; }
    var mark = document.getElementById(link.getAttribute("href").slice(1));
    if (mark) { e.preventDefault(); mark.focus({preventScroll: true});
      mark.scrollIntoView({block: "center"}); history.replaceState(null, "", "#" + mark.id); }
  });
  var box = document.querySelector("details.filters-box");
  if (box && window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) { box.open = false; }
  apply();
}());
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _policy(style: str, script: str) -> str:
    return (f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; "
            "img-src 'none'; base-uri 'none'; form-action 'none'")


def _number(value) -> str:
    return "" if value is None else str(value)


def _tip(rec: dict, tip_id: str) -> str:
    fields = [("value", value_cell(rec) + (f" {rec['unit']}" if rec.get("unit") else "")),
              ("kind", rec["kind"]), ("qualifier", rec["qualifier"]), ("role", rec["role"]),
              ("label", rec.get("label")), ("scope", rec.get("scope")), ("indicator", rec.get("indicator")),
              ("rule", rec["rule"]), ("where", f"line {rec['line']}, col {rec['col']}")]
    inner = "".join(f'<span class="f"><i>{name}</i><span>{_e(value)}</span></span>' for name, value in fields
                    if value not in (None, ""))
    return f'<span class="tip" role="tooltip" id="{tip_id}">{inner}</span>'


def _marked_text(text: str, records: Sequence[Record], rows: Sequence[dict], prefix: str) -> str:
    """The text with each record's span in a <mark>. Spans inside another are nested in
    it; a span that crosses another's end starts where that one ends (the record keeps
    its own offsets): each record has one mark."""
    order = sorted(range(len(records)), key=lambda i: (records[i].start, -records[i].end, i))
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the marks open now

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            if end > pos:
                out.append(_e(text[pos:end]))
                pos = end
            out.append("</mark>")

    for i in order:
        record = records[i]
        close_until(record.start)
        start = max(record.start, pos)
        end = record.end
        while stack and end > stack[-1]:  # crosses the open mark's end: start after it
            close_until(stack[-1])
            start = max(start, pos)
        if start > pos:
            out.append(_e(text[pos:start]))
            pos = start
        end = max(end, start)
        rec = rows[i]
        classes = f"v k-{_e(record.kind)} r-{_e(record.role)}"
        out.append(f'<mark class="{classes}" id="{prefix}-v{i}" data-i="{i}" tabindex="0" '
                   f'aria-describedby="{prefix}-t{i}">')
        out.append(_tip(rec, f"{prefix}-t{i}"))
        stack.append(end)
    close_until(len(text) + 1)
    out.append(_e(text[pos:]))
    return "".join(out)


def _table(rows: Sequence[dict], prefix: str, doc: str) -> str:
    head = "".join(f'<th scope="col">{name}</th>' for name in TABLE_COLUMNS)
    body = []
    for i, rec in enumerate(rows):
        cells = [
            f'<td class="where"><a class="jump" href="#{prefix}-v{i}">{_e(rec["text"])}</a>'
            f'<small>line {rec["line"]}:{rec["col"]}</small></td>',
            f'<td class="kind"><span>{_e(rec["kind"])}</span></td>',
            f'<td class="num">{_e(value_cell(rec))}</td>',
            f'<td>{_e(rec.get("unit") or "")}</td>',
            f'<td>{_e(rec["role"])}</td>',
            f'<td class="label">{_e(rec.get("label") or "")}</td>',
            f'<td>{_e(rec.get("scope") or "")}</td>',
            f'<td>{_e(rec.get("indicator") or "")}</td>',
            f'<td>{_e(rec["rule"])}</td>',
        ]
        body.append(f'<tr class="k-{_e(rec["kind"])} r-{_e(rec["role"])}" id="{prefix}-r{i}">{"".join(cells)}</tr>')
    count = f"{len(rows)} value{'s' if len(rows) != 1 else ''}"
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="Values of {_e(doc)}">'
            f'<table><caption>{count}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _context(context: Context, count: int) -> str:
    parts = []
    if context.province:
        now = context.province_now
        since = f" (since 2025: {_e(now)})" if now and now != context.province else ""
        parts.append(f"province <b>{_e(context.province)}</b>{since}")
    else:
        parts.append("province <b>not found</b>")
    parts.append(f"period <b>{_e(context.period)}</b>" if context.period else "period <b>not found</b>")
    if context.date:
        parts.append(f"dated <b>{_e(context.date)}</b>")
    parts.append(f"<b>{count}</b> value{'s' if count != 1 else ''}")
    return " · ".join(parts)


def _section(n: int, report: Report, kinds: Sequence[str]) -> str:
    prefix = f"d{n}"
    records = [r for r in report.records if r.kind in kinds]
    rows = [record_dict(r, report.context) for r in records]
    data = json_for_html({"doc": report.doc, "records": rows})
    parts = [f'<section class="doc" id="{prefix}" aria-labelledby="{prefix}-h">',
             f'<h2 id="{prefix}-h">{_e(report.doc)}</h2>',
             f'<p class="context">{_context(report.context, len(rows))}</p>']
    if rows:
        parts.append(f'<a class="skip" href="#{prefix}-values">Skip to the table of values</a>')
    parts.append('<div class="cols">')
    parts.append(f'<div class="text" lang="vi" id="{prefix}-text">{_marked_text(report.text, records, rows, prefix)}'
                 '</div>')
    if rows:
        parts.append(f'<div class="values" id="{prefix}-values">{_table(rows, prefix, report.doc)}</div>')
    else:
        parts.append('<p class="none">No values found.</p>')
    parts.append("</div>")
    parts.append(f'<script type="application/json" class="records" id="{prefix}-records">{data}</script>')
    parts.append("</section>")
    return "\n".join(parts)


def _filters(counts_kind: Counter, counts_role: Counter, kinds: Sequence[str]) -> str:
    kind_boxes = "".join(
        f'<label class="kind k-{k}"><input type="checkbox" value="k-{k}" checked hidden> {k} '
        f'<span class="n">{counts_kind[k]}</span></label>' for k in kinds)
    role_boxes = "".join(
        f'<label><input type="checkbox" value="r-{r}" checked hidden> {r} <span class="n">({ROLE_HINTS[r]}) '
        f'{counts_role[r]}</span></label>' for r in ROLES)
    return (f'<details class="filters-box" open><summary>Kinds and roles</summary>'
            f'<div class="filters"><fieldset><legend>Kinds</legend>{kind_boxes}</fieldset>'
            f'<fieldset><legend>Roles</legend>{role_boxes}</fieldset></div></details>')


def write_page(out: TextIO, reports: Iterable[Report], kinds: Sequence[str] = KINDS,
               title: Optional[str] = None) -> int:
    """Write the page for `reports` (each with its whole text); returns the number of
    records shown."""
    reports = list(reports)
    counts_kind: Counter = Counter()
    counts_role: Counter = Counter()
    for report in reports:
        for r in report.records:
            if r.kind in kinds:
                counts_kind[r.kind] += 1
                counts_role[r.role] += 1
    total = sum(counts_kind.values())
    style, script = _style(), _SCRIPT
    if title is None:
        title = reports[0].doc if len(reports) == 1 else f"{len(reports)} reports"
    heading = f"Values found in {_e(title)}"
    nav = ""
    if len(reports) > 1:
        items = "".join(
            f'<li><a href="#d{n}">{_e(r.doc)}</a> — {_e(r.context.province or "?")}, '
            f'{_e(r.context.period or "?")}</li>' for n, r in enumerate(reports, start=1))
        nav = f'<nav class="reports" aria-label="Reports"><ol>{items}</ol></nav>'
    sections = "\n".join(_section(n, r, kinds) for n, r in enumerate(reports, start=1))
    out.write(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_policy(style, script)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="dxextract">\n'
        f"<title>{heading}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f'<header class="page"><h1>{heading}</h1>'
        f'<p class="context hint">{total} value{"s" if total != 1 else ""} in {len(reports)} '
        f'report{"s" if len(reports) != 1 else ""}. Hover over a value, or Tab to it, to see its record; '
        'Enter goes to its row in the table, and a row\'s link back to the text.</p>'
        f"{nav}{_filters(counts_kind, counts_role, kinds)}</header>\n"
        f"<main>\n{sections}\n</main>\n"
        '<footer>Made by dxextract. Offsets (line, col) are those of the report as decoded; each '
        "section's records are in its &lt;script type=\"application/json\"&gt;, as dxextract parse "
        "--format json writes them.</footer>\n"
        f"<script>{script}</script>\n</body>\n</html>\n")
    return total
