"""Reading the two phrases of a value's sentence that may name it: the noun phrase after it
(up to the next value, bracket, semicolon or boundary word) and the clause before it (since
the previous value's phrase), or the heading before a colon."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from ...segment import clause_words
from ..clauses import comma_chunks, last_hard_end
from ..qualifier import QualifierReader
from ..scope import ScopeReader
from ..words import ending, last_match, last_word
from .around import REACH
from .cleaning import SPACE_PUNCT, PhraseCleaner
from .lexicon import LabelLexicon

_BULLETS = "-–•*+"
_QUOTES = frozenset('"“”\'‘’«»')
_JOINED = regex.compile(r"(?r)(?<![\p{L}\p{N}])(?:và|hoặc|cùng)\h*$", regex.IGNORECASE)
_SPACES = regex.compile(r"\s+")
# A predicate's verb right before its object: one to three words, nothing else.
_VERB_WORDS = regex.compile(r"(?:\h+[\p{L}\p{M}]+){1,3}\h*")
# What opens a key's line before its words: bullets and list marks ("▪", "b)", "III.", "2.").
_LIST_MARK = regex.compile(r"^[\s\p{P}\p{S}]*(?:(?:[a-zđ]|[IVX]{1,4}|\d{1,2})[.)]\h+)?")
# The most words of a piece of a key before its last comma: coordinated nouns are short.
_KEY_PIECE_WORDS = 5
_ACRONYM = regex.compile(r"\h+\(\p{Lu}[\p{Lu}&\-]{0,5}\p{Lu}[\p{Lu}\p{N}&\-]{0,6}(?:\h(?:Index|index))?\)")


def _leads(match: Optional[regex.Match]) -> bool:
    """Whether a piece opens on a leading word (a connective, a time): a match of any length."""
    return match is not None and match.end() > 0


def _closes(text: str, start: int, end: int) -> bool:
    """Whether the quotation mark at `start` closes a quotation: "”" or "»", or a straight or
    single mark right after a word and before no letter or digit ('đơn", anh kể')."""
    mark = text[start:end]
    if mark in "”»":
        return True
    if mark in "“«‘":
        return False
    return start > 0 and not text[start - 1].isspace() and (end >= len(text) or not text[end].isalnum())


class PhraseReader:
    def __init__(self, lexicon: LabelLexicon, cleaner: PhraseCleaner, qualifiers: QualifierReader, scopes: ScopeReader,
                 cache_size: int):
        self.lexicon, self.cleaner, self.qualifiers, self.scopes = lexicon, cleaner, qualifiers, scopes
        # Pure functions of their phrases, each distinct phrase read once.
        self.right_phrase = lru_cache(maxsize=cache_size)(self._right_phrase)
        self.left_phrase = lru_cache(maxsize=cache_size)(self.left_phrase)
        self.left_end = lru_cache(maxsize=cache_size)(self.left_end)
        self.unframed = lru_cache(maxsize=cache_size)(self.unframed)

    def _right_phrase(self, raw: str, cut_by_value: bool, counted: bool = False) -> tuple[str, Optional[str], int]:
        """The noun phrase after a value: (label, its first word, where it ends).

        It runs to a bracket, semicolon, sentence end or boundary word (after a count, not one
        of `count_relative` that no comma precedes: `counted`). A comma does not end
        it ("100% doanh nghiệp, tổ chức sử dụng hóa đơn điện tử;"), unless what follows the
        comma runs into the next value ("1.482 Tổ …, 151 tổ …"): then it ends at that comma."""
        lex = self.lexicon
        stripped = raw.lstrip()
        offset = len(raw) - len(stripped)
        opens = stripped[1:] if stripped[:1] in _QUOTES else stripped  # a quoted name: '85 "Sông Hàn-ers"'
        if not opens or not opens[0].isalpha() or lex.not_start.match(stripped):
            return "", None, 0
        end, head, head_end, at_last_comma = 0, None, 0, None
        relative_end = 0  # where the opening words of a count's relative clause end
        closed = False  # the phrase ended on a count's closing relative ("còn lại")
        clause_after_comma: Optional[int] = None  # where the words after the last comma start
        stopped = after_comma = False
        for words in clause_words(stripped):
            word_ends = {we for _, we in words}
            for ws, we in words:
                word = stripped[ws:we]
                if word == ",":
                    at_last_comma, after_comma, clause_after_comma = end, True, None
                    continue
                if word in _QUOTES:
                    # A quoted name is part of the phrase, its closing mark too: 'các thôn "lõm
                    # sóng"', 'doanh nghiệp chọn "thiếu nhân lực số", 29% …'.
                    if sum(stripped.count(q, 0, ws) for q in _QUOTES) % 2:
                        end = we
                    elif _closes(stripped, ws, we):
                        # A mark closing what was quoted before the value ends it: '… chừng 300
                        # đơn", anh Thắng kể' (who speaks is no part of what is counted).
                        stopped = True
                        break
                    continue
                if word == "-" and 0 < ws and we < len(stripped) and stripped[ws - 1].isalnum() \
                        and stripped[we].isalnum():
                    continue  # a hyphen inside a word: "Wi-Fi", "ki-ốt"
                if counted and word == "%" and ws and stripped[ws - 1].isdigit():
                    end = we  # a threshold in a count's relative clause: "5 chỉ tiêu đạt trên 80% kế hoạch"
                    continue
                if not word[0].isalnum():
                    stopped = True
                    break
                # A boundary counts only on whole words: "cho" is one, "cho phép" is not cut. After
                # a comma, a verb or adverb opens a new clause ("227 trạm BTS, phần lớn tại …").
                stop = (lex.count_stop if counted else lex.boundary).match(stripped, ws) or \
                    (lex.new_clause.match(stripped, ws) if after_comma and lex.new_clause is not None else None) or \
                    self._joined_clause(stripped, ws)
                if stop is not None and counted and head is not None:
                    if ws < relative_end:
                        stop = None  # inside a count's relative clause's opening words ("đạt và vượt")
                    elif at_last_comma is None and lex.count_relative is not None:
                        relative = lex.count_relative.match(stripped, ws)
                        if relative is not None and relative.end() in word_ends:
                            relative_end, stop = relative.end(), None
                            if lex.count_closing is not None and lex.count_closing.fullmatch(relative.group()):
                                end = relative.end()  # "12 xã còn lại": the phrase ends on it
                                stopped = closed = True
                                break
                if stop and stop.end() in word_ends:
                    stopped = True
                    if clause_after_comma is not None and self.cleaner.is_cue_led(stripped[clause_after_comma:ws]):
                        # "6 bước, thời gian chờ … giảm từ 95 phút": after a comma a measure's
                        # subject and its verb make a clause of their own; the phrase ends at
                        # the comma (not "xã, phường, thị trấn có cáp quang đến …").
                        end = at_last_comma
                    break
                if after_comma:
                    clause_after_comma = ws
                after_comma = False
                if head is None:
                    head, head_end = word, we
                end = we
            if stopped:
                break
        # "155/155 xã, phường, thị trấn và 100% thôn": a value joined by "và" is a sibling,
        # not a new clause after the last comma.
        if not stopped and cut_by_value and at_last_comma is not None and \
                not ending(_JOINED, stripped, 0, len(stripped)):
            end = at_last_comma
        # The label may end before the phrase does: the next value's clause still starts after it.
        phrase_end = end
        if counted and cut_by_value and not stopped and at_last_comma is None and not relative_end:
            end = self._subject_end(stripped, head_end, end)
        # A phrase closed by "còn lại" is the counted noun and its modifiers, whole: link words
        # at its ends would take "tỉnh" of "Hai tỉnh còn lại" and "còn" with it.
        # `place`: where the label starts in `stripped`, read here once for the count's kept tail.
        if closed:
            label, place = _SPACES.sub(" ", stripped[:end].strip(SPACE_PUNCT)), 0
        else:
            place, label_end = self.cleaner.clean_span(stripped, 0, end)
            label = stripped[place:label_end]
        if relative_end and not closed and label and (stopped or not cut_by_value):
            # A relative clause that runs to the phrase's end is whole: "5 chỉ tiêu đạt trên 80% kế
            # hoạch;" keeps "kế hoạch", which after a subject's verb would be a link word.
            label = stripped[place:end].rstrip(SPACE_PUNCT)
        if not label and lex.function_word_noun is not None and lex.function_word_noun.match(stripped):
            # "15 chỉ tiêu": a noun that is also a cue word ("chỉ tiêu 95%") is what is counted.
            label, place = stripped[:end], 0
            trail = ending(lex.trailing, label, 0, len(label))
            label = (label[:trail.start()] if trail else label).strip(SPACE_PUNCT) or \
                lex.function_word_noun.match(stripped).group()
        elif not label and counted and lex.count_link_noun is not None and lex.count_link_noun.match(stripped):
            # "UBND huyện ban hành 02 kế hoạch, 09 văn bản": after a count, a noun that is also a
            # label's link word ("kế hoạch" of "so với kế hoạch") is what is counted.
            label, place = lex.count_link_noun.match(stripped).group(), 0
        if counted and label and lex.count_kept_tail is not None:
            label = self._count_tail_kept(stripped[:end], label, place)
        return label, head, offset + phrase_end

    def _joined_clause(self, phrase: str, at: int) -> Optional[regex.Match]:
        """A verb after "và" at `at` that opens a second clause of the sentence's subject, where the
        phrase before it holds no verb: "lắp mới 126 trạm BTS và kéo mới …" (not "huyện đã hoàn
        thành CSDL địa chính và đưa vào vận hành", where both verbs are the huyện's)."""
        lex = self.lexicon
        if lex.joined_clause is None or not phrase.startswith(("và", "Và"), at):
            return None
        joined = lex.joined_clause.match(phrase, at)
        if joined is None or lex.verb_word is not None and lex.verb_word.search(phrase, 0, at) or \
                lex.predicate is not None and lex.predicate.search(phrase, 0, at):
            return None
        return joined

    def _subject_end(self, phrase: str, head_end: int, end: int) -> int:
        """Where a count's phrase that runs into the next value ends: before the word opening the
        count's own predicate when that predicate's verb takes the next value as its object, the
        verb's few words straight before it ("94 nhân viên đã hướng dẫn 52.300 lượt"); at `end`
        otherwise: a longer clause is the count's relative clause ("98 chợ đã triển khai thanh toán
        không dùng tiền mặt trên tổng số 312 chợ"), and so is one before a sibling joined by "và"
        ("21 nhiệm vụ đang thực hiện và 5 nhiệm vụ quá hạn") or a place's preposition ("9.700 hội
        viên đang sinh hoạt tại 33 cơ sở Hội")."""
        lex = self.lexicon
        opener = lex.count_predicate.search(phrase, head_end, end) if lex.count_predicate is not None else None
        if opener is None or ending(_JOINED, phrase, 0, len(phrase)) or \
                lex.count_predicate_not_before is not None and ending(lex.count_predicate_not_before, phrase, 0, len(phrase)):
            return end
        verb = phrase[opener.end():end]
        return opener.start() if _VERB_WORDS.fullmatch(verb) else end

    def _count_tail_kept(self, phrase: str, label: str, place: int) -> str:
        """A count's phrase less its link words, with the words from a kept ending on back
        on it ("chỉ tiêu chưa đạt", "chỉ tiêu đạt và vượt kế hoạch", not "chỉ tiêu"); the label
        starts at `place` in the phrase, unless the phrase holds no copy of it there."""
        if not phrase.startswith(label, place):
            return label
        rest = place + len(label)
        kept = self.lexicon.count_kept_tail.match(phrase, rest + len(phrase[rest:]) - len(phrase[rest:].lstrip()))
        return label if kept is None else phrase[place:kept.end()]

    def left_phrase(self, raw: str, original: Optional[str] = None) -> str:
        """The clause before a value: from its first cue-led chunk, else its last chunk that
        says more than a scope ("…, cấp huyện và đến 100%" looks back past "cấp huyện").
        `raw` may have its brackets blanked out; the label is copied from `original`."""
        lex = self.lexicon
        original = raw if original is None else original
        chunks = comma_chunks(raw)
        found: Optional[tuple[int, int]] = None
        for cs, ce in chunks if self.cleaner.may_be_cue_led(raw) else ():
            lead = lex.leading.match(raw, cs)
            start = lead.end() if lead else cs
            while start < len(raw) and (raw[start].isspace() or raw[start] in _BULLETS):
                start += 1
            if ce < len(raw) and lex.cue_frame is not None and lex.cue_frame.fullmatch(raw, start, ce):
                continue  # "Kết quả, Viettel Global lãi trước thuế …": the clause after the comma names it
            if self.cleaner.is_cue_led(raw[start:]):
                found = self.cleaner.clean_span(raw, start, len(raw))
                if self.cleaner.is_cue_led(raw[found[0]:found[1]]):
                    found = self._parallel(raw, found, chunks)
                    owner = ending(lex.owner_tail, raw, found[0], found[1])
                    if owner is not None:
                        found = self.cleaner.clean_span(raw, found[0], owner.start())
                    break
                found = None
        if found is None:
            for cs, ce in reversed(chunks):
                chunk = self.cleaner.clean(raw[cs:ce])
                if not chunk or lex.cue_start.fullmatch(chunk):
                    return ""
                if self.cleaner.clean(self.scopes.without_scopes(chunk)):
                    found = self.cleaner.clean_span(raw, cs, len(raw))
                    break
        if found is None:
            return ""
        if raw[found[0]] in _QUOTES and sum(raw.count(q, found[0], found[1]) for q in _QUOTES) % 2:
            # The mark opening a quotation the value stands in opens no name: '"Năm 2025 doanh
            # thu B2C phải đạt 30%' is of "doanh thu B2C", as it would be unquoted.
            found = self.cleaner.clean_span(raw, found[0] + 1, found[1])
            if found[0] >= found[1]:
                return ""
        actor = lex.actors.match(raw, found[0], found[1])
        if actor and not self.cleaner.clean(raw[actor.end():found[1]]):
            return ""
        # A bracket closing the phrase that only gives its acronym is its name's: "Chỉ số
        # chuyển đổi số (DTI)".
        acronym = _ACRONYM.match(original, found[1])
        end = acronym.end() if acronym and not raw[found[1]:acronym.end()].strip() else found[1]
        label = _SPACES.sub(" ", original[found[0]:end])
        # A mark alone names nothing: the closing '"' left of '… 01 kỹ năng số" mới đạt 71,3%'.
        return label if any(c.isalnum() for c in label) else ""

    def _parallel(self, raw: str, found: tuple[int, int], chunks: list[tuple[int, int]]) -> tuple[int, int]:
        """Measures listed side by side, each led by the same cue ("tỷ lệ A, tỷ lệ B đạt
        78,4%"): the one nearest the value."""
        lex = self.lexicon
        cue = lex.cue_start.match(raw, found[0], found[1])
        if cue is None:
            return found
        head = raw[cue.start():cue.end()].casefold()
        for cs, _ in reversed(chunks):
            start = cs + len(raw[cs:]) - len(raw[cs:].lstrip())
            if start <= found[0]:
                break
            again = lex.cue_start.match(raw, start, found[1])
            if again is not None and raw[again.start():again.end()].casefold() == head:
                return self.cleaner.clean_span(raw, start, found[1])
        return found

    def heading(self, masked: str, text: str, s_start: int, colon: int) -> str:
        """The phrase before a colon that heads the values after it ("Tỷ lệ X: 92%")."""
        head_start = max(s_start + last_hard_end(masked[:colon - s_start]), colon - REACH)
        head = self.left_phrase(masked[head_start - s_start:colon - s_start], text[head_start:colon])
        return "" if not head or self.lexicon.not_heading.match(head) else self._coordinated_key(text, colon, head)

    def _coordinated_key(self, text: str, colon: int, head: str) -> str:
        """A key opening its line names one thing with all its coordinated nouns: "Chữ ký số,
        chứng thư số: 1.234", "Thanh toán phí, lệ phí online: 82%" are of the whole key, not
        of its last piece. Not past a piece that frames or leads ("Tuy nhiên, …", "Năm 2024,
        …", "Phát biểu tại hội nghị, đồng chí … đánh giá"): every piece before is a few words."""
        line = text.rfind("\n", 0, colon) + 1
        key = _LIST_MARK.sub("", text[line:colon], count=1).rstrip()
        if not key.endswith(head) or len(key) == len(head):
            return head
        before = key[:len(key) - len(head)].rstrip()
        if not before.endswith(","):
            return head
        lex = self.lexicon
        for piece in before[:-1].split(","):
            piece = piece.strip()
            words = piece.split()
            if not 1 <= len(words) <= _KEY_PIECE_WORDS or any(c.isdigit() for c in piece) \
                    or _leads(lex.leading.match(piece)) or (lex.framing is not None and lex.framing.match(piece)) \
                    or not self.cleaner.clean(self.scopes.without_scopes(piece)):
                return head
        return _SPACES.sub(" ", key)

    def left_end(self, left_raw: str) -> tuple[bool, bool]:
        """How the clause before a value ends, past a bounding word: (on a word that opens a
        clause, on a copula linking a subject to the value)."""
        lex = self.lexicon
        bare, bare_last = self.qualifiers.without_bound(left_raw, last_word(left_raw))
        copula = lex.copula_at_end.search(bare, bare_last)
        # "giảm còn 0,12%": "còn" says down to what, opening no clause.
        opened = lex.opener_at_end.search(bare, bare_last) is not None and \
            (lex.not_opener_at_end is None or lex.not_opener_at_end.search(bare, bare_last) is None)
        # "là", "bằng" link a subject to its number; "Bằng" is in a name ("Cao Bằng").
        return opened, \
            copula is not None and copula.group().strip().islower()

    def unframed(self, label: str) -> str:
        """A clause's label less the clause that frames it, and none where it only says who speaks."""
        lex = self.lexicon
        if lex.framing is not None and lex.framing.match(label) and "," in label:
            # "Xét theo từng cấp chính quyền, cấp tỉnh 94,6%": the framing clause goes, the key stays.
            label = label[label.rindex(",") + 1:].strip()
        if label and lex.saying is not None and ending(lex.saying, label, 0, len(label)):
            return ""  # "Giám đốc Sở cho biết 100% …": who speaks names nothing
        if label and lex.saying_inside is not None:
            # "Phó Chủ tịch UBND tỉnh … cho biết năm 2024 kinh tế số của tỉnh ước chiếm 29,6%": what
            # is said follows who says it.
            said = last_match(lex.saying_inside, label)
            if said is not None:
                label = self.left_phrase(label[said.end():])
        return label
