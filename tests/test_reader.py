"""reader.py: bytes → text, offsets and (line, col) exact, memory bounded."""
from __future__ import annotations

import bisect
import codecs
import errno
import io
import os
import pickle
import random
import re
import sys
import time
import tracemalloc
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dxextract import reader
from dxextract.reader import Block, InputError, read_blocks

from conftest import cp1258_form

VI = "Tỷ lệ hồ sơ trực tuyến đạt 76,2%"
HB = "Hòa Bình"
DOC = f"{VI} (cấp tỉnh 68,2%).\n{HB}: 1.482 Tổ công nghệ số, 151/151 xã.\n"


def positions(text: str) -> list[tuple[int, int]]:
    """Reference (line, col) of every position 0..len(text), walking character by character."""
    out, line, col = [], 1, 1
    for k, ch in enumerate(text):
        out.append((line, col))
        if ch == "\n" or (ch == "\r" and text[k + 1 : k + 2] != "\n"):
            line, col = line + 1, 1
        else:
            col += 1
    out.append((line, col))
    return out


def check_blocks(blocks: list[Block], text: str, limit: int, every_char: bool = True) -> None:
    """Blocks tile the text; offsets, lines, columns and locate() agree with the reference."""
    assert "".join(b.text for b in blocks) == text
    ref = positions(text) if every_char else None
    starts = [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def where(o: int) -> tuple[int, int]:
        if ref is not None:
            return ref[o]
        k = bisect.bisect_right(starts, o)
        return (k + 1, o - starts[k - 1] + 1) if k else (1, o + 1)

    offset = 0
    for n, b in enumerate(blocks):
        assert b.text, "no empty blocks"
        assert b.offset == offset
        assert (b.line, b.col) == where(offset)
        end = offset + len(b.text)
        assert text[end - 1 : end + 1] != "\r\n", "never between \\r and \\n"
        assert len(b.text) <= 4 * limit + 2
        if len(b.text) > limit:  # only a single long line may exceed the budget
            assert not re.search(r"[\r\n]", b.text.rstrip("\r\n"))
        at_boundary = end == len(text) or text[end - 1] in "\r\n"
        if not at_boundary:  # cut mid-line: only inside a line longer than 4 × budget
            line_start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
            line_end = min(i for i in (text.find("\n", end), text.find("\r", end), len(text)) if i >= 0)
            assert line_end - line_start > 4 * limit
        probe = range(len(b.text) + 1) if every_char else {0, len(b.text) // 2, len(b.text) - 1, len(b.text)}
        for i in probe:
            assert b.locate(i) == where(offset + i), (n, i)
        offset = end


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# --- encodings ---------------------------------------------------------------------------

ENCODED = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "cp1258": lambda t: cp1258_form(t).encode("cp1258"),
}


@pytest.mark.parametrize("form", ENCODED)
def test_each_encoding_round_trips(tmp_path, form):
    path = write(tmp_path, "doc.txt", ENCODED[form](DOC))
    blocks = list(read_blocks(path))
    text = "".join(b.text for b in blocks)
    expected = cp1258_form(DOC) if form == "cp1258" else DOC
    assert text == expected
    assert unicodedata.normalize("NFC", text) == DOC
    assert blocks[0].offset == 0 and text[0] == "T"  # the BOM is neither kept nor counted
    start = text.index("76,2%")
    assert text[start : start + 5] == "76,2%"
    check_blocks(blocks, expected, 1 << 20)


def test_cp1258_keeps_combining_tone_marks(tmp_path):
    path = write(tmp_path, "doc.txt", cp1258_form(HB).encode("cp1258"))
    (block,) = read_blocks(path)
    assert block.text == "Ho\u0300a Bi\u0300nh"  # as Python decodes it, not NFC
    assert block.locate(3) == (1, 4)  # the mark is a code point of its own


@pytest.mark.parametrize(
    "forced, data, expected",
    [
        ("utf-16", "\ufeffHòa Bình".encode("utf-16"), HB),
        ("cp1258", cp1258_form(VI).encode("cp1258"), cp1258_form(VI)),
        ("windows-1258", "76,2%".encode("cp1258"), "76,2%"),
        ("utf-8", codecs.BOM_UTF8 + VI.encode(), VI),  # the BOM is still dropped
        ("utf-16-le", "Tỷ lệ\r\n".encode("utf-16-le"), "Tỷ lệ\r\n"),  # no BOM needed when forced
    ],
)
def test_forced_encoding(tmp_path, forced, data, expected):
    path = write(tmp_path, "doc.txt", data)
    assert "".join(b.text for b in read_blocks(path, encoding=forced)) == expected


def test_nfd_text_kept_as_is(tmp_path):
    nfd = unicodedata.normalize("NFD", DOC)
    assert nfd != DOC
    path = write(tmp_path, "nfd.txt", nfd.encode())
    blocks = list(read_blocks(path, block_chars=16))
    assert "".join(b.text for b in blocks) == nfd
    check_blocks(blocks, nfd, 16)


# --- lines and columns ---------------------------------------------------------------------


def locate(blocks: list[Block], offset: int) -> tuple[int, int]:
    (b,) = [b for b in blocks if b.offset <= offset < b.offset + len(b.text)]
    return b.locate(offset - b.offset)


@pytest.mark.parametrize("nl", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("block_chars", [1 << 20, 16])
def test_line_endings_locate(tmp_path, nl, block_chars):
    text = nl.join([VI, HB, "", "Toàn tỉnh có 1.482 Tổ công nghệ số", "đạt 76,2%"]) + nl
    path = write(tmp_path, "doc.txt", text.encode())
    blocks = list(read_blocks(path, block_chars=block_chars))
    assert "".join(b.text for b in blocks) == text
    assert locate(blocks, 0) == (1, 1)
    assert locate(blocks, text.index("76,2%")) == (1, 28)
    assert locate(blocks, text.index("Hòa")) == (2, 1)
    assert locate(blocks, text.index("Bình")) == (2, 5)
    assert locate(blocks, text.index("1.482")) == (4, 14)
    assert locate(blocks, text.rindex("76,2%")) == (5, 5)
    assert locate(blocks, len(VI)) == (1, len(VI) + 1)  # the line break sits at the line's end
    if nl == "\r\n":
        assert locate(blocks, len(VI) + 1) == (1, len(VI) + 2)  # \n of \r\n: same line
    check_blocks(blocks, text, block_chars)


def test_mixed_line_endings_and_unicode_separators(tmp_path):
    text = "a\r\nb\rc\nd\r\re\n\r\u2028f\x0cg\x85h"  # U+2028, \f, NEL: not line breaks here
    blocks = list(read_blocks(write(tmp_path, "m.txt", text.encode())))
    (b,) = blocks
    assert [b.locate(text.index(c)) for c in "abcdefgh"] == [
        (1, 1), (2, 1), (3, 1), (4, 1), (6, 1), (8, 2), (8, 4), (8, 6)
    ]


def test_locate_bounds():
    b = Block("ab\n", offset=10, line=3)
    assert b.locate(3) == (4, 1)
    with pytest.raises(IndexError):
        b.locate(4)
    with pytest.raises(IndexError):
        b.locate(-1)


# --- blocks ---------------------------------------------------------------------------------

WORDS = (
    "Tỷ lệ hồ sơ trực tuyến đạt 76,2% Hòa Bình 1.482 Tổ công nghệ số cộng đồng cấp xóm "
    "151/151 xã có cáp quang 8.231 km đứng thứ 13/63 3.800 tỷ đồng chuyển đổi số"
).split()


def generated(size: int, seed: int, transform=lambda s: s) -> str:
    rng = random.Random(seed)
    words = [transform(w) for w in WORDS]
    lines, total = [], 0
    while total < size:
        line = "" if rng.random() < 0.1 else " ".join(rng.choices(words, k=rng.randint(1, 14)))
        line += rng.choice(["\n", "\r\n", "\r"])
        lines.append(line)
        total += len(line)
    return "".join(lines)


@pytest.mark.slow  # tens of thousands of blocks, each checked
@pytest.mark.parametrize(
    "form, encode, transform",
    [
        ("utf-8", lambda t: t.encode(), lambda s: s),
        ("utf-16-be BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), lambda s: s),
        ("cp1258", lambda t: t.encode("cp1258"), cp1258_form),
    ],
)
def test_many_small_blocks_of_a_multi_megabyte_file(tmp_path, form, encode, transform):
    text = generated(2_500_000, seed=7, transform=transform)
    path = write(tmp_path, "big.txt", encode(text))
    blocks = list(read_blocks(path, block_chars=64))
    assert len(blocks) > 30_000
    check_blocks(blocks, text, 64, every_char=False)


def test_prefers_a_paragraph_break_in_the_last_quarter(tmp_path):
    para1 = "x" * 80 + "\n" + "y" * 5 + "\n\n"  # blank line ends at 88, in the last quarter of 100
    text = para1 + "z" * 5 + "\n" + "w" * 50 + "\n"
    blocks = list(read_blocks(write(tmp_path, "p.txt", text.encode()), block_chars=100))
    assert blocks[0].text == para1
    assert blocks[1].line == 4
    # A blank line earlier than the last quarter is not preferred to the last line break.
    text = "a\n\n" + "b" * 80 + "\n" + "c" * 30 + "\n"
    blocks = list(read_blocks(write(tmp_path, "q.txt", text.encode()), block_chars=100))
    assert blocks[0].text == "a\n\n" + "b" * 80 + "\n"


def test_line_up_to_four_budgets_stays_whole(tmp_path):
    long_line = ("từ " * 30)[:80]  # exactly 4 × 20
    text = "đầu\n" + long_line + "\r\nkết thúc\n"
    blocks = list(read_blocks(write(tmp_path, "l.txt", text.encode()), block_chars=20))
    assert [b.text for b in blocks] == ["đầu\n", long_line + "\r\n", "kết thúc\n"]
    check_blocks(blocks, text, 20)


def test_long_line_across_reads_and_at_the_end_stays_whole(tmp_path):
    long_line = "từ " * 100_000  # 300 000 characters: longer than a read, shorter than 4 budgets
    text = "đầu\n" + long_line + "\nkết\n" + long_line
    blocks = list(read_blocks(write(tmp_path, "l.txt", text.encode()), block_chars=100_000))
    assert [b.text for b in blocks] == ["đầu\n", long_line + "\n", "kết\n", long_line]
    assert [b.line for b in blocks] == [1, 2, 3, 4]


def test_longer_line_is_split_at_spaces_with_correct_columns(tmp_path):
    words = " ".join(f"{n},5%" for n in range(200))  # about 1 200 characters on one line
    text = "Báo cáo\n" + words + "\nHết\n"
    blocks = list(read_blocks(write(tmp_path, "l.txt", text.encode()), block_chars=50))
    mid = [b for b in blocks if b.col > 1]
    assert len(mid) > 10 and all(b.line == 2 for b in mid)
    assert all(b.text[-1] == " " for b in blocks[1:-2])  # cut after a space
    assert locate(blocks, text.index("150,5%")) == (2, words.index("150,5%") + 1)
    assert blocks[-1].text == "Hết\n" and blocks[-1].line == 3 and blocks[-1].col == 1
    check_blocks(blocks, text, 50)


def test_spaceless_line_is_cut_but_not_before_a_combining_mark(tmp_path):
    text = unicodedata.normalize("NFD", "ệ" * 100)  # e, dot below, circumflex: 300 code points
    blocks = list(read_blocks(write(tmp_path, "n.txt", text.encode()), block_chars=16))
    assert len(blocks) > 1
    assert all(b.text[0] == "e" for b in blocks)
    check_blocks(blocks, text, 16)


def test_nul_bytes_in_text_are_kept(tmp_path):
    text = (DOC * 20).replace("76,2%", "76,2%\x00", 3)
    blocks = list(read_blocks(write(tmp_path, "nul.txt", text.encode())))
    assert "".join(b.text for b in blocks) == text
    assert "".join(b.text for b in blocks).count("\x00") == 3


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_file_yields_no_blocks(tmp_path, data):
    assert list(read_blocks(write(tmp_path, "empty.txt", data))) == []


def test_final_lone_cr_and_no_final_newline(tmp_path):
    for text in ["a\rb\r", "a\r\nb", "\r", "\n\n"]:
        blocks = list(read_blocks(write(tmp_path, "e.txt", text.encode()), block_chars=1))
        check_blocks(blocks, text, 1)


# --- stdin ----------------------------------------------------------------------------------


class Pipe(io.RawIOBase):
    """A byte stream that, like a pipe, cannot seek."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buf):
        return self._data.readinto(buf)


@pytest.mark.parametrize("seekable", [True, False])
def test_stdin(monkeypatch, seekable):
    data = codecs.BOM_UTF16_LE + (DOC * 300).encode("utf-16-le")
    raw = io.BytesIO(data) if seekable else io.BufferedReader(Pipe(data))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
    blocks = list(read_blocks("-", block_chars=100))
    check_blocks(blocks, DOC * 300, 100, every_char=False)


def test_stdin_errors_name_the_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Pipe(bytes(range(256)) * 8))))
    with pytest.raises(InputError) as e:
        list(read_blocks("-"))
    assert str(e.value) == "-: binary file, not text"


# --- errors ---------------------------------------------------------------------------------


def first_error(path: str, **kw) -> InputError:
    it = read_blocks(path, **kw)  # lazy: nothing happens until the first next()
    with pytest.raises(InputError) as e:
        next(it)
    return e.value


def test_missing_file(tmp_path):
    path = str(tmp_path / "a.txt")
    e = first_error(path)
    assert str(e) == f"{path}: no such file" and (e.path, e.reason) == (path, "no such file")


def test_directory(tmp_path):
    path = str(tmp_path) + "/"
    assert str(first_error(path)) == f"{path}: is a directory"


def test_unreadable_file(tmp_path):
    path = write(tmp_path, "y.txt", DOC.encode())
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        assert str(first_error(path)) == f"{path}: permission denied"
    finally:
        os.chmod(path, 0o644)


def test_permission_denied_mapped(monkeypatch):
    def denied(path, mode):
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(reader, "open", denied, raising=False)
    assert str(first_error("y.txt")) == "y.txt: permission denied"


def test_io_error_while_reading(monkeypatch):
    class Failing(io.BytesIO):
        def read(self, n=-1):
            if self.tell() >= 9000:
                raise OSError(errno.EIO, "Input/output error")
            return super().read(n)

    monkeypatch.setattr(reader, "open", lambda path, mode: Failing(DOC.encode() * 200), raising=False)
    assert str(first_error("d.txt")) == "d.txt: input/output error"


@pytest.mark.parametrize(
    "data, hint",
    [
        (bytes(range(256)) * 40, ""),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(random.Random(1).randbytes(9000)), ""),
        # UTF-16 without a BOM cannot be told from binary for sure: say what it looks like
        ("Tỷ lệ 76,2%\n".encode("utf-16-le") * 50, " (looks like UTF-16 without a BOM: try --encoding utf-16-le)"),
        ("Tỷ lệ 76,2%\n".encode("utf-16-be") * 50, " (looks like UTF-16 without a BOM: try --encoding utf-16-be)"),
    ],
)
def test_binary(tmp_path, data, hint):
    path = write(tmp_path, "x.bin", data)
    assert str(first_error(path)) == f"{path}: binary file, not text{hint}"


def test_binary_judged_after_the_bom_and_on_characters(tmp_path):
    text = "Tỷ lệ 76,2%\n" * 50
    path = write(tmp_path, "u16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert "".join(b.text for b in read_blocks(path)) == text
    path = write(tmp_path, "u16-nobom.txt", text.encode("utf-16-le"))
    assert "".join(b.text for b in read_blocks(path, encoding="utf-16-le")) == text


def test_unknown_encoding(tmp_path):
    path = write(tmp_path, "z.txt", DOC.encode())
    assert str(first_error(path, encoding="latin-9000")) == f"{path}: unknown encoding latin-9000"
    assert str(first_error(path, encoding="base64")) == f"{path}: unknown encoding base64"


def test_forced_wrong_encoding(tmp_path):
    data = DOC.encode()
    path = write(tmp_path, "z.txt", data)
    at = next(i for i, byte in enumerate(data) if byte >= 0x80)
    assert str(first_error(path, encoding="ascii")) == (
        f"{path}: cannot decode as ascii at byte {at} (forced with --encoding)"
    )
    path = write(tmp_path, "w.txt", cp1258_form(VI).encode("cp1258"))  # b"Ty\xd2 ": \xd2 lacks its 2nd byte
    assert str(first_error(path, encoding="utf-8")) == (
        f"{path}: cannot decode as utf-8 at byte 2 (forced with --encoding)"
    )
    path = write(tmp_path, "odd.txt", b"a\x00b\x00c\x00d")  # odd length: truncated UTF-16
    assert str(first_error(path, encoding="utf-16-le")) == (
        f"{path}: cannot decode as utf-16-le at byte 6 (forced with --encoding)"
    )
    path = write(tmp_path, "v.txt", data)
    assert str(first_error(path, encoding="utf-16")) == (  # no BOM to say the byte order
        f"{path}: cannot decode as utf-16 at byte 0 (forced with --encoding)"
    )


def test_decode_error_offset_across_a_chunk_boundary(tmp_path):
    chunk = reader._CHUNK
    data = b"a" * (chunk - 1) + "ệ".encode() + b"bc\xffx\n"  # ệ straddles the first chunk's end
    path = write(tmp_path, "c.txt", data)
    assert str(first_error(path, encoding="utf-8")) == (
        f"{path}: cannot decode as utf-8 at byte {chunk + 4} (forced with --encoding)"
    )
    path = write(tmp_path, "b.txt", codecs.BOM_UTF8 + data)
    assert str(first_error(path)) == f"{path}: cannot decode as utf-8 at byte {chunk + 7} (declared by a BOM)"
    path = write(tmp_path, "g.txt", data + b"\x81")  # 0x81 is undefined in cp1258 too
    assert str(first_error(path)) == (
        f"{path}: cannot decode as utf-8 (byte {chunk + 4}) or cp1258 (byte {len(data)})"
    )


def test_error_is_raised_before_any_block(tmp_path):
    data = generated(300_000, seed=3).encode() + b"\xff\x81"  # bad bytes at the very end
    path = write(tmp_path, "late.txt", data)
    e = first_error(path, block_chars=64)
    assert e.reason == f"cannot decode as utf-8 (byte {len(data) - 2}) or cp1258 (byte {len(data) - 1})"


def test_input_error_pickles():
    e = pickle.loads(pickle.dumps(InputError("a.txt", "no such file")))
    assert (str(e), e.path, e.reason) == ("a.txt: no such file", "a.txt", "no such file")


def test_block_chars_must_be_positive():
    with pytest.raises(ValueError):
        read_blocks("x", block_chars=0)


# --- property ------------------------------------------------------------------------------

VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VI_ALPHABET = VI_LETTERS + VI_LETTERS.upper() + "0123456789 .,;:%/()-\t"

FORMS = {  # name -> (encode, forced encoding)
    "utf-8": (lambda t: t.encode(), None),
    "utf-8 BOM": (lambda t: codecs.BOM_UTF8 + t.encode(), None),
    "utf-16-le BOM": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), None),
    "utf-16-be BOM": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), None),
    "cp1258": (lambda t: t.encode("cp1258"), None),
    "cp1258 forced": (lambda t: t.encode("cp1258"), "cp1258"),
    "utf-16-le forced": (lambda t: t.encode("utf-16-le"), "utf-16-le"),
}
ANY_CHAR = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")


@st.composite
def documents(draw):
    form = draw(st.sampled_from(sorted(FORMS)))
    cp = form.startswith("cp1258")
    chars = st.sampled_from(VI_ALPHABET) if cp else st.one_of(st.sampled_from(VI_ALPHABET), ANY_CHAR)
    lines = draw(
        st.lists(
            st.tuples(st.text(chars, max_size=120), st.sampled_from(["\n", "\r\n", "\r"])),
            max_size=40,
        )
    )
    text = "".join(line + nl for line, nl in lines) + draw(st.text(chars, max_size=120))
    if cp:
        text = cp1258_form(text)
    return form, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), block_chars=st.integers(16, 200))
def test_blocks_tile_the_text_and_locate_matches(tmp_path_factory, doc, block_chars):
    form, text = doc
    encode, forced = FORMS[form]
    data = encode(text)
    if form == "cp1258":  # auto-detection reads valid UTF-8 as UTF-8, rightly
        try:
            assume(data.decode("utf-8") == text)
        except UnicodeDecodeError:
            pass
    path = tmp_path_factory.getbasetemp() / "property.txt"
    path.write_bytes(data)
    blocks = list(read_blocks(str(path), encoding=forced, block_chars=block_chars))
    check_blocks(blocks, text, block_chars)


# --- memory -----------------------------------------------------------------------------------


@pytest.mark.slow  # about 2 s: writes and reads a 60 MB file
def test_memory_stays_bounded_on_a_60_mb_file(tmp_path):
    unit = generated(1 << 20, seed=11).encode()  # about 1.2 MB of Vietnamese UTF-8
    path = tmp_path / "60mb.txt"
    with open(path, "wb") as f:
        for _ in range(60 * (1 << 20) // len(unit) + 1):
            f.write(unit)
    size = path.stat().st_size
    chars, blocks = 0, 0
    started = time.perf_counter()
    tracemalloc.start()
    try:
        for b in read_blocks(str(path)):
            chars += len(b.text)
            blocks += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert size > 60_000_000 and blocks > 40
    assert chars == len(unit.decode()) * (size // len(unit))
    assert peak < 20 * (1 << 20), f"peak {peak / 2**20:.1f} MiB"
    print(f"\n60 MB: {size / 2**20 / elapsed:.0f} MiB/s, peak {peak / 2**20:.1f} MiB")
