"""Reports as they are published: PDF, DOCX and saved web pages (dxextract/sources/).

The same report as .txt, .docx (python-docx), .html (a portal page) and .pdf (LibreOffice,
committed with the script that made it: tests/fixtures/report.py) gives the same records;
the PDF's records carry their pages; page furniture, menus and counters give none; bad and
hostile files are one line on stderr each, and the other inputs are still read.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from dxextract.pipeline import read_document
from dxextract.reader import InputError
from dxextract.records import CSV_COLUMNS
from dxextract.sources import blocks_of, detect, extracted_text, input_format, isolated, open_source, pdf
from dxextract.sources.common import Extracted
from conftest import dxextract_in_process
from fixtures import report
from test_inputs import messages, split_numbers_line

DX = Path(sys.executable).parent / "dxextract"
FORMATS = ("txt", "docx", "html", "pdf")
# What a record says, apart from where it comes from (doc, page).
SAME = ("start", "end", "line", "col", "text", "kind", "value", "total", "unit", "qualifier", "role", "label",
        "scope", "indicator", "rule")


def dx(*args: str) -> subprocess.CompletedProcess:
    """The command in-process: where a check is not about the process (its standard input,
    its worker processes), a start-up costs more than reading the four small reports."""
    return dxextract_in_process(list(args))


def dx_process(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """The installed command, where its standard input or the workers it starts are the matter."""
    return subprocess.run([str(DX), *args], input=stdin, capture_output=True, timeout=300)


def records_of(path: Path, extractor, **how) -> tuple[list, object]:
    document = read_document(extractor, str(path), **how)
    return list(document.records), document.context


@pytest.fixture(scope="module")
def by_format(report_files, extractor) -> dict:
    return {kind: records_of(path, extractor) for kind, path in report_files.items()}


# -- one report, four formats -------------------------------------------------------------


def test_every_format_gives_the_text_of_the_txt_report(report_files):
    expected = report_files["txt"].read_text(encoding="utf-8")
    for kind in FORMATS:
        assert "".join(extracted_text(str(report_files[kind]))) == expected, kind


def test_a_pdf_set_tight_reads_the_same(report_files, by_format, extractor):
    """13 pt, single-spaced, no space between paragraphs, first lines indented: paragraphs end
    at the indent, and a capital's tone mark reaching into the line above stays on its line."""
    assert "".join(extracted_text(str(report.TIGHT_PDF))) == report_files["txt"].read_text(encoding="utf-8")
    records, _ = records_of(report.TIGHT_PDF, extractor)
    assert [tuple(getattr(r, f) for f in SAME) for r in records] == [
        tuple(getattr(r, f) for f in SAME) for r in by_format["txt"][0]]


def test_the_same_report_gives_the_same_records_in_every_format(by_format):
    reference = [tuple(getattr(r, f) for f in SAME) for r in by_format["txt"][0]]
    assert len(reference) >= 60
    kinds = {r[SAME.index("kind")] for r in reference}
    assert {"percent", "count", "length", "money", "fraction", "rank", "measure", "multiple"} <= kinds
    table = [r for r in reference if r[SAME.index("rule")] == "table.cells"]
    assert {(r[SAME.index("label")], r[SAME.index("value")], r[SAME.index("unit")]) for r in table} >= {
        ("Tỷ lệ thanh toán trực tuyến", 52.8, "%"), ("Cáp quang", 8231, "km"), ("Trạm BTS", 1830, "trạm")}
    for kind in FORMATS:
        records, _ = by_format[kind]
        assert [tuple(getattr(r, f) for f in SAME) for r in records] == reference, kind


def test_context_is_the_same_and_the_web_page_gives_its_own_date(by_format):
    contexts = {kind: by_format[kind][1] for kind in FORMATS}
    assert {c.province for c in contexts.values()} == {"Hòa Bình"}
    assert contexts["html"].date == "2023-12-05"
    assert contexts["txt"] == contexts["docx"] == contexts["pdf"]


def test_only_pdf_records_have_pages(by_format):
    for kind in ("txt", "docx", "html"):
        assert {r.page for r in by_format[kind][0]} == {None}
    assert {r.page for r in by_format["pdf"][0]} == {1, 2, 3, 4}


def test_each_pdf_record_stands_on_its_page(by_format):
    """The value with its neighbours is on the page the record names, in PDFium's own text of
    that page; the paragraph that runs from page 3 onto page 4 splits between them."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(report.PDF))
    pages = [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    text = "".join(extracted_text(str(report.PDF)))
    for r in by_format["pdf"][0]:
        line_start = text.rfind("\n", 0, r.start) + 1
        line_end = text.find("\n", r.end)
        near = " ".join(text[max(line_start, r.start - 12):min(line_end, r.end + 12)].split())
        others = [i + 1 for i, page in enumerate(pages) if near in page]
        assert others == [r.page], (r.text, near, others)
    long_line = text.index("Tại huyện Lương Sơn"), text.index("\n", text.index("Tại huyện Lương Sơn"))
    crossing = [r for r in by_format["pdf"][0] if long_line[0] <= r.start < long_line[1]]
    assert {r.page for r in crossing} == {3, 4}


def test_running_headers_footers_and_page_numbers_are_not_text(report_files, by_format):
    for kind in ("pdf", "docx"):
        text = "".join(extracted_text(str(report_files[kind])))
        assert report.HEADER not in text and "Trang" not in text, kind
    assert not any(r.text in ("1", "2", "3", "4") for r in by_format["pdf"][0])


def test_portal_furniture_is_not_text(report_files, by_format):
    text = "".join(extracted_text(str(report_files["html"])))
    for furniture in ("Trang chủ", "Lượt xem", "Chia sẻ", "Thích", "Tin liên quan", "Online", "Thống kê",
                      "Đánh giá", "Điện thoại", "200 trạm"):
        assert furniture not in text, furniture
    assert len(by_format["html"][0]) == len(by_format["txt"][0])


# -- the command line -----------------------------------------------------------------------


def test_parse_reads_every_format_in_one_run_with_page_last(report_files):
    paths = [str(report_files[k]) for k in FORMATS]
    done = dx("parse", *paths)
    assert (done.returncode, messages(done.stderr)) == (0, b"")
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"))))
    assert rows[0] == list(CSV_COLUMNS) and rows[0][-3:] == ["province", "period", "page"]
    by_doc: dict[str, list] = {}
    for row in rows[1:]:
        by_doc.setdefault(row[0], []).append(row)
    assert list(by_doc) == paths
    page = rows[0].index("page")
    assert {row[page] for path in paths[:3] for row in by_doc[path]} == {""}
    assert {row[page] for row in by_doc[paths[3]]} == {"1", "2", "3", "4"}
    strip = [[c for i, c in enumerate(row) if i not in (0, page, rows[0].index("period"))] for row in by_doc[paths[0]]]
    for path in paths[1:]:
        assert [[c for i, c in enumerate(row) if i not in (0, page, rows[0].index("period"))]
                for row in by_doc[path]] == strip


def test_text_prints_what_the_offsets_point_into(report_files):
    for kind in FORMATS:
        path = str(report_files[kind])
        text = dx("text", path)
        assert (text.returncode, text.stderr) == (0, b""), kind
        extracted = text.stdout.decode("utf-8")
        records = [json.loads(line) for line in dx("parse", "-f", "jsonl", path).stdout.splitlines()]
        assert records and all(extracted[r["start"]:r["end"]] == r["text"] for r in records), kind
        lines = extracted.split("\n")
        assert all(lines[r["line"] - 1][r["col"] - 1:].startswith(r["text"]) for r in records), kind


def test_show_works_on_a_pdf(report_files):
    done = dx("show", "--only", "percent", str(report_files["pdf"]))
    assert done.returncode == 0, done.stderr
    assert "76,2%" in done.stdout.decode("utf-8")


def test_magic_bytes_decide_before_the_extension(report_files, tmp_path):
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes(report.PDF.read_bytes())
    docx_as_bin = tmp_path / "minutes.bin"
    docx_as_bin.write_bytes(report_files["docx"].read_bytes())
    html_as_aspx = tmp_path / "page.aspx"
    html_as_aspx.write_bytes(report_files["html"].read_bytes())
    expected = report_files["txt"].read_text(encoding="utf-8")
    for path in (pdf_as_txt, docx_as_bin, html_as_aspx):
        assert "".join(extracted_text(str(path))) == expected, path
    assert open_source(str(pdf_as_txt)).format == "pdf"


def test_input_format_forces_one(report_files, tmp_path):
    page = tmp_path / "page.aspx"
    page.write_text("Lưu từ cổng thông tin\n" + report_files["html"].read_text(encoding="utf-8"), "utf-8")
    assert open_source(str(page)).format == "text"  # not markup first, an unknown extension: text
    assert open_source(str(page), forced="html").format == "html"
    done = dx("parse", "--input-format", "html", str(page))
    assert done.returncode == 0 and b"Tin li" not in done.stdout
    forced_text = dx("text", "--input-format", "text", str(report_files["html"]))
    assert forced_text.stdout.startswith(b"<!DOCTYPE html>")
    wrong = dx("parse", "--input-format", "pdf", str(report_files["txt"]))
    assert wrong.returncode == 1
    assert wrong.stderr.decode() == (f"dxextract: {report_files['txt']}: not a PDF file: it holds plain text "
                                     "(renamed?) (forced with --input-format)\n")
    unknown = dx("parse", "--input-format", "odt", str(report_files["txt"]))
    assert unknown.returncode == 2 and b"unknown input format 'odt'" in unknown.stderr
    assert input_format("TXT") == "text" and input_format("auto") is None


def test_stdin_is_read_by_what_it_is(report_files):
    for kind in ("pdf", "docx", "html"):
        done = dx_process("text", "-", stdin=report_files[kind].read_bytes())
        assert done.stdout.decode("utf-8") == report_files["txt"].read_text(encoding="utf-8"), kind
    done = dx_process("parse", "-f", "jsonl", "-", stdin=report.PDF.read_bytes())
    assert {json.loads(line)["page"] for line in done.stdout.splitlines()} == {1, 2, 3, 4}


# -- bad and hostile files ------------------------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_document_xml(good: Path, target: Path, xml: str) -> Path:
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, xml if item.filename == "word/document.xml" else zin.read(item.filename))
    return target


@pytest.fixture(scope="module")
def bad_files(report_files, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """name → (file, the reason its one stderr line gives)."""
    folder = tmp_path_factory.mktemp("bad")
    data = report.PDF.read_bytes()
    files = {}

    def add(name: str, content: bytes, reason: str) -> None:
        (folder / name).write_bytes(content)
        files[name] = (folder / name, reason)

    add("truncated.pdf", data[: len(data) // 2], "not a readable PDF (damaged or truncated)")
    files["encrypted.pdf"] = (report.ENCRYPTED_PDF, "the PDF is encrypted (password protected): decrypt it first")
    files["scan.pdf"] = (report.SCAN_PDF, "the PDF has no text layer (a scan?): it needs OCR first, "
                                          "e.g. ocrmypdf IN.pdf OUT.pdf")
    add("renamed.docx", "Biên bản họp: tỷ lệ đạt 76,2%.\n".encode(),
        "not a DOCX file: it holds plain text (renamed?); --input-format text reads it as text")
    add("renamed.pdf", "Ghi chú: 1.482 Tổ công nghệ số.\n".encode(),
        "not a PDF file: it holds plain text (renamed?); --input-format text reads it as text")
    add("empty.pdf", b"", "not a PDF file: the file is empty; --input-format text reads it as text")
    add("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "a Word or Excel 97-2003 file (.doc, .xls): save it as .docx first")
    add("menu.html", '<!DOCTYPE html><html><head><title>Trang chủ</title></head><body><nav><ul>'
        '<li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></nav>'
        '<footer>Thống kê: 284.006</footer></body></html>'.encode(),
        "no article found in the page (a menu or index page?)")
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    add("table.docx", sheet.getvalue(), "not a DOCX file: an Excel workbook, not a Word document")
    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            zeros = bytes(1 << 20)
            for _ in range(520):
                part.write(zeros)
    files["bomb.docx"] = (bomb, "unpacks to 520 MB (over 512 MB, a zip bomb?): refused")
    deep = f"<w:document {W_NS}><w:body>" + "<w:p>" * 50_000 + "</w:p>" * 50_000 + "</w:body></w:document>"
    files["deep.docx"] = (_with_document_xml(report_files["docx"], folder / "deep.docx", deep),
                          "the document's XML is malformed or hostile (Excessive depth")
    entities = "".join(f'<!ENTITY e{i} "' + (f"&e{i - 1};" if i else "ha") * 10 + '">' for i in range(12))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document {W_NS}><w:body><w:p><w:r>'
              "<w:t>&e11; 76,2%</w:t></w:r></w:p></w:body></w:document>")
    files["laughs.docx"] = (_with_document_xml(report_files["docx"], folder / "laughs.docx", laughs),
                            "the document's XML is malformed or hostile (")
    return files


def test_each_bad_file_is_one_line_and_the_others_are_still_read(bad_files, report_files, tmp_path):
    bad_files = {**bad_files, "missing.pdf": (tmp_path / "missing.pdf", "no such file"),
                 "folder.docx": (tmp_path, "is a directory")}
    names = sorted(bad_files)
    paths = [str(bad_files[n][0]) for n in names]
    good = [str(report_files["pdf"]), str(report_files["docx"])]
    started = time.monotonic()
    done = dx("parse", "-f", "jsonl", paths[0], good[0], *paths[1:], good[1])
    assert time.monotonic() - started < 120
    assert done.returncode == 1
    errors, numbers = split_numbers_line(done.stderr.decode("utf-8"))
    errors = errors.splitlines()
    assert len(errors) == len(names) and numbers.startswith("dxextract: "), (errors, numbers)
    for name, line in zip(names, errors):
        path, reason = bad_files[name]
        assert line.startswith(f"dxextract: {path}: {reason}"), (name, line)
    docs = {json.loads(line)["doc"] for line in done.stdout.splitlines()}
    assert docs == set(good)


def test_every_format_and_bad_file_with_worker_processes_gives_the_same_output(bad_files, report_files):
    """One run with workers reads each format (twice, to spread the reports over both workers)
    and fails on each bad file as the single-process run does: same records, same lines on
    stderr, same exit code."""
    paths = [str(bad_files[n][0]) for n in sorted(bad_files)] + [str(report_files[k]) for k in FORMATS] * 2
    one = dx("parse", "-f", "jsonl", *paths)
    two = dx_process("parse", "-f", "jsonl", "--jobs", "2", *paths)
    assert one.returncode == 1 and len(one.stdout.splitlines()) >= 4 * 2 * 60
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    wide = dx_process("parse", "--wide", "--jobs", "2", *paths[-4:])
    assert wide.returncode == 0 and len(wide.stdout.decode().splitlines()) == 5


def test_the_dask_path_reads_every_format(report_files):
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from dxextract import cluster, parallel
    from dxextract.writers import record_dict

    paths = [str(report_files[k]) for k in FORMATS]
    local = [record_dict(r, d.context) for d in parallel.documents(paths, jobs=1, on_error=pytest.fail)
             for r in d.records]
    assert {r["page"] for r in local} == {None, 1, 2, 3, 4}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", scheduler_port=0, dashboard_address=None) as lc:
        with distributed.Client(lc) as client:
            assert client.compute(cluster.records_bag(paths)).result() == local
            documents = cluster.run(paths, lc.scheduler_address, on_error=pytest.fail)
            assert [record_dict(r, d.context) for d in documents for r in d.records] == local


# -- limits ---------------------------------------------------------------------------------


def _hog():
    chunks = []
    while True:
        chunks.append(bytearray(64 << 20))


def _sleeper():
    time.sleep(60)


def _crash():
    os.abort()


def _spin():
    while True:
        pass


def _fine(x):
    return {"got": x}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the limits need fork")
def test_a_parser_that_eats_memory_or_time_or_crashes_is_stopped():
    assert isolated.run(_fine, 7, timeout=30, memory=256 << 20) == {"got": 7}
    with pytest.raises(isolated.SourceError, match="needs more than 256 MB of memory"):
        isolated.run(_hog, timeout=60, memory=256 << 20)
    started = time.monotonic()
    with pytest.raises(isolated.SourceError, match="took longer than 1 s to read"):
        isolated.run(_sleeper, timeout=1, memory=256 << 20)
    assert time.monotonic() - started < 10
    with pytest.raises(isolated.SourceError, match="crashed on this file .SIGABRT."):
        isolated.run(_crash, timeout=30, memory=256 << 20)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the limits need fork")
def test_a_parser_left_without_its_parent_is_stopped_by_the_kernel(monkeypatch):
    """The CPU limit holds in the child itself: a parser spinning past it is killed even if
    no parent kept the clock (here the parent's clock is set far later)."""
    monkeypatch.setattr(isolated, "_read_all", lambda fd, timeout: isolated.os.read(fd, 1) and b"")
    started = time.monotonic()
    with pytest.raises(isolated.SourceError, match="took longer than 1 s"):
        isolated.run(_spin, timeout=1, memory=256 << 20)
    assert time.monotonic() - started < 30


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the limits need fork")
def test_a_pdf_decompression_bomb_is_stopped_by_the_memory_cap(tmp_path, monkeypatch):
    """A page whose content stream of 600 kB inflates to 384 MB: PDFium inflates it whole; the
    child's memory cap (here 128 MB) stops it, and this process goes on."""
    import zlib

    stream = zlib.compressobj(1)
    packed = b"".join(stream.compress(b"0 0 m " * (1 << 20)) for _ in range(64)) + stream.flush()
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_with_content(packed))
    monkeypatch.setattr("dxextract.sources.common.MEMORY", 128 << 20)
    with pytest.raises(InputError) as caught:
        list(open_source(str(path)).blocks)
    assert str(caught.value).startswith(f"{path}: ")
    assert "memory" in str(caught.value)


def _pdf_with_content(packed: bytes) -> bytes:
    """A one-page PDF whose page content is `packed` (FlateDecode), with a correct xref."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# -- the pieces -----------------------------------------------------------------------------


def test_detect_reads_bytes_then_name():
    assert detect("a.txt", b"%PDF-1.7\n") == "pdf"
    assert detect("a.pdf", b"PK\x03\x04rest") == "docx"
    assert detect("a.txt", b"\xef\xbb\xbf<!-- saved -->\n<!DOCTYPE html><html>") == "html"
    assert detect("a.htm", "Báo cáo".encode()) == "html"
    assert detect("a.md", "Báo cáo".encode()) == "text"
    with pytest.raises(InputError, match="a.docx: not a DOCX file: it holds plain text"):
        detect("a.docx", "Báo cáo".encode())


def test_blocks_know_the_page_of_every_character():
    text = "một\nhai ba\nbốn năm sáu\n"
    extracted = Extracted(text, page_starts=(0, 4, 4, 11))  # page 2 holds no text: it starts where 3 does
    for size in (1, 3, 5, 100):
        blocks = list(blocks_of(extracted, block_chars=size))
        assert "".join(b.text for b in blocks) == text
        pages = [b.page_at(i) for b in blocks for i in range(len(b.text))]
        assert pages == [1] * 4 + [3] * 7 + [4] * 12, size


def _line(page: int, top: float, left: float, right: float, text: str) -> pdf.Line:
    return pdf.Line(page, [pdf.Cell(left, top - 10, right, top, text)])


def test_wrapped_lines_join_and_hyphenated_words_read_as_one():
    lines = [_line(1, 700, 70, 520, "Tỷ lệ hồ sơ trực tuyến trên Cổng dịch vụ công của tỉnh đạt 76,2%, trong đó chuyển"),
             _line(1, 688, 70, 521, "đổi số cấp xã được triển khai đồng bộ tại 151 xã, phường và thị trấn trong toàn tỉnh Hòa Bì\u00ad"),
             _line(1, 676, 70, 300, "nh, với 1.830 trạm BTS."),
             _line(1, 650, 70, 200, "Kết quả nổi bật"),
             _line(2, 760, 70, 519, "Doanh thu của các doanh nghiệp công nghệ số đạt 3.800 tỷ đồng, trong đó COVID-"),
             _line(2, 748, 70, 519, "19 không còn ảnh hưởng, xem https://baotintuc.vn/thoi-su/chuyen-doi-so-phuc-vu-"),
             _line(2, 736, 70, 300, "nguoi-dan.htm …")]
    extracted = pdf._assemble([lines[:4], lines[4:]])
    assert extracted.text.split("\n") == [
        "Tỷ lệ hồ sơ trực tuyến trên Cổng dịch vụ công của tỉnh đạt 76,2%, trong đó chuyển đổi số cấp xã được "
        "triển khai đồng bộ tại 151 xã, phường và thị trấn trong toàn tỉnh Hòa Bình, với 1.830 trạm BTS.",
        "Kết quả nổi bật",
        "Doanh thu của các doanh nghiệp công nghệ số đạt 3.800 tỷ đồng, trong đó COVID-19 không còn ảnh hưởng, "
        "xem https://baotintuc.vn/thoi-su/chuyen-doi-so-phuc-vu-nguoi-dan.htm …",
        ""]
    assert extracted.page_starts == (0, extracted.text.index("Doanh"))


def test_a_page_that_ends_mid_paragraph_runs_on_into_the_next():
    first = [_line(1, 700, 70, 520, "Toàn tỉnh có 1.482 Tổ công nghệ số cộng đồng cấp xóm với gần 13.000 thành viên,")]
    second = [_line(2, 760, 70, 300, "hỗ trợ người dân cài đặt ứng dụng.")]
    extracted = pdf._assemble([first, second])
    assert extracted.text.count("\n") == 1
    assert extracted.text[extracted.page_starts[1]:].startswith("hỗ trợ")


def test_a_first_line_indent_starts_a_paragraph_and_a_hanging_indent_does_not():
    lines = [_line(1, 700, 70, 520, "Toàn tỉnh có 1.482 Tổ công nghệ số cộng đồng cấp xóm với gần 13.000 thành viên"),
             _line(1, 686, 98, 520, "Hạ tầng số tiếp tục được đầu tư: 151/151 xã, phường, thị trấn có cáp quang đến"),
             _line(1, 672, 70, 300, "trung tâm xã."),
             _line(1, 658, 70, 520, "- Tỷ lệ hồ sơ trực tuyến trên Cổng dịch vụ công của tỉnh đạt 76,2%, trong đó cấp"),
             _line(1, 644, 80, 300, "xã đạt 68,2%."),
             _line(1, 630, 98, 300, "Kết quả nổi bật.")]
    assert pdf._assemble([lines]).text.split("\n") == [
        "Toàn tỉnh có 1.482 Tổ công nghệ số cộng đồng cấp xóm với gần 13.000 thành viên",
        "Hạ tầng số tiếp tục được đầu tư: 151/151 xã, phường, thị trấn có cáp quang đến trung tâm xã.",
        "- Tỷ lệ hồ sơ trực tuyến trên Cổng dịch vụ công của tỉnh đạt 76,2%, trong đó cấp xã đạt 68,2%.",
        "Kết quả nổi bật.", ""]


def test_page_numbers_are_told_from_a_last_word_alone_on_a_line():
    for text in ("3", "- 3 -", "Trang 3", "3/12", "Page 3 of 12", "[3]"):
        assert pdf._is_page_number(text, 12), text
    for text in ("2024", "76,2%", "1.482", "3 xã", "Trang 300"):
        assert not pdf._is_page_number(text, 12), text


def test_page_numbers_and_repeated_headers_are_dropped():
    def page(number: int, body: str) -> list[pdf.Line]:
        lines = [_line(number, 770, 70, 400, f"Báo cáo số {100 + number}/BC-UBND"),
                 _line(number, 600, 70, 300, body), _line(number, 40, 290, 300, f"- {number} -")]
        for line in lines:
            line.where = line.top / 792
        return lines

    pages = [page(1, "Đạt 76,2%."), page(2, "Đạt 45%.")]
    pdf._drop_furniture(pages)
    assert [[line.text for line in p] for p in pages] == [["Đạt 76,2%."], ["Đạt 45%."]]


# -- DOCX and HTML structure ------------------------------------------------------------------


def test_docx_merged_cells_breaks_and_tracked_deletions(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Kết quả (ĐVT: %)")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Chỉ tiêu", "Năm 2023", ""], ["Tỷ lệ hồ sơ trực tuyến", "76,2", ""],
                             ["Tỷ lệ thanh toán trực tuyến", "52,8", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))  # a heading over two columns: one cell
    lines = document.add_paragraph("Toàn tỉnh có 1.482 Tổ công nghệ số")
    lines.add_run().add_break()  # a manual line break: a line of its own
    lines.add_run("với gần 13.000 thành viên.")
    deleted = document.add_paragraph("Tỷ lệ đạt ")
    deleted._p.append(parse_xml(
        '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="1" w:author="A">'
        '<w:r><w:delText>45%</w:delText></w:r></w:del>'))
    deleted.add_run("60%.")
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert "".join(extracted_text(str(path))).split("\n") == [
        "Kết quả (ĐVT: %)", "Chỉ tiêu\tNăm 2023", "Tỷ lệ hồ sơ trực tuyến\t76,2\t", "Tỷ lệ thanh toán trực tuyến\t52,8\t",
        "Toàn tỉnh có 1.482 Tổ công nghệ số", "với gần 13.000 thành viên.", "Tỷ lệ đạt 60%.", ""]


def test_a_web_page_date_is_the_one_it_states_for_itself(report_files, tmp_path):
    page = report_files["html"].read_text(encoding="utf-8")
    page = page.replace('<meta property="article:published_time" content="2023-12-05T16:45:00+07:00">\n', "")
    dateline_only = tmp_path / "dateline.html"
    dateline_only.write_text(page, encoding="utf-8")
    assert open_source(str(dateline_only)).date == "2023-12-05"  # the "05/12/2023 16:45" under the title
    for stamp in ('<span class="date">05/12/2023 16:45</span>', "Thứ ba, 05/12/2023", " (01/12/2023)",
                  " (28/11/2023)", " (20/11/2023)", " ngày 20/3/2020"):
        page = page.replace(stamp, "")
    undated = tmp_path / "undated.html"
    undated.write_text(page, encoding="utf-8")  # the article's own dates ("ngày 05 tháng 12") are not the page's
    assert open_source(str(undated)).date is None


def _children(pid: int) -> list[int]:
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in done.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir() or not shutil.which("pgrep"), reason="reads the process table")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_pdfs_are_read_leaves_no_process_behind(tmp_path, jobs):
    import signal

    paths = []
    for i in range(40):
        paths.append(tmp_path / f"r{i}.pdf")
        paths[-1].write_bytes(report.PDF.read_bytes())
    run = subprocess.Popen([str(DX), "parse", "--jobs", jobs, *map(str, paths)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None:  # until a reading child is there
        kids = _children(run.pid)
        readers = kids if jobs == "1" else [g for k in kids for g in _children(k)]
        seen.update(kids + readers)
        if readers:
            break
        time.sleep(0.005)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    time.sleep(0.5)
    assert seen and not [pid for pid in seen if _alive(pid)]
