"""Which phrase names a value: the one after it or the clause before it, by its kind and the
cues of rules/labels.yaml; a value that has neither takes the label of the value before it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ...claims import Find
from ...rules import Rulebook
from ..clauses import comma_chunks
from ..qualifier import QualifierReader
from ..scope import ScopeReader
from ..words import ending, last_word
from .around import REACH, Around
from .cleaning import SPACE_PUNCT, PhraseCleaner
from .lexicon import LabelLexicon
from .parts import PartReader
from .phrases import PhraseReader
from .ranks import RankReader
from .shares import ShareReader

_TOPIC = regex.compile(r"\s*(?:Về|về)\s+([^,:;]{3,80}?)\s*[,:]")
_TOPIC_HEADING = regex.compile(r"[\s\-–•*+]*(?:\(?[\p{L}\d]{1,3}[.)]\s*)?(?:về|đối với)\s", regex.IGNORECASE)
_AT_ENDS = regex.compile(r"^(?:[\s,]|(?:ở|tại)(?![\p{L}\p{M}]))+|(?<![\p{L}\p{M}])(?:[\s,]|(?:ở|tại)(?![\p{L}\p{M}]))+$")
# The kinds of value a short key in brackets after a value marks as a part of it (a count's
# noun names it: "(14 thạc sỹ, 3 tiến sỹ)"; a rate's key says per what: "(mỗi sim 120.000 đồng/tháng)").
_KEYED_KINDS = frozenset(("percent", "money", "measure", "length", "multiple"))


@dataclass(slots=True)  # not frozen: one per value, built five times faster
class LabelReading:
    label: Optional[str]
    inherited: bool          # taken from the value before
    phrase_end: int          # where the phrase after the value ends, in right_raw
    head: Optional[str]      # the first word of the phrase after the value


class LabelReader:
    """The label's reading, its stages built once over one record of the rulebook's lexicons."""

    def __init__(self, book: Rulebook, macros: dict, lexicons: dict, qualifiers: QualifierReader, scopes: ScopeReader,
                 cache_size: int, clean_cache_size: int):
        self.qualifiers, self.scopes = qualifiers, scopes
        self.lexicon = LabelLexicon.of(book, macros, lexicons, qualifiers.all_bounds)
        self.cleaner = PhraseCleaner(self.lexicon, cache_size, clean_cache_size)
        self.phrases = PhraseReader(self.lexicon, self.cleaner, qualifiers, scopes, cache_size)
        self.shares = ShareReader(self.lexicon, self.cleaner, qualifiers)
        self.parts = PartReader(self.lexicon, self.cleaner, cache_size)
        self.ranks = RankReader(self.lexicon, self.cleaner, self.phrases)
        # Pure functions of their label, which repeats from value to value.
        self.anaphoric = lru_cache(maxsize=cache_size)(self.anaphoric)
        self._before_time = lru_cache(maxsize=cache_size)(self._before_time)

    def read(self, text: str, f: Find, at: Around, previous_label: Optional[str],
             has_previous: bool, previous_unit: Optional[str] = None) -> LabelReading:
        """The label of `f` from the phrases around it."""
        lex = self.lexicon
        counted = f.kind in ("count", "fraction") and not (
            lex.count_in_subject is not None and ending(lex.count_in_subject, at.left_raw, 0, len(at.left_raw)))
        right_label, head, right_end = self.phrases.right_phrase(at.right_raw, at.cut_by_value, counted)
        if f.kind == "money" and not right_label:
            right_label = self._spent_on(at)
        opened, subject = self.phrases.left_end(at.left_raw)
        left_label = "" if opened else self.phrases.left_phrase(at.left_raw, text[at.left_start:f.start])
        if subject and not left_label and at.left_start > at.clause_start and "," not in at.left_raw:
            # "X của 3 cấp chính quyền là 141.616 hồ sơ": the subject X spans the earlier number
            # (not after a comma: "X đạt 1.236 tỷ đồng, bằng 52,1% kế hoạch" is X's again).
            left_label = self.phrases.left_phrase(at.before[at.clause_start - at.s_start:], text[at.clause_start:f.start])
        headed = False
        if not left_label and at.clause_start > at.s_start and text[at.clause_start - 1] == ":":
            left_label = self.phrases.heading(at.before, text, at.s_start, at.clause_start - 1)
            headed = bool(left_label)
            if headed and has_previous and previous_label and at.left_start > at.clause_start and \
                    not self.cleaner.clean(at.left_raw) and \
                    (previous_label != left_label or self.parts.opens_part(at.left_raw)):
                # "Thu ngân sách: Lũy kế …, số thu NSNN đạt 71.426 tỷ đồng, bằng 78,5% dự toán": a value
                # linked to the one before in its clause is of what that one measures, not the heading's;
                # a part of it is named after it ("Số nhà bán …: 6.384 shop (tăng 1.127 shop), trong đó
                # 412 shop có doanh thu …").
                left_label, headed = "", False
            if headed and f.kind == "percent" and _TOPIC_HEADING.match(text, at.s_start, at.clause_start):
                # "c) Về xã hội số: 95% hộ gia đình có …": a heading that says what the part is
                # about; the phrase after the share says what it is of.
                left_label, headed = "", False
            if headed and f.kind == "percent" and len(right_label.split()) >= 2 and self._remark(left_label):
                # "Điện toán đám mây đã phổ biến: 63,8% doanh nghiệp được hỏi đang dùng …": a heading
                # that says something (a clause, not a measure's name) names nothing; the phrase
                # after the share says what it is of.
                left_label, headed = "", False
        if not left_label and not has_previous and at.clause_start > at.s_start:
            # "Tỷ lệ TTHC … (KH: 50%; TH: 56,8%)": the first value in brackets, naming nothing
            # there, is one of the phrase before the bracket.
            bracket = text.rfind("(", max(at.s_start, at.clause_start - REACH), at.clause_start)
            if bracket >= 0 and ")" not in text[bracket:f.start]:
                left_label = self.phrases.heading(at.before, text, at.s_start, bracket) or \
                    self._led_in(text, at, bracket)
                if left_label[:1].isdigit():
                    # "Tài liệu địa chí: 2.905 đầu (46,2%)": a number and its noun before the bracket
                    # name nothing; the key before the colon does.
                    left_label = self._colon_heading(text, at, bracket)
                if f.kind == "count" and left_label and self.parts.tallies(text, bracket, f.start, right_label) and \
                        not self.parts.names_place(left_label):
                    right_label = ""  # "Phòng kế toán (4 người)": how many the phrase before holds
        if left_label:
            left_label = self.phrases.unframed(left_label)
        if left_label and lex.measure_link is not None and not self.cleaner.is_cue_led(left_label):
            left_label = self.cleaner.linked_measure(left_label)
        if f.kind == "rank" and left_label and lex.rank_place is not None and lex.rank_place.fullmatch(left_label):
            left_label = ""  # "từ vị trí 49 lên vị trí 22": the word of the place names no ranking
        unit_only = not right_label or lex.duration is not None and lex.duration.fullmatch(right_label) is not None
        mark = lex.compared_mark.fullmatch(at.left_raw.strip(SPACE_PUNCT)) if has_previous and previous_label else None
        if mark is not None and (mark.group("instead") or unit_only and (
                mark.group("level") or mark.group("grade") or mark.group("link") or mark.group("versus") or
                mark.group("rule") or f.kind == "multiple")):
            # "Sông Bồ: 4,96 m, trên báo động 3 là 0,46 m": how far the level before is above a mark;
            # "là 33,85 điểm, thu hẹp so với mức 35,2 điểm": what the value before is compared with.
            # "còn 15 ngày, thay vì 35 ngày như trước": what the value before replaced, its noun or not.
            return LabelReading(previous_label, True, right_end, head)
        if has_previous and f.kind in ("count", "fraction") and previous_label and \
                self.parts.counts_part_of(text, at, left_label, right_label, previous_label, previous_unit):
            return LabelReading(previous_label, True, right_end, head)
        if left_label and self.parts.names_part(left_label):
            # "…: xã Phương Xá đạt 95%; xã Sai Nga 87,5%": the key of a breakdown says which part;
            # what is measured is the list's (the value before, or the heading of the list).
            colon = at.before.rfind(":", 0, f.start - at.s_start)
            left_label = "" if has_previous or colon < 0 else self.phrases.heading(at.before, text, at.s_start,
                                                                             at.s_start + colon)
        if left_label and right_label and lex.framing is not None and at.left_raw.rstrip().endswith(",") \
                and (lex.framing.match(left_label) or lex.framing.match(at.left_raw.lstrip(" ,;:-–•"))):
            left_label = ""  # "Xét theo ngành, 63% DN …": the clause before frames, the phrase after names
        if left_label and self.cleaner.only_reports(left_label):
            # A clause's label never is the verb that reports the value, nor who does it: "bố trí",
            # "Hoàn thành", "Chúng tôi đã đào tạo 100% công nhân", "Huế phấn đấu số hóa 100% hiện vật".
            left_label = ""
        if f.kind in ("rank", "measure") and left_label and lex.actors.match(left_label):
            # Who is ranked or scored, and what is said of them, names nothing: "Cần Thơ tiếp
            # tục là "đầu tàu" của vùng khi xếp thứ 9/63".
            left_label = ""
        if has_previous and left_label and not right_label and text[at.clause_start - 1:at.clause_start] == "(" \
                and at.left_start >= at.clause_start and not self.cleaner.is_cue_led(left_label):
            # A breakdown in brackets after a value, a key then the value, is that value's:
            # "…đạt 80,6% (khu vực miền núi 52,6%)", "(Hà Nội 93,2%)"; a measure named in them,
            # or a noun after the value ("(14 thạc sỹ CNTT, …)"), is their own.
            left_label = ""
        left_label, right_label = self.cleaner.saying_what(left_label), self.cleaner.saying_what(right_label)
        if left_label and self.cleaner.is_cue_led(left_label):
            left_label = self._before_time(left_label)
        if left_label and self.cleaner.only_sets_goal(left_label):
            left_label = ""  # "(kế hoạch Tổng cục giao 98%)": a goal of what the value before measures
        if right_label and self.cleaner.only_sets_goal(right_label) and \
                not (lex.denominator is not None and lex.denominator.match(at.right_raw.lstrip(SPACE_PUNCT))):
            # "vượt chỉ tiêu 38% BHXH Việt Nam giao" (but "hoàn thành 102,4% kế hoạch Tập đoàn giao"
            # is a share of the plan, which the phrase after names)
            right_label = ""
        if f.kind in ("length", "measure") and left_label and lex.dimension_at_end is not None:
            adjective = lex.dimension_at_end.search(left_label)
            if adjective is not None:
                # "Tuyến cáp quang dài 7,4 km cũng được kéo về", "cột thép cao 45 m sơn trắng đỏ":
                # the adjective makes the value a dimension of what is named before it.
                left_label = left_label[:adjective.start()].rstrip(SPACE_PUNCT)
                if left_label:
                    right_label = ""
        if f.kind in ("length", "measure") and left_label and right_label and f.unit in lex.property_units:
            right_label = ""  # "RAM 16 GB, xung nhịp 4,8 GHz trở lên": a property of the thing before
        if f.kind == "length" and left_label and right_label and lex.distance is not None and \
                lex.distance.search(left_label):
            right_label = ""  # "cách trung tâm xã 17 km đường đất": how far from the place named
        if f.kind == "rank" and left_label and not self.cleaner.is_cue_led(left_label) \
                and lex.place_at_end.search(left_label):
            # "Nhóm dẫn đầu còn có Hải Phòng (thứ 6)": the clause ends on the place ranked; what
            # the ranking is of was said before it.
            left_label = ""
        if has_previous and right_label and len(right_label.split()) <= 2 and not self.cleaner.is_cue_led(left_label) \
                and lex.part_opener.search(text, max(at.s_start, f.start - 40), f.start):
            # "Số hồ sơ tiếp nhận: 412 hồ sơ; trong đó trực tuyến: 356 hồ sơ": a part named by
            # its noun alone is a part of what the value before measures.
            left_label = right_label = ""
        if has_previous and f.kind == "percent" and left_label and not right_label and \
                not self.cleaner.is_cue_led(left_label) and self.parts.opens_part(at.left_raw) and \
                at.left_raw.rstrip(SPACE_PUNCT).endswith(left_label):
            # "… ước đạt 67,5%, trong đó có bằng cấp, chứng chỉ 26,8%": a part named by its key
            # right before its share, no verb between, is a part of what the value before measures.
            left_label = ""
        times = self._bare_times(right_label)
        if f.kind == "count" and left_label and self._subject_of_bare_noun(left_label, right_label) and \
                not (times and self._times_not_of_subject(text, at, has_previous)) and \
                not (lex.object_link is not None and not times and
                     lex.object_link.search(self.qualifiers.without_bound(at.left_raw, last_word(at.left_raw))[0])):
            # "Lao động nữ 1.845 người", "Lao động có việc làm quý III đạt 2,13 triệu người": after a
            # number the bare noun of people or households only says in what it counts; the
            # subject before it says who (not "Hội nghị thu hút 500 người": a verb ends it).
            right_label = ""
        held = f.kind == "percent" and bool(left_label) and bool(right_label) and self.shares.held_with(at.left_raw)
        if held:
            # "Cửa khẩu hàng không vẫn là kênh chủ yếu với 78,3% tổng lượt người xuất nhập cảnh": the
            # clause before says who holds the share; the phrase after, whole or not, what it is of.
            left_label = ""
        # "5G hiện đã phủ khoảng 26% dân số", "Seoul dành khoảng 1,5% tổng chi mỗi năm cho hạ tầng
        # số": after who acts and a verb acting on it, the whole the share is of is what is
        # measured; the subject and its verb name nothing. Not a share of a plan ("phải giải ngân
        # tối thiểu 90% dự toán"): that measures what the verb does.
        acted_whole = False
        if f.kind == "percent" and left_label and right_label and not self.cleaner.is_cue_led(left_label) and \
                not (lex.planned_whole is not None and lex.planned_whole.match(right_label)):
            link = self.shares.link(at.left_raw)
            # "sóng 4G phủ 99,8% dân số": right after a plain verb of coverage the population is the
            # coverage the clause names (dev c04, held-out az07: 3 answers of 4), not so past a
            # bound ("5G hiện đã phủ khoảng 26% dân số": 3 of 3).
            acted_whole = self.shares.acts_on_whole(link) and not (
                link is not None and not link.linked and lex.covered_whole is not None and
                lex.covered_whole.match(right_label))
        denominator = not held and not acted_whole and f.kind == "percent" and (
            lex.denominator is not None and lex.denominator.match(right_label) or
            has_previous and not left_label and self.shares.share_of(at.left_raw) and
            not (lex.own_share is not None and lex.own_share.match(right_label)))
        # "Giao dịch bằng QR code: 17,8 triệu món", "- Mới tiếp nhận: 35.511 hồ sơ": a form's key
        # right before the value names what a count of plain things (món, hồ sơ) counts.
        # "trả lời khách hàng bằng 4 ngôn ngữ": before a count with its noun, "bằng" is "by
        # means of", linking no subject.
        if subject and f.kind == "count" and right_label and last_word(at.left_raw) == "bằng":
            subject = False
        cue_led = subject and bool(left_label) or self.cleaner.is_cue_led(left_label) or \
            headed and bool(left_label) and (len(right_label.split()) == 1 or len(right_label.split()) == 2 and
                                             not has_previous and self.parts.bulleted_key(text, f.start) or
                                             # one noun of two words and a comma, as "tỉnh, thành phố"
                                             lex.leading_word_noun is not None and
                                             lex.leading_word_noun.fullmatch(right_label) is not None)
        if not cue_led and left_label and right_label and " " not in right_label.strip() and \
                left_label[:len(right_label)].casefold() == right_label.casefold():
            # "Camera an ninh kết nối về Trung tâm điều hành: 126 camera": the noun said again
            # after the number is less than the phrase before that opens with it.
            cue_led = True
        topic = _TOPIC.match(text, at.s_start, f.start) if f.kind == "rank" else None
        if denominator and (left_label or has_previous and self.shares.restates(self.shares.link(at.left_raw)) and
                            not (at.left_start <= at.clause_start and text[at.clause_start - 1:at.clause_start] == ";")):
            # "đạt 98,2% số công dân đủ điều kiện": what follows is what the share is of.
            right_label = ""
        # A unit of time alone after the value reads as a time and leaves no phrase ("còn 3,8 ngày."):
        # its first word is still how long. A range's lower bound ("còn 3–5 phút") has its unit
        # after the upper one: the range's.
        after = right_label or head or (f.unit if f.qualifier == ">=" and at.cut_by_value else None) or ""
        if f.kind == "count" and lex.duration is not None and after and \
                (left_label or lex.duration.fullmatch(after)) and lex.duration.match(after):
            # "thời gian trả kết quả là 5 ngày làm việc": the phrase after is how long. "Thời gian
            # chờ giảm còn 38 phút", "Thời gian cấp phiếu bình quân còn 3,8 ngày": the unit alone
            # names nothing; the subject before the verb does.
            right_label = ""
            if not left_label and opened:
                left_label = self.phrases.left_phrase(at.left_raw, text[at.left_start:f.start])
            term = lex.term_at_end.search(self.qualifiers.without_bound(at.left_raw, last_word(at.left_raw))[0]) \
                if lex.term_at_end is not None else None
            if term is not None:
                left_label = term.group().strip(SPACE_PUNCT)  # "nộp tiền … trong thời hạn 30 ngày": the term
        if has_previous and previous_label and f.kind in _KEYED_KINDS and not self.cleaner.is_cue_led(left_label) and \
                self.parts.in_breakdown(text, at, f.start):
            # "tổng diện tích 118,6 ha (nho 64,2 ha; táo 39 ha; măng tây 15,4 ha)", "(85 ha sầu riêng,
            # 35 ha cà phê)": a key in the brackets after a value, before or after the number, says
            # which part of it; what is measured is that value's.
            if left_label and self.parts.short_key(left_label):
                left_label = ""
            if not left_label and right_label and f.kind != "percent" and self.parts.short_key(right_label):
                right_label = ""
        if f.kind == "percent" and left_label and right_label and not cue_led and not denominator:
            link = self.shares.link(at.left_raw)
            if self.shares.acts_on_share(at.left_raw, left_label, link) or self.shares.names_own_share(right_label, link):
                # "Singapore hút tới 62% tổng vốn …", "sóng 4G phủ 99,6% thôn, làng": a clause ending on
                # a verb that acts on what follows the share; that phrase names what the share is of.
                left_label = ""
        label, inherited = self._choose(f, left_label, right_label, at.right_raw, cue_led, previous_label,
                                        has_previous, self.cleaner.clean(topic.group(1)) if topic else None)
        if f.kind == "rank" and lex.ranking_head is not None and not inherited and \
                (label is None or not self.cleaner.is_cue_led(label) and lex.ranking_head.search(label) is None):
            # "Trong Khảo sát Chính phủ điện tử 2024, Việt Nam xếp thứ 71/193", "lọt top 5 của bảng
            # xếp hạng Chính phủ điện tử": who is ranked, or a verb, names no ranking; the
            # sentence's phrase of a ranking does.
            label = self.ranks.ranking_named(text, at, label is None or self.ranks.rank_actor(label)) or \
                (None if label is not None and self.ranks.rank_actor(label) else label)
        if label and not inherited and label == left_label:
            label = self.cleaner.past_verb(label)
        if f.kind == "percent" and not inherited and not (label and self.cleaner.is_cue_led(label)):
            # "Cơ cấu mẫu: doanh nghiệp siêu nhỏ 41,3%; nhỏ 35,6%": a share under a heading that
            # breaks a whole down is a part of it; its key says which, the heading what is measured
            # (not a share restating the value before it: "612 cuộc tấn công lừa đảo, chiếm 44,5%").
            whole = self._broken_down(text, at, f.start)
            if whole:
                label, inherited = whole, False
        return LabelReading(label, inherited, right_end, head)

    def _before_time(self, label: str) -> str:
        """A measure's name up to a time said inside it ("Doanh thu bình quân năm 2024 của hộ …" ->
        "Doanh thu bình quân"): what follows says whose or what was done, not what is measured."""
        inside = self.lexicon.time_inside.search(label)
        if inside is None or self.anaphoric(label):
            return label  # "trong khi năm 2019 con số này": the pointing word names the measure
        before = self.cleaner.clean(label[:inside.start()])
        return before if before and self.cleaner.is_cue_led(before) and not any(c.isdigit() for c in before) else label

    def _spent_on(self, at: Around) -> str:
        """What a sum is spent on, named after "cho" or "để" ("bố trí 1.245 tỷ đồng cho các dự án
        chuyển đổi số"), where no measure before it names the sum ("bố trí kinh phí 38,5 tỷ đồng
        để …") and no number cuts the phrase short ("để lắp mới 150 camera" names no purpose)."""
        lex = self.lexicon
        if lex.money_purpose is None or lex.measure_noun.search(at.left_raw):
            return ""
        purpose = lex.money_purpose.match(at.right_raw, len(at.right_raw) - len(at.right_raw.lstrip()))
        if purpose is None:
            return ""
        rest = at.right_raw[purpose.end():]
        label, _, end = self.phrases.right_phrase(rest, at.cut_by_value)
        return "" if at.cut_by_value and not rest[end:].strip() else label

    def _led_in(self, text: str, at: Around, end: int) -> str:
        """What the heading before the colon of a value's sentence says places lead in, when it
        says so: "Một số địa phương dẫn đầu về tỷ lệ số hóa hồ sơ di tích: Thừa Thiên Huế (98,6%)",
        where the key before the bracket is a place, which names nothing."""
        colon = at.before.rfind(":", 0, end - at.s_start)
        led = self.cleaner.led_in(text[at.s_start:at.s_start + colon]) if colon >= 0 else None
        return "" if led is None else self.cleaner.clean(led)

    def _colon_heading(self, text: str, at: Around, end: int) -> str:
        """What the words before the last colon of a value's sentence, before `end`, say as a
        heading; "" if no colon stands there."""
        colon = at.before.rfind(":", 0, end - at.s_start)
        return "" if colon < 0 else self.phrases.heading(at.before, text, at.s_start, at.s_start + colon)

    def _broken_down(self, text: str, at: Around, start: int) -> Optional[str]:
        """The heading before the colon of a value's sentence when it says a whole is broken
        down ("Cơ cấu kinh tế", "Thị phần theo sàn"); None otherwise."""
        lex = self.lexicon
        if lex.breakdown_heading_lead is None:
            return None
        heading = self._colon_heading(text, at, start)
        if not heading:
            return None
        if self._remark(heading):
            return None  # "Cơ cấu doanh thu có thay đổi đáng kể: …" says something, naming no whole
        if lex.breakdown_heading_lead.match(heading) or \
                lex.breakdown_by is not None and self.cleaner.is_cue_led(heading) and lex.breakdown_by.search(heading):
            return heading
        return None

    def past_actor(self, left_raw: str) -> str:
        """The clause before a value less who acts in it, where a piece of it opens with them
        (blanked, so offsets hold): "Sáu tháng đầu năm, UBND tỉnh giao " names no level."""
        out = left_raw
        for cs, _ in comma_chunks(left_raw):
            start = cs + len(left_raw[cs:]) - len(left_raw[cs:].lstrip(" ;:-–•"))
            actor = self.lexicon.acting.match(left_raw, start)
            if actor is not None:
                out = out[:actor.start()] + " " * (actor.end() - actor.start()) + out[actor.end():]
        return out

    def anaphoric(self, label: Optional[str]) -> bool:
        """Whether a label only points back ("con số này", "tỷ lệ này ở cấp xã"); not one that
        names more ("kết quả thực hiện của chỉ tiêu này")."""
        lex = self.lexicon
        if not label or lex.anaphor is None:
            return False
        folded = label.casefold()
        if not any(end in folded for end in lex.anaphor_ends):
            return False
        # Less the words "ở", "tại" at its ends ("tỷ lệ này ở cấp xã"): a strip of their letters
        # took the "t" of "tỷ lệ này".
        if lex.anaphor.fullmatch(_AT_ENDS.sub("", self.cleaner.clean(self.scopes.without_scopes(label)))) is not None:
            return True
        # "…, trong khi năm 2019 con số này": the last clause frames a pointing word.
        last_clause = label[label.rfind(",") + 1:].strip()
        return lex.framed_anaphor is not None and lex.framed_anaphor.match(last_clause) is not None

    def names_nothing_measured(self, heading: str) -> bool:
        """Whether a table's heading only says what kind of figure its cells are ("Điểm"), or
        only where ("Đồng bằng sông Hồng", "Hà Giang cũ")."""
        lex = self.lexicon
        heading = heading.strip()
        return lex.kind_heading is not None and lex.kind_heading.fullmatch(heading) is not None or \
            lex.place_only.fullmatch(heading) is not None

    def _choose(self, f: Find, left: str, right: str, right_raw: str, cue_led: bool, previous_label: Optional[str],
                has_previous: bool, topic: Optional[str]) -> tuple[Optional[str], bool]:
        """Which phrase names the value; the flag says it was taken from the value before."""
        if f.kind == "rank":
            about = self.ranks.ranked_on(right_raw)
            if about:
                return about, False
            if left:
                return left, False
            if topic:
                return topic, False
            right = ""
        if f.kind == "multiple" and has_previous:
            right = ""  # "cao gấp 3 lần mạng 4G": what follows is what it is compared with
        if f.kind == "rate" and (left or has_previous):
            # The phrase after a rate is its unit ("thuê bao/100 dân"), unless nothing else
            # names it: "bình quân khoảng 96.000 hóa đơn/ngày" counts hóa đơn.
            right = ""
        if cue_led:
            return left, False
        if f.kind in ("percent", "multiple", "rank", "rate") and left:
            return left, False
        if right:
            return right, False
        if left:
            return left, False
        if has_previous:
            return previous_label, True
        return None, False

    def _remark(self, heading: str) -> bool:
        """Whether a heading is a clause saying something, with a word of aspect or a verb ("Zalo
        là công cụ phổ biến nhất", "Thu phí không dừng", "Chi cục đề xuất các chỉ tiêu"), not
        the name of a measure or a key ("Cáp quang đến hộ", "Hệ thống iOffice")."""
        lex = self.lexicon
        return lex.predicate is not None and not self.cleaner.is_cue_led(heading) and \
            (lex.predicate.search(heading) is not None or
             lex.verb_word is not None and lex.verb_word.search(heading) is not None)

    def _subject_of_bare_noun(self, left: str, right: str) -> bool:
        """Whether `right` is only a bare noun of what is counted ("người", "hộ") or of how many
        times ("lượt") and `left` a subject before it that names more: not an actor, not ending
        on a verb."""
        lex = self.lexicon
        times = self._bare_times(right)
        if not times and (lex.bare_noun is None or not right or not lex.bare_noun.fullmatch(right)):
            return False
        if self.parts.names_part(left) or self.cleaner.only_reports(left) or \
                not times and right.casefold() not in lex.people and lex.bare_kin is not None and \
                not lex.bare_kin.search(left):
            # Before a bare "hộ" the subject names households too ("Tổng số hộ nghèo"), not what
            # was done to them ("Qua kiểm tra 215 hộ"); before a bare "người", any subject not
            # ending on a verb says who they are ("Tuyển sinh năm 2024 đạt 21.480 người", "đội ngũ
            # hiện có 640 người", "Tăng huyết áp 386 người").
            return False
        return lex.verb_at_end is None or lex.verb_at_end.search(left, last_word(left)) is None

    def _times_not_of_subject(self, text: str, at: Around, has_previous: bool) -> bool:
        """Whether the clause before a bare "lượt" says what was done ("đã xử lý dứt điểm 3.690
        lượt", "tra cứu … được 248.300 lượt") or names a part of the value before ("riêng tuyến
        xã 1.204.560 lượt", "(khách quốc tế 1,9 triệu lượt)"): its words are then no subject."""
        lex = self.lexicon
        return lex.predicate is not None and lex.predicate.search(at.left_raw) is not None or \
            has_previous and (self.parts.opens_part(at.left_raw) or text[at.clause_start - 1:at.clause_start] == "(")

    def _bare_times(self, right: str) -> bool:
        """Whether `right` only says a count is of times ("41,6 triệu lượt."), whatever is counted."""
        return bool(right) and self.lexicon.bare_times is not None and self.lexicon.bare_times.fullmatch(right) is not None
