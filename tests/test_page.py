"""The page to share (`show --html`): parsed here in every run, and loaded in a real
headless Chromium where one is installed (no console errors, every record one highlighted
span, the record on focus, filters, jumps, a phone's width, a screenshot).

Reports are untrusted: a report holding `<img src=x onerror=alert(1)>` or `</script>`
must show as text and run nothing.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import Browser, chromium
from conftest import SEEDS
from test_inputs import messages
from test_cli import dx_here, no_temp_files

HOSTILE = ("Tỉnh Hòa Bình năm 2023.\n"
           "<img src=x onerror=alert(1)> </script><script>alert(2)</script> đạt 55%.\n"
           "\"><svg onload=alert(3)> có 1.482 Tổ công nghệ số & <!-- x --> ]]> {{7*7}}\n"
           "<style>body{display:none}</style><a href=\"javascript:alert(4)\">x</a> đạt 76,2%.\n")


class PageParser(HTMLParser):
    """Collects what the tests check: tags seen, each mark's own text (its tooltip left
    out), the JSON blocks, the table rows, the CSP, the style and the script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.marks: dict[str, list[str]] = {}  # "section:i" -> text pieces
        self.open_marks: list[str] = []
        self.in_tip = 0
        self.section = ""
        self.json_blocks: dict[str, str] = {}
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.rows: dict[str, int] = {}
        self.csp = ""
        self._capture: tuple[str, str] | None = None
        self.attrs_seen: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs_seen.append((tag, name, value or ""))
        if self.in_tip:
            if tag == "span":
                self.in_tip += 1
            return
        if tag == "section":
            self.section = a["id"]
        elif tag == "mark":
            key = f"{self.section}:{a['data-i']}"
            assert key not in self.marks, f"two marks for {key}"
            self.marks[key] = []
            self.open_marks.append(key)
        elif tag == "span" and "tip" in (a.get("class") or "").split():
            self.in_tip = 1
        elif tag == "script":
            self._capture = ("json", a["id"]) if a.get("type") == "application/json" else ("script", "")
        elif tag == "style":
            self._capture = ("style", "")
        elif tag == "tr" and a.get("id", "").startswith(self.section + "-r"):
            self.rows[self.section] = self.rows.get(self.section, 0) + 1
        elif tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a["content"]

    def handle_endtag(self, tag):
        if self.in_tip:
            if tag == "span":
                self.in_tip -= 1
            return
        if tag == "mark":
            self.open_marks.pop()
        elif tag in ("script", "style"):
            self._capture = None

    def handle_data(self, data):
        if self._capture:
            what, key = self._capture
            if what == "json":
                self.json_blocks[key] = self.json_blocks.get(key, "") + data
            elif what == "script":
                self.scripts.append(data)
            else:
                self.styles.append(data)
            return
        if not self.in_tip:
            for key in self.open_marks:
                self.marks[key].append(data)


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    page = folder / "report.html"
    seeds = [str(p) for p in SEEDS]
    done = dx_here("show", "--html", "-o", str(page), *seeds)
    assert (done.returncode, done.stdout, messages(done.stderr)) == (0, b"", b"")
    records = json.loads(dx_here("parse", "-f", "json", *seeds).stdout)
    return page, records


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-page")
    source = folder / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    page = folder / "hostile.html"
    done = dx_here("show", "--html", "-o", str(page), str(source))
    assert done.returncode == 0, done.stderr
    return page, json.loads(dx_here("parse", "-f", "json", str(source)).stdout)


def test_page_holds_every_record_of_the_json_output(seeds_page):
    page, records = seeds_page
    parsed = parse_page(page)
    embedded = [r for i in range(1, len(SEEDS) + 1)
                for r in json.loads(parsed.json_blocks[f"d{i}-records"])["records"]]
    assert embedded == records


def test_every_record_has_one_highlighted_span_with_its_text(seeds_page):
    page, records = seeds_page
    parsed = parse_page(page)
    for n, seed in enumerate(SEEDS, start=1):
        mine = [r for r in records if r["doc"] == str(seed)]
        marks = {k: "".join(v) for k, v in parsed.marks.items() if k.startswith(f"d{n}:")}
        assert len(marks) == len(mine) == parsed.rows[f"d{n}"]
        for i, record in enumerate(mine):
            assert marks[f"d{n}:{i}"] == unicodedata.normalize("NFC", record["text"]), (n, i, record)


def test_page_is_self_contained_with_a_strict_policy(seeds_page):
    page, _ = seeds_page
    parsed = parse_page(page)
    assert "default-src 'none'" in parsed.csp and "script-src 'sha256-" in parsed.csp
    assert len(parsed.scripts) == 1 and len(parsed.styles) == 1
    assert sha256(parsed.scripts[0]) in parsed.csp and sha256(parsed.styles[0]) in parsed.csp
    for tag, name, value in parsed.attrs_seen:
        assert name != "src" and not name.startswith("on"), (tag, name)
        if name == "href":
            assert value.startswith("#"), value  # links within the page only
        assert name != "style", tag  # no inline style attribute (the policy would refuse it)
    own = parsed.styles[0] + parsed.scripts[0]  # (the reports' text may well hold URLs: as text)
    assert "url(" not in own and "@import" not in own and "http" not in own and "fetch" not in own


def test_page_shows_each_reports_province_and_period(seeds_page):
    page, _ = seeds_page
    text = page.read_text(encoding="utf-8")
    for province, period in (("Hòa Bình", "2023"), ("Hải Dương", "2023-01/2023-10")):
        assert re.search(rf"province <b>{province}</b>.{{0,80}}period <b>{re.escape(period)}</b>", text), province


def test_hostile_report_is_text_in_the_page(hostile_page):
    page, records = hostile_page
    parsed = parse_page(page)
    assert not {"img", "svg", "iframe", "a"} & set(parsed.tags) - {"a"}
    assert parsed.tags.count("script") == 2  # the page's own script and the records' JSON
    assert parsed.tags.count("style") == 1
    assert not [v for t, n, v in parsed.attrs_seen if "javascript:" in v]
    block = parsed.json_blocks["d1-records"]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["records"] == records
    assert any("<img src=x onerror=alert(1)>" in (r["label"] or "") for r in records)
    raw = page.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw and "&lt;/script&gt;" in raw


def test_bad_inputs_among_several_are_named_and_the_page_holds_the_good(tmp_path):
    page = tmp_path / "report.html"
    done = dx_here("show", "-o", str(page), str(SEEDS[0]), str(tmp_path / "missing.txt"), str(SEEDS[1]))
    assert done.returncode == 1
    assert b"missing.txt" in done.stderr and done.stdout == b""
    parsed = parse_page(page)  # -o FILE.html chose the page
    assert set(parsed.json_blocks) == {"d1-records", "d2-records"}
    docs = [json.loads(b)["doc"] for b in parsed.json_blocks.values()]
    assert docs == [str(SEEDS[0]), str(SEEDS[1])]


def test_no_readable_input_leaves_the_old_page(tmp_path):
    page = tmp_path / "report.html"
    page.write_text("old")
    done = dx_here("show", "--html", "-o", str(page), str(tmp_path / "missing.txt"))
    assert done.returncode == 1 and page.read_text() == "old" and no_temp_files(tmp_path)


def test_only_keeps_some_kinds_and_nfd_reads_as_nfc(tmp_path):
    source = tmp_path / "nfd.txt"
    source.write_text(unicodedata.normalize("NFD", HOSTILE), encoding="utf-8")
    done = dx_here("show", "--html", "--only", "percent", str(source))
    assert done.returncode == 0
    page = tmp_path / "p.html"
    page.write_bytes(done.stdout)
    parsed = parse_page(page)
    records = json.loads(parsed.json_blocks["d1-records"])["records"]
    assert records and {r["kind"] for r in records} == {"percent"}
    raw = page.read_text(encoding="utf-8")
    assert "Tỉnh Hòa Bình" in raw  # the text, in NFC
    assert all(unicodedata.is_normalized("NFC", "".join(v)) for v in parsed.marks.values())


# --- in a real browser --------------------------------------------------------------------

needs_browser = pytest.mark.skipif(chromium() is None, reason="no Chromium installed")


@pytest.fixture(scope="module")
def browser():
    if chromium() is None:
        pytest.skip("no Chromium installed")
    with Browser() as b:
        yield b


MARKS_JS = """
(() => Array.from(document.querySelectorAll('section.doc')).map(section => {
  const records = JSON.parse(section.querySelector('script.records').textContent).records;
  const marks = Array.from(section.querySelectorAll('mark.v')).map(m => {
    const copy = m.cloneNode(true);
    copy.querySelectorAll('.tip').forEach(t => t.remove());
    return [Number(m.dataset.i), copy.textContent];
  });
  return {records: records.map(r => r.text.normalize('NFC')), marks: marks};
}))()
"""


@needs_browser
@pytest.mark.slow
def test_page_in_chromium(browser, seeds_page, tmp_path):
    page_file, records = seeds_page
    page = browser.open(page_file, width=1366, height=900)
    assert page.errors == []
    sections = page.evaluate(MARKS_JS)
    assert sum(len(s["records"]) for s in sections) == len(records)
    for section in sections:
        assert sorted(i for i, _ in section["marks"]) == list(range(len(section["records"])))
        for i, text in section["marks"]:
            assert text == section["records"][i]
    # Focusing a value shows its record.
    shown = page.evaluate("""(() => { const m = document.querySelector('mark.v'); m.focus();
        const tip = m.querySelector('.tip'); return [getComputedStyle(tip).display, tip.textContent]; })()""")
    assert shown[0] == "block" and "label" in shown[1] and "rule" in shown[1]
    # The keyboard: Tab reaches a value, Enter goes to its row, the row's link back to it.
    page.evaluate("document.activeElement.blur(); document.querySelector('#d1 .skip').focus()")
    page.key("Tab", "Tab", 9)
    focused = page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.id")
    assert focused == "MARK d1-v0"
    page.key("Enter", "Enter", 13)
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#d1-v0"
    page.key("Enter", "Enter", 13)
    assert page.evaluate("document.activeElement.id") == "d1-v0"
    # Filters: turning percent off hides percent rows and takes percent values out of Tab.
    hidden = page.evaluate("""(() => { const box = document.querySelector('input[value="k-percent"]');
        box.click();
        const rows = Array.from(document.querySelectorAll('tr.k-percent'));
        const marks = Array.from(document.querySelectorAll('mark.k-percent'));
        const others = Array.from(document.querySelectorAll('tr.k-count'));
        return [rows.length > 0 && rows.every(r => r.offsetParent === null),
                marks.every(m => m.tabIndex === -1), others.every(r => r.offsetParent !== null)]; })()""")
    assert hidden == [True, True, True]
    page.evaluate("document.querySelector('input[value=\"k-percent\"]').click()")
    assert page.errors == []
    shot = page.screenshot(tmp_path / "page.png")
    assert shot.stat().st_size > 10_000


@needs_browser
@pytest.mark.slow
def test_page_fits_a_phone_and_prints(browser, seeds_page, tmp_path):
    page = browser.open(seeds_page[0], width=390, height=844, mobile=True)
    assert page.errors == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    assert page.screenshot(tmp_path / "phone.png").stat().st_size > 10_000
    pdf = page.pdf(tmp_path / "page.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@needs_browser
@pytest.mark.slow
def test_hostile_report_runs_nothing_in_chromium(browser, hostile_page):
    page = browser.open(hostile_page[0], width=1000, height=700)
    assert page.errors == []  # no dialog, no refused script, no exception
    found = page.evaluate("""[document.querySelectorAll('img,svg,iframe,section a:not(.jump):not(.skip)').length,
        document.scripts.length, document.querySelector('#d1-text').innerText]""")
    assert found[0] == 0 and found[1] == 2
    assert "<img src=x onerror=alert(1)>" in found[2] and "</script><script>alert(2)</script>" in found[2]
    assert page.evaluate("getComputedStyle(document.body).display") == "block"
