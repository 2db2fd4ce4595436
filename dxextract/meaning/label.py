"""Label: the phrase that says what a value measures, copied from the text.

Two phrases of the value's sentence are read: the noun phrase after it (up to the next
value, bracket, semicolon or boundary word) and the clause before it (since the previous
value's phrase). Which one names the value depends on its kind and on the cues of
rules/labels.yaml; a value that has neither takes the label of the value before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..numbers import expand_macros
from ..rules import Rulebook
from ..segment import clause_words
from ..claims import Find
from ..patterns import LazyPattern
from .clauses import comma_chunks, last_hard_end
from .qualifier import QualifierReader
from .scope import ScopeReader
from .words import WordsAtEnd, caseless, ending, first_word, last_word, may_hold, optional_words, words_regex

_SPACE_PUNCT = " \t,.-–+•*="
_BULLETS = "-–•*+"
_QUOTES = frozenset('"“”\'‘’«»')
_JOINED = regex.compile(r"(?r)(?<![\p{L}\p{N}])(?:và|hoặc|cùng)\h*$", regex.IGNORECASE)
_SPACES = regex.compile(r"\s+")
# The name an acronym in brackets spells out, just before them: "Chỉ số … số (DTI)".
_INDEX_SPELLED = regex.compile(r"(?r)((?:Bộ\h+)?(?:Chỉ số|chỉ số|CHỈ SỐ)[^()\n.;:,]{2,120}?)\h*$")
_ACRONYM = regex.compile(r"\h+\(\p{Lu}[\p{Lu}&\-]{0,5}\p{Lu}[\p{Lu}\p{N}&\-]{0,6}(?:\h(?:Index|index))?\)")
# Emoji, pictographs and keycaps ("👉", "✅", "1️⃣") mark a post's lines: they say nothing.
_PICTURE = r"(?:\p{N}?[\uFE0F\u20E3]+|[\p{So}\p{Sk}\p{Cf}\p{Cs}\uFE0F\u200D]|\s)"
_PICTURES_AT_START = regex.compile(_PICTURE + r"++")
_PICTURES_AT_END = regex.compile(r"(?r)" + _PICTURE + r"++$")
# What a slash opens is the rest of a rate or a date ("35 tỷ USD/năm", "quý II/2024 tỷ lệ …"):
# never the start of a label.
_SLASH_REST = regex.compile(r"/\h*[\p{L}\p{M}\p{N}]*")
_TOPIC_HEADING = regex.compile(r"[\s\-–•*+]*(?:\(?[\p{L}\d]{1,3}[.)]\s*)?(?:về|đối với)\s", regex.IGNORECASE)
_FORM_KEY_EDGES = " \t-–•+*:.▪➢"
_BULLETED_KEY = regex.compile(r"\h*[-+•▪*➢–]\h*[^:\n]{2,80}:\h*")
_AT_ENDS = regex.compile(r"^(?:[\s,]|(?:ở|tại)(?![\p{L}\p{M}]))+|(?<![\p{L}\p{M}])(?:[\s,]|(?:ở|tại)(?![\p{L}\p{M}]))+$")
_ABOUT = regex.compile(r"(?<!\p{L})về\s+(.+)")  # what a rank is about
# The last phrase before a bracket, past a comma or a word of place ("tập trung ở Kon Tum (87 thôn)").
_KEY_BEFORE = regex.compile(r"(?r)(?:^|[,;:]|(?<![\p{L}\p{M}])(?:ở|tại|và))\h*([^,;:()\n]{1,40}?)\h*$")
# A part's key that is a name: a few words, each capitalised ("Viettel", "VNPT", "Hà Giang cũ").
_PROPER_KEY = regex.compile(r"\p{Lu}[\p{L}\p{M}\p{N}&.\-]*(?:\h+(?:\p{Lu}[\p{L}\p{M}\p{N}&.\-]*|cũ|mới)){0,3}")
# The kinds of value a short key in brackets after a value marks as a part of it (a count's
# noun names it: "(14 thạc sỹ, 3 tiến sỹ)"; a rate's key says per what: "(mỗi sim 120.000 đồng/tháng)").
_KEYED_KINDS = frozenset(("percent", "money", "measure", "length", "multiple"))
_KEY_WORDS = 5
_TO_AT_END = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:tới|đến)\s*$", regex.IGNORECASE)
# How far from a value its label may reach (in characters): a long line with no
# punctuation must not make a label of a whole page.
REACH = 300


def _lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern of the label rules compiled when first used: the ones over every place's
    name take hundredths of a second each to compile, and a report may never need them."""
    return LazyPattern(pattern, flags, {}, ("labels.yaml", None))


@dataclass(slots=True)  # not frozen: one per value, built five times faster
class Around:
    """The text around one value that its meaning is read from (offsets in the block)."""

    s_start: int        # the sentence's start
    before: str         # text[s_start:value], closed brackets blanked out
    clause_start: int   # where the value's clause starts
    left_start: int     # where its left phrase may start (after the previous value's phrase)
    left_raw: str       # before[left_start - s_start:]
    right_start: int    # where right_raw starts
    right_raw: str      # the text after the value (past a numeric aside) to its clause's end
    cut_by_value: bool  # the right phrase runs into the next value


@dataclass(slots=True)  # not frozen: one per value, built five times faster
class LabelReading:
    label: Optional[str]
    inherited: bool          # taken from the value before
    phrase_end: int          # where the phrase after the value ends, in right_raw
    head: Optional[str]      # the first word of the phrase after the value


class LabelReader:
    def __init__(self, book: Rulebook, macros: dict, lexicons: dict, qualifiers: QualifierReader, scopes: ScopeReader,
                 cache_size: int, clean_cache_size: int):
        self.qualifiers, self.scopes = qualifiers, scopes
        self.boundary = words_regex(lexicons.get("phrase_boundaries", []))
        # In the phrase after a count, a relative clause on the counted noun goes on past a
        # boundary's word when no comma stands before it: "37 đơn vị đạt mức Tốt", "12 xã còn
        # lại", "14 trạm quan trắc do Sở quản lý" (", đạt 95%" still ends it).
        self.count_relative = optional_words(lexicons.get("count_relatives"))
        # Words that end a count's phrase and stay in it, though a label's trailing link words
        # would take them: "02 chỉ tiêu chưa đạt", "12 xã còn lại", "162.000 người dùng mới".
        self.count_kept_tail = optional_words(lexicons.get("count_kept_endings"))
        self.count_closing = optional_words(lexicons.get("count_closing_relatives"))
        self.count_link_noun = optional_words(lexicons.get("count_link_nouns"))
        # Nouns that count the same people: "6.148 lao động …; Đài Loan 1.488 người".
        self.people = frozenset(w.casefold() for w in lexicons.get("people_nouns", []))
        # The boundaries of a count's phrase: the phrase's and its own, one pattern.
        self.count_stop = words_regex(lexicons.get("phrase_boundaries", []) + lexicons.get("count_phrase_boundaries", []))
        # A count after one of these is inside the subject of another value ("khoản nộp của 114
        # nhà cung cấp nước ngoài đạt hơn 8.900 tỷ đồng"): the verb after it is that value's.
        self.count_in_subject = optional_words(lexicons.get("count_relatives_not_after"), r"[\s,]*$")
        self.not_start = words_regex(lexicons.get("not_a_phrase_start", []))
        self.cue_start = words_regex(lexicons.get("measure_cues", []))
        self.measure_noun = words_regex(lexicons.get("measure_nouns", []))
        # A phrase led by a measure opens on one of these words, folded as the word regexes
        # read them: a clause holding none of them has no cue-led chunk, told by a substring
        # test instead of a try at each chunk (half the clauses). None: an empty list, whose
        # regex matches nothing's start, so no such test.
        cue_words = lexicons.get("measure_cues", []) + lexicons.get("measure_nouns", [])
        self.cue_words = tuple(dict.fromkeys(caseless(w) for w in cue_words)) \
            if lexicons.get("measure_cues") and lexicons.get("measure_nouns") else None
        self.not_heading = words_regex(lexicons.get("not_a_heading", []))
        time_words = lexicons.get("time_words", [])
        # Possessive: a label that is more than a time must fail at once, not retry every split.
        time_word = words_regex(time_words).pattern
        self.time_only = regex.compile(r"(?:[\s,:/\-–]*+(?:" + time_word + r"|\d++))++[\s,:/\-–]*+", regex.IGNORECASE)
        self.time_starts = frozenset(first_word(w) for w in time_words)
        self.not_cue = words_regex(lexicons.get("not_cues", []))
        self.opener_at_end = WordsAtEnd.of(lexicons.get("clause_openers", []), r"[\s,]*")
        self.framing = optional_words(lexicons.get("framing_openers"))
        self.saying = optional_words(lexicons.get("saying_verbs"), r"[\s:,]*$")
        self.saying_inside = optional_words(lexicons.get("saying_inside"))
        self.measure_link = optional_words(lexicons.get("measure_links"))
        self.measure_link_not_after = tuple(lexicons.get("measure_links_not_after", []))
        self.kept_ends = tuple(w.casefold() for w in lexicons.get("label_kept_endings", []))
        rank_words = lexicons.get("rank_words", [])
        self.rank_place = regex.compile(r"(?:(?:từ|lên|xuống|ở|tại)\s+)?(?:(?:các|những)\s+)?(?:" +
                                        words_regex(rank_words).pattern + r")(?:\s+thứ)?",
                                        regex.IGNORECASE) if rank_words else None
        self.copula_at_end = WordsAtEnd.of(lexicons.get("copulas", []))
        self.predicate = optional_words(lexicons.get("predicate_words"))
        self.own_share = optional_words(lexicons.get("own_share_nouns"))
        share_of = lexicons.get("share_of_links")
        self.share_of_at_end = WordsAtEnd.of(share_of) if share_of else None
        links = lexicons.get("share_links")
        self.share_link_at_end = WordsAtEnd.of(links) if links else None
        self.part_opener = words_regex(lexicons.get("part_openers", []))
        # Who acts: the actor words, and the names of provinces ("Nghệ An đạt 0,57 điểm"), one
        # after another ("UBND tỉnh Nghệ An").
        places = [name for e in book.section("provinces")
                  for name in (e["name"], *(e.get("aliases") or []), *(e.get("weak_aliases") or []))] + \
            lexicons.get("regions", []) + lexicons.get("countries", [])
        actor = words_regex(lexicons.get("actors", []) + places).pattern
        links = words_regex(lexicons.get("actor_links", []) or ["và"]).pattern
        adverbs = words_regex(lexicons.get("actor_adverbs", []) or ["lần lượt"]).pattern
        self.place_named = words_regex(places)
        self.place_only = _lazy(r"(?:(?:tỉnh|thành phố|TP\.?|vùng|khu vực)\s+)?(?:" + self.place_named.pattern +
                                r")(?:\s+\(?(?:cũ|mới)\)?)?", regex.IGNORECASE)
        self.place_at_end = _lazy(r"(?r)(?<![\p{L}\p{M}])(?<!(?:của|ở|tại|về|đến|từ|đi)\s+)(?:" +
                                  self.place_named.pattern + r")(?:\s+(?:cũ|mới))?\s*$", regex.IGNORECASE)
        # A name the text writes in capitals ("Thới Bình", "MobiFone"; macro actor_name), with its
        # aside ("Bắc Ninh (mới)"), is who acts as well.
        name = expand_macros("{actor_name}", macros, ("labels.yaml", "actor_name")) if "actor_name" in macros \
            else r"(?!)"
        self.actors = _lazy(r"(?:(?:" + actor + r"|" + name + r")(?:\h*\([^()\n]{1,30}\))?[\s,]*(?:(?:" + links +
                            r")\s+)?)+(?:(?:" + adverbs + r")[\s,]*)*", regex.IGNORECASE)
        # Who acts at the start of a clause, with the titles and words before them ("Chủ tịch
        # UBND tỉnh", "Năm 2024, UBND tỉnh").
        titles = words_regex(lexicons.get("actor_titles", []) or ["Chủ tịch"]).pattern
        self.acting = _lazy(r"(?:[^,;:]*?(?<![\p{L}\p{M}])(?:" + titles + r")\s+)?(?:" + actor + r")(?:\s+(?:" +
                            actor + r"))*(?![\p{L}\p{M}])", regex.IGNORECASE)
        self.topic = regex.compile(r"\s*(?:Về|về)\s+([^,:;]{3,80}?)\s*[,:]")
        # What a ranking is named by ("bảng xếp hạng …", "Bộ chỉ số …", "trụ cột …", the index
        # names): for a rank whose clause names none, the phrase the sentence ranks in.
        heads = words_regex(lexicons.get("ranking_heads", []) + lexicons.get("index_names", [])).pattern \
            if lexicons.get("ranking_heads") else None
        # Not past "so với": what a change is compared with is no ranking ("tăng 5 bậc so với kết
        # quả đánh giá sơ bộ").
        self.ranking_after = regex.compile(r"(?:(?!so\s+với)[^,;:()\n]){0,40}?(?<![\p{L}\p{M}])(?=" + heads + r")",
                                           regex.IGNORECASE) \
            if heads else None
        self.ranking_before = regex.compile(
            r"(?:^|[,;:.])\s*(?:(?:nhưng|còn|song|tuy nhiên|đồng thời)\s+)?(?:" +
            words_regex(lexicons.get("ranking_openers", []) or ["trong"]).pattern +
            r")\s+(" + heads + r"[^,;:()\n]{0,100}?)\s*(?:\([^()\n]{0,30}\)\s*)?(?:(?:năm\s+)?\d{4}\s*)?,", regex.IGNORECASE) \
            if heads else None
        self.ranking_head = regex.compile(heads, regex.IGNORECASE) if heads else None
        # Where a ranking's name ends, past which the text says who made it or when.
        self.ranking_name_end = optional_words(lexicons.get("ranking_name_ends"))
        # The generic noun before an index's own name: "bảng xếp hạng DTI" is ranked by "DTI".
        self.ranking_generic = optional_words(lexicons.get("ranking_generic_heads"), r"\s+")
        self.index_names = tuple(sorted({n.lower() for n in lexicons.get("index_names", [])}, key=len, reverse=True))
        verbs = lexicons.get("reporting_verbs", [])
        self.verb_word = optional_words(verbs)
        self.verb_at_end = WordsAtEnd.of(verbs) if verbs else None
        self.bare_noun = optional_words(lexicons.get("bare_count_nouns"))
        self.object_link = optional_words(lexicons.get("bare_count_objects_after"), r"[\s,]*$")
        self.bare_kin = optional_words(lexicons.get("bare_count_subjects"))
        self.verb_only = regex.compile(r"(?:(?:để|nhằm)\s+)?(?:" + self.verb_word.pattern + r"\s*)+",
                                       regex.IGNORECASE) if verbs else None
        adjectives, dimensions = lexicons.get("dimension_adjectives", []), lexicons.get("dimension_nouns", [])
        self.dimension_at_end = _lazy(
            r"(?r)(?<!(?<![\p{L}\p{M}])(?:" + "|".join(map(regex.escape, dimensions)) + r")\s+)" +
            words_regex(adjectives).pattern + r"(?:\s+khoảng)?\s*$", regex.IGNORECASE) if adjectives and dimensions else None
        self.kind_heading = optional_words(lexicons.get("kind_headings"))
        empty = lexicons.get("empty_labels", [])
        self.empty = regex.compile(r"(?:" + words_regex(empty).pattern + r"[\s,]*)+", regex.IGNORECASE) \
            if empty else None
        self.function_word_noun = optional_words(lexicons.get("function_word_nouns"))
        anaphors = lexicons.get("anaphors", [])
        self.anaphor = optional_words(anaphors)
        # Every anaphor ends on a pointing word ("này", "đó"): a label without one is no anaphor.
        self.anaphor_ends = frozenset(a.split()[-1].casefold() for a in anaphors)
        self.new_clause = optional_words(lexicons.get("clause_after_comma"))
        owners = words_regex(lexicons.get("actors", []) + lexicons.get("owners", []) + places).pattern
        # "Chỉ số DTI năm 2023 của tỉnh", "Tốc độ … trung bình của thành phố": a measure's owner
        # is who is measured, not what.
        owner = r"(?:(?:TP\.?|Tp\.?|thành phố|tỉnh)\s*)?(?:" + owners + r")"
        self.owner_tail = _lazy(r"(?r)\s+(?:của|ở|tại|trên)\s+(?:(?:toàn|cả|các|\d+)\s+)?" + owner +
                                r"(?:[\s,]+(?:và\s+)?" + owner + r")*\s*$", regex.IGNORECASE)
        self.duration = optional_words(lexicons.get("duration_units"))
        self.denominator = optional_words(lexicons.get("denominators"), r"(?=\s+\p{L}|\s*[,.;:)]|\s*$)")
        leading = words_regex(lexicons.get("label_leading", []))
        trailing = words_regex(lexicons.get("label_trailing", []) + qualifiers.all_bounds)
        # A phrase saying when, at either end (rules/labels.yaml, macro label_time), goes with
        # the link words. Anchored by match() at a position, so no "^".
        time = expand_macros("{label_time}", macros, ("labels.yaml", "label_time")) if "label_time" in macros \
            else r"(?!)"
        key = expand_macros("{breakdown_key}", macros, ("labels.yaml", "breakdown_key")) if "breakdown_key" in macros \
            else r"(?!)"
        # A numbered item's name opening a label ("Chỉ tiêu 1 - Tỷ lệ DVCTT …: 46,2%") goes too,
        # tried before the test for nouns that open on a leading word ("chỉ tiêu" is one).
        item = expand_macros("{item_number}", macros, ("labels.yaml", "item_number")) if "item_number" in macros \
            else r"(?!)"
        self.breakdown_key = regex.compile(key, regex.IGNORECASE)
        # A noun that opens on a leading word stays whole: "hiện vật" (artefacts) is no "hiện" (now).
        nouns = words_regex(lexicons.get("function_word_nouns", []) or ["(?!)"]).pattern
        self.leading = regex.compile(r"(?:[\s,:\-–]*(?:" + item + r"|(?!" + nouns + r")(?:" + leading.pattern + r"|" + time +
                                     r"(?![\p{L}\p{N}]))))+[\s,:\-–]*", regex.IGNORECASE)
        # The base of a rate of exchange ("Tỷ giá tham chiếu 1 USD = 24.300 đồng") ends no label.
        base = expand_macros("{exchange_base}", macros, ("labels.yaml", "exchange_base")) if "exchange_base" in macros \
            else r"(?!)"
        self.trailing = regex.compile(r"(?r)(?:[\s,:\-–]*(?:" + trailing.pattern + r"|(?<![\p{L}\p{N}])(?:" + time +
                                      r"|" + base + r")))+[\s,:\-–]*$", regex.IGNORECASE)
        # Pure functions of their phrases, each distinct phrase read once.
        self.right_phrase = lru_cache(maxsize=cache_size)(self._right_phrase)
        self._left_phrase = lru_cache(maxsize=cache_size)(self._left_phrase)
        self._is_cue_led = lru_cache(maxsize=cache_size)(self._is_cue_led)
        self._trimmed = lru_cache(maxsize=clean_cache_size)(self._trimmed)
        self.anaphoric = lru_cache(maxsize=cache_size)(self.anaphoric)
        self._left_end = lru_cache(maxsize=cache_size)(self._left_end)
        self._names_part = lru_cache(maxsize=cache_size)(self._names_part)
        self._only_reports = lru_cache(maxsize=cache_size)(self._only_reports)
        self._saying_what = lru_cache(maxsize=cache_size)(self._saying_what)
        self._past_verb = lru_cache(maxsize=cache_size)(self._past_verb)
        self._unframed = lru_cache(maxsize=cache_size)(self._unframed)

    def read(self, text: str, f: Find, at: Around, previous_label: Optional[str],
             has_previous: bool, previous_unit: Optional[str] = None) -> LabelReading:
        """The label of `f` from the phrases around it."""
        counted = f.kind in ("count", "fraction") and not (
            self.count_in_subject is not None and ending(self.count_in_subject, at.left_raw, 0, len(at.left_raw)))
        right_label, head, right_end = self.right_phrase(at.right_raw, at.cut_by_value, counted)
        opened, subject = self._left_end(at.left_raw)
        left_label = "" if opened else self._left_phrase(at.left_raw, text[at.left_start:f.start])
        if subject and not left_label and at.left_start > at.clause_start and "," not in at.left_raw:
            # "X của 3 cấp chính quyền là 141.616 hồ sơ": the subject X spans the earlier number
            # (not after a comma: "X đạt 1.236 tỷ đồng, bằng 52,1% kế hoạch" is X's again).
            left_label = self._left_phrase(at.before[at.clause_start - at.s_start:], text[at.clause_start:f.start])
        headed = False
        if not left_label and at.clause_start > at.s_start and text[at.clause_start - 1] == ":":
            left_label = self._heading(at.before, text, at.s_start, at.clause_start - 1)
            headed = bool(left_label)
            if headed and has_previous and previous_label and previous_label != left_label and \
                    at.left_start > at.clause_start and not self.clean(at.left_raw):
                # "Thu ngân sách: Lũy kế …, số thu NSNN đạt 71.426 tỷ đồng, bằng 78,5% dự toán": a value
                # linked to the one before in its clause is of what that one measures, not the heading's.
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
                left_label = self._heading(at.before, text, at.s_start, bracket)
        if left_label:
            left_label = self._unframed(left_label)
        if left_label and self.measure_link is not None and not self._is_cue_led(left_label):
            left_label = self._linked_measure(left_label)
        if f.kind == "rank" and left_label and self.rank_place is not None and self.rank_place.fullmatch(left_label):
            left_label = ""  # "từ vị trí 49 lên vị trí 22": the word of the place names no ranking
        if has_previous and f.kind in ("count", "fraction") and previous_label and \
                self._counts_part_of(text, at, left_label, right_label, previous_label, previous_unit):
            return LabelReading(previous_label, True, right_end, head)
        if left_label and self._names_part(left_label):
            # "…: xã Phương Xá đạt 95%; xã Sai Nga 87,5%": the key of a breakdown says which part;
            # what is measured is the list's (the value before, or the heading of the list).
            colon = at.before.rfind(":", 0, f.start - at.s_start)
            left_label = "" if has_previous or colon < 0 else self._heading(at.before, text, at.s_start,
                                                                             at.s_start + colon)
        if left_label and right_label and self.framing is not None and at.left_raw.rstrip().endswith(",") \
                and (self.framing.match(left_label) or self.framing.match(at.left_raw.lstrip(" ,;:-–•"))):
            left_label = ""  # "Xét theo ngành, 63% DN …": the clause before frames, the phrase after names
        if left_label and self._only_reports(left_label):
            # A clause's label never is the verb that reports the value, nor who does it: "bố trí",
            # "Hoàn thành", "Chúng tôi đã đào tạo 100% công nhân", "Huế phấn đấu số hóa 100% hiện vật".
            left_label = ""
        if f.kind in ("rank", "measure") and left_label and self.actors.match(left_label):
            # Who is ranked or scored, and what is said of them, names nothing: "Cần Thơ tiếp
            # tục là "đầu tàu" của vùng khi xếp thứ 9/63".
            left_label = ""
        if has_previous and left_label and not right_label and text[at.clause_start - 1:at.clause_start] == "(" \
                and at.left_start >= at.clause_start and not self._is_cue_led(left_label):
            # A breakdown in brackets after a value, a key then the value, is that value's:
            # "…đạt 80,6% (khu vực miền núi 52,6%)", "(Hà Nội 93,2%)"; a measure named in them,
            # or a noun after the value ("(14 thạc sỹ CNTT, …)"), is their own.
            left_label = ""
        left_label, right_label = self._saying_what(left_label), self._saying_what(right_label)
        if f.kind == "length" and left_label and self.dimension_at_end is not None:
            adjective = self.dimension_at_end.search(left_label)
            if adjective is not None:
                left_label = left_label[:adjective.start()].rstrip(_SPACE_PUNCT)
        if f.kind == "rank" and left_label and not self._is_cue_led(left_label) \
                and self.place_at_end.search(left_label):
            # "Nhóm dẫn đầu còn có Hải Phòng (thứ 6)": the clause ends on the place ranked; what
            # the ranking is of was said before it.
            left_label = ""
        if has_previous and right_label and len(right_label.split()) <= 2 and not self._is_cue_led(left_label) \
                and self.part_opener.search(text, max(at.s_start, f.start - 40), f.start):
            # "Số hồ sơ tiếp nhận: 412 hồ sơ; trong đó trực tuyến: 356 hồ sơ": a part named by
            # its noun alone is a part of what the value before measures.
            left_label = right_label = ""
        if has_previous and f.kind == "percent" and left_label and not right_label and \
                not self._is_cue_led(left_label) and self.opens_part(at.left_raw) and \
                at.left_raw.rstrip(_SPACE_PUNCT).endswith(left_label):
            # "… ước đạt 67,5%, trong đó có bằng cấp, chứng chỉ 26,8%": a part named by its key
            # right before its share, no verb between, is a part of what the value before measures.
            left_label = ""
        if f.kind == "count" and left_label and self._subject_of_bare_noun(left_label, right_label) and \
                not (self.object_link is not None and
                     self.object_link.search(self.qualifiers.without_bound(at.left_raw, last_word(at.left_raw))[0])):
            # "Lao động nữ 1.845 người", "Lao động có việc làm quý III đạt 2,13 triệu người": after a
            # number the bare noun of people or households only says in what it counts; the
            # subject before it says who (not "Hội nghị thu hút 500 người": a verb ends it).
            right_label = ""
        denominator = f.kind == "percent" and (self.denominator is not None and self.denominator.match(right_label) or
                                               has_previous and not left_label and self._share_of(at.left_raw) and
                                               not (self.own_share is not None and self.own_share.match(right_label)))
        # "Giao dịch bằng QR code: 17,8 triệu món", "- Mới tiếp nhận: 35.511 hồ sơ": a form's key
        # right before the value names what a count of plain things (món, hồ sơ) counts.
        # "trả lời khách hàng bằng 4 ngôn ngữ": before a count with its noun, "bằng" is "by
        # means of", linking no subject.
        if subject and f.kind == "count" and right_label and last_word(at.left_raw) == "bằng":
            subject = False
        cue_led = subject and bool(left_label) or self._is_cue_led(left_label) or \
            headed and bool(left_label) and (len(right_label.split()) == 1 or len(right_label.split()) == 2 and
                                             not has_previous and self._bulleted_key(text, f.start))
        if not cue_led and left_label and right_label and " " not in right_label.strip() and \
                left_label[:len(right_label)].casefold() == right_label.casefold():
            # "Camera an ninh kết nối về Trung tâm điều hành: 126 camera": the noun said again
            # after the number is less than the phrase before that opens with it.
            cue_led = True
        topic = self.topic.match(text, at.s_start, f.start) if f.kind == "rank" else None
        if denominator and (left_label or has_previous and self._restates(at.left_raw) and
                            not (at.left_start <= at.clause_start and text[at.clause_start - 1:at.clause_start] == ";")):
            # "đạt 98,2% số công dân đủ điều kiện": what follows is what the share is of.
            right_label = ""
        if f.kind == "count" and self.duration is not None and right_label and \
                (left_label or self.duration.fullmatch(right_label)) and self.duration.match(right_label):
            # "thời gian trả kết quả là 5 ngày làm việc": the phrase after is how long. "Thời gian
            # chờ giảm còn 38 phút": the unit alone names nothing; the subject before the verb does.
            right_label = ""
            if not left_label and opened:
                left_label = self._left_phrase(at.left_raw, text[at.left_start:f.start])
        if has_previous and previous_label and f.kind in _KEYED_KINDS and not self._is_cue_led(left_label) and \
                self._in_breakdown(text, at, f.start):
            # "tổng diện tích 118,6 ha (nho 64,2 ha; táo 39 ha; măng tây 15,4 ha)", "(85 ha sầu riêng,
            # 35 ha cà phê)": a key in the brackets after a value, before or after the number, says
            # which part of it; what is measured is that value's.
            if left_label and self._short_key(left_label):
                left_label = ""
            if not left_label and right_label and f.kind != "percent" and self._short_key(right_label):
                right_label = ""
        if f.kind == "percent" and left_label and right_label and not cue_led and not denominator and \
                (self._acts_on_share(at.left_raw, left_label) or self._names_own_share(at.left_raw, right_label)):
            # "Singapore hút tới 62% tổng vốn …", "sóng 4G phủ 99,6% thôn, làng": a clause ending on
            # a verb that acts on what follows the share; that phrase names what the share is of.
            left_label = ""
        label, inherited = self._choose(f, left_label, right_label, at.right_raw, cue_led, previous_label,
                                        has_previous, self.clean(topic.group(1)) if topic else None)
        if f.kind == "rank" and self.ranking_head is not None and not inherited and \
                (label is None or not self._is_cue_led(label) and self.ranking_head.search(label) is None):
            # "Trong Khảo sát Chính phủ điện tử 2024, Việt Nam xếp thứ 71/193", "lọt top 5 của bảng
            # xếp hạng Chính phủ điện tử": who is ranked, or a verb, names no ranking; the
            # sentence's phrase of a ranking does.
            label = self._ranking_named(text, at, label is None or self._rank_actor(label)) or \
                (None if label is not None and self._rank_actor(label) else label)
        if label and not inherited and label == left_label:
            label = self._past_verb(label)
        return LabelReading(label, inherited, right_end, head)

    def indexes(self, text: str) -> list[tuple[int, str]]:
        """Where the text names a ranking index, and the name, in order (the longest name
        at a place). A `str.find` per name, whole words only: a regex of the names tried every
        letter of the block."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer: offsets would drift
            return []
        found: dict[int, str] = {}
        for name in self.index_names:  # longest first: "Chỉ số chuyển đổi số" before a shorter one
            at = lowered.find(name)
            while at >= 0:
                end = at + len(name)
                if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()) and \
                        not any(a < at < a + len(n) for a, n in found.items()):  # not inside a longer name
                    found.setdefault(at, text[at:end])
                at = lowered.find(name, end)
        # An acronym the text has spelled out ("Chỉ số đánh giá mức độ chuyển đổi số (DTI)")
        # stands for its full name from there on.
        spelled: dict[str, str] = {}
        out = []
        for at, name in sorted(found.items()):
            if name.isupper() and text[at - 1:at] == "(" and text[at + len(name):at + len(name) + 1] == ")":
                full = _INDEX_SPELLED.search(text, max(0, at - REACH), at - 1)
                if full is not None and not full.group(1).isupper():  # not a heading in capitals
                    spelled[name] = f"{full.group(1)} ({name})"
            out.append((at, spelled.get(name, name)))
        return out

    def past_actor(self, left_raw: str) -> str:
        """The clause before a value less who acts in it, where a piece of it opens with them
        (blanked, so offsets hold): "Sáu tháng đầu năm, UBND tỉnh giao " names no level."""
        out = left_raw
        for cs, _ in comma_chunks(left_raw):
            start = cs + len(left_raw[cs:]) - len(left_raw[cs:].lstrip(" ;:-–•"))
            actor = self.acting.match(left_raw, start)
            if actor is not None:
                out = out[:actor.start()] + " " * (actor.end() - actor.start()) + out[actor.end():]
        return out

    def _without_actors(self, phrase: str) -> str:
        """A phrase without who acts at its start ("Chúng tôi đã đào tạo" -> "đào tạo")."""
        who = self.actors.match(phrase)
        return phrase[who.end():].strip() if who else phrase

    def anaphoric(self, label: Optional[str]) -> bool:
        """Whether a label only points back ("con số này", "tỷ lệ này ở cấp xã"); not one that
        names more ("kết quả thực hiện của chỉ tiêu này")."""
        if not label or self.anaphor is None:
            return False
        folded = label.casefold()
        if not any(end in folded for end in self.anaphor_ends):
            return False
        # Less the words "ở", "tại" at its ends ("tỷ lệ này ở cấp xã"): a strip of their letters
        # took the "t" of "tỷ lệ này".
        return self.anaphor.fullmatch(_AT_ENDS.sub("", self.clean(self.scopes.without_scopes(label)))) is not None

    @staticmethod
    def _bulleted_key(text: str, at: int) -> bool:
        """Whether the value at `at` follows a bulleted line's key and colon ("   - Mới tiếp
        nhận: 35.511 hồ sơ"): a form's item, named by its key."""
        return _BULLETED_KEY.fullmatch(text, text.rfind("\n", 0, at) + 1, at) is not None

    def names_nothing_measured(self, heading: str) -> bool:
        """Whether a table's heading only says what kind of figure its cells are ("Điểm"), or
        only where ("Đồng bằng sông Hồng", "Hà Giang cũ")."""
        heading = heading.strip()
        return self.kind_heading is not None and self.kind_heading.fullmatch(heading) is not None or \
            self.place_only.fullmatch(heading) is not None

    def bare_cue(self, before: str) -> bool:
        """Whether the text before a value in its sentence is only a measure's word, a
        form's key naming nothing ("- Tỷ lệ: 98,94 %")."""
        return self.cue_start.fullmatch(before.strip(_FORM_KEY_EDGES)) is not None

    def part_key(self, before: str) -> Optional[str]:
        """The key, when the text before a value in its sentence is only a bulleted key that
        says which part ("   - Cấp tỉnh: 1.298 thủ tục"): the part of the line above."""
        if not _BULLETED_KEY.fullmatch(before):
            return None
        key = before.strip(_FORM_KEY_EDGES)
        return key if self.breakdown_key.fullmatch(key) else None

    def opens_part(self, left_raw: str) -> bool:
        """Whether the clause before a value opens a part of the value before ("trong đó")."""
        return bool(self.part_opener.match(left_raw.lstrip(" ,;:")))

    def _choose(self, f: Find, left: str, right: str, right_raw: str, cue_led: bool, previous_label: Optional[str],
                has_previous: bool, topic: Optional[str]) -> tuple[Optional[str], bool]:
        """Which phrase names the value; the flag says it was taken from the value before."""
        if f.kind == "rank":
            # "đứng thứ 13/63 tỉnh, thành phố về chuyển đổi số": ranked on what follows "về".
            about = _ABOUT.search(right_raw)
            if about:
                subject, _, _ = self.right_phrase(about.group(1), True)
                if subject:
                    return subject, False
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

    def _right_phrase(self, raw: str, cut_by_value: bool, counted: bool = False) -> tuple[str, Optional[str], int]:
        """The noun phrase after a value: (label, its first word, where it ends).

        It runs to a bracket, semicolon, sentence end or boundary word (after a count, not one
        of `count_relative` that no comma precedes: `counted`). A comma does not end
        it ("100% doanh nghiệp, tổ chức sử dụng hóa đơn điện tử;"), unless what follows the
        comma runs into the next value ("1.482 Tổ …, 151 tổ …"): then it ends at that comma."""
        stripped = raw.lstrip()
        offset = len(raw) - len(stripped)
        opens = stripped[1:] if stripped[:1] in _QUOTES else stripped  # a quoted name: '85 "Sông Hàn-ers"'
        if not opens or not opens[0].isalpha() or self.not_start.match(stripped):
            return "", None, 0
        end, head, at_last_comma = 0, None, None
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
                stop = (self.count_stop if counted else self.boundary).match(stripped, ws) or \
                    (self.new_clause.match(stripped, ws) if after_comma and self.new_clause is not None else None)
                if stop is not None and counted and head is not None:
                    if ws < relative_end:
                        stop = None  # inside a count's relative clause's opening words ("đạt và vượt")
                    elif at_last_comma is None and self.count_relative is not None:
                        relative = self.count_relative.match(stripped, ws)
                        if relative is not None and relative.end() in word_ends:
                            relative_end, stop = relative.end(), None
                            if self.count_closing is not None and self.count_closing.fullmatch(relative.group()):
                                end = relative.end()  # "12 xã còn lại": the phrase ends on it
                                stopped = closed = True
                                break
                if stop and stop.end() in word_ends:
                    stopped = True
                    if clause_after_comma is not None and self._is_cue_led(stripped[clause_after_comma:ws]):
                        # "6 bước, thời gian chờ … giảm từ 95 phút": after a comma a measure's
                        # subject and its verb make a clause of their own; the phrase ends at
                        # the comma (not "xã, phường, thị trấn có cáp quang đến …").
                        end = at_last_comma
                    break
                if after_comma:
                    clause_after_comma = ws
                after_comma = False
                if head is None:
                    head = word
                end = we
            if stopped:
                break
        # "155/155 xã, phường, thị trấn và 100% thôn": a value joined by "và" is a sibling,
        # not a new clause after the last comma.
        if not stopped and cut_by_value and at_last_comma is not None and \
                not ending(_JOINED, stripped, 0, len(stripped)):
            end = at_last_comma
        # A phrase closed by "còn lại" is the counted noun and its modifiers, whole: link words
        # at its ends would take "tỉnh" of "Hai tỉnh còn lại" and "còn" with it.
        label = _SPACES.sub(" ", stripped[:end].strip(_SPACE_PUNCT)) if closed else self.clean(stripped[:end])
        if relative_end and not closed and label and (stopped or not cut_by_value):
            # A relative clause that runs to the phrase's end is whole: "5 chỉ tiêu đạt trên 80% kế
            # hoạch;" keeps "kế hoạch", which after a subject's verb would be a link word.
            at = stripped.find(label)
            label = stripped[at:end].rstrip(_SPACE_PUNCT) if at >= 0 else label
        if not label and self.function_word_noun is not None and self.function_word_noun.match(stripped):
            # "15 chỉ tiêu": a noun that is also a cue word ("chỉ tiêu 95%") is what is counted.
            label = stripped[:end]
            trail = ending(self.trailing, label, 0, len(label))
            label = (label[:trail.start()] if trail else label).strip(_SPACE_PUNCT) or \
                self.function_word_noun.match(stripped).group()
        elif not label and counted and self.count_link_noun is not None and self.count_link_noun.match(stripped):
            # "UBND huyện ban hành 02 kế hoạch, 09 văn bản": after a count, a noun that is also a
            # label's link word ("kế hoạch" of "so với kế hoạch") is what is counted.
            label = self.count_link_noun.match(stripped).group()
        if counted and label and self.count_kept_tail is not None:
            label = self._count_tail_kept(stripped[:end], label)
        return label, head, offset + end

    def _count_tail_kept(self, phrase: str, label: str) -> str:
        """A count's phrase less its link words, with the words from a kept ending on back
        on it ("chỉ tiêu chưa đạt", "chỉ tiêu đạt và vượt kế hoạch", not "chỉ tiêu")."""
        at = phrase.find(label)
        if at < 0:
            return label
        rest = at + len(label)
        kept = self.count_kept_tail.match(phrase, rest + len(phrase[rest:]) - len(phrase[rest:].lstrip()))
        return label if kept is None else phrase[at:kept.end()]

    def _left_phrase(self, raw: str, original: Optional[str] = None) -> str:
        """The clause before a value: from its first cue-led chunk, else its last chunk that
        says more than a scope ("…, cấp huyện và đến 100%" looks back past "cấp huyện").
        `raw` may have its brackets blanked out; the label is copied from `original`."""
        original = raw if original is None else original
        chunks = comma_chunks(raw)
        found: Optional[tuple[int, int]] = None
        for cs, _ in chunks if self.may_be_cue_led(raw) else ():
            lead = self.leading.match(raw, cs)
            start = lead.end() if lead else cs
            while start < len(raw) and (raw[start].isspace() or raw[start] in _BULLETS):
                start += 1
            if self._is_cue_led(raw[start:]):
                found = self._clean_span(raw, start, len(raw))
                if self._is_cue_led(raw[found[0]:found[1]]):
                    found = self._parallel(raw, found, chunks)
                    owner = ending(self.owner_tail, raw, found[0], found[1])
                    if owner is not None:
                        found = self._clean_span(raw, found[0], owner.start())
                    break
                found = None
        if found is None:
            for cs, ce in reversed(chunks):
                chunk = self.clean(raw[cs:ce])
                if not chunk or self.cue_start.fullmatch(chunk):
                    return ""
                if self.clean(self.scopes.without_scopes(chunk)):
                    found = self._clean_span(raw, cs, len(raw))
                    break
        if found is None:
            return ""
        actor = self.actors.match(raw, found[0], found[1])
        if actor and not self.clean(raw[actor.end():found[1]]):
            return ""
        # A bracket closing the phrase that only gives its acronym is its name's: "Chỉ số
        # chuyển đổi số (DTI)".
        acronym = _ACRONYM.match(original, found[1])
        end = acronym.end() if acronym and not raw[found[1]:acronym.end()].strip() else found[1]
        return _SPACES.sub(" ", original[found[0]:end])

    def _past_verb(self, label: str) -> str:
        """A label past who acts and the verb that reports ("Gia Lai ghi nhận tỷ lệ hồ sơ …",
        "Chúng tôi cam kết SLA uptime"): what is measured follows the verb when an actor
        stands before it, or a few words and a measure's cue opens what follows ("Nhóm dữ
        liệu ghi nhận khoảng cách …"). A verb opening the phrase stays: "Giải quyết quá hạn"
        names a kind of case, and a verb's syllable may open a noun ("Giao dịch", "Cần Thơ")."""
        if self.verb_word is None or self._is_cue_led(label):
            return label
        for verb in self.verb_word.finditer(label):
            before = label[:verb.start()].strip(" ,")
            start, end = self._clean_span(label, verb.end(), len(label))
            if start >= end:
                break
            if before and (self.actors.fullmatch(before) or len(before.split()) <= 4 and
                           self._is_cue_led(label[start:end]) and not self._bare_so(label, start)):
                return label[start:end]
        return label

    def _bare_so(self, text: str, at: int) -> bool:
        """Whether the measure's cue at `at` is "số" alone, which after a verb is mostly the
        verb's own ("chuyển đổi số", "ký số")."""
        cue = self.cue_start.match(text, at)
        return cue is not None and cue.group().casefold() == "số"

    def _parallel(self, raw: str, found: tuple[int, int], chunks: list[tuple[int, int]]) -> tuple[int, int]:
        """Measures listed side by side, each led by the same cue ("tỷ lệ A, tỷ lệ B đạt
        78,4%"): the one nearest the value."""
        cue = self.cue_start.match(raw, found[0], found[1])
        if cue is None:
            return found
        head = raw[cue.start():cue.end()].casefold()
        for cs, _ in reversed(chunks):
            start = cs + len(raw[cs:]) - len(raw[cs:].lstrip())
            if start <= found[0]:
                break
            again = self.cue_start.match(raw, start, found[1])
            if again is not None and raw[again.start():again.end()].casefold() == head:
                return self._clean_span(raw, start, found[1])
        return found

    def _heading(self, masked: str, text: str, s_start: int, colon: int) -> str:
        """The phrase before a colon that heads the values after it ("Tỷ lệ X: 92%")."""
        head_start = max(s_start + last_hard_end(masked[:colon - s_start]), colon - REACH)
        head = self._left_phrase(masked[head_start - s_start:colon - s_start], text[head_start:colon])
        return "" if not head or self.not_heading.match(head) else head

    def _left_end(self, left_raw: str) -> tuple[bool, bool]:
        """How the clause before a value ends, past a bounding word: (on a word that opens a
        clause, on a copula linking a subject to the value)."""
        bare, bare_last = self.qualifiers.without_bound(left_raw, last_word(left_raw))
        copula = self.copula_at_end.search(bare, bare_last)
        # "là", "bằng" link a subject to its number; "Bằng" is in a name ("Cao Bằng").
        return self.opener_at_end.search(bare, bare_last) is not None, \
            copula is not None and copula.group().strip().islower()

    def _past_link(self, left_raw: str) -> tuple[bool, str, str]:
        """The clause before a share read at its end: (whether it ends on a word linking a subject
        to the share, the clause less a bounding word, its last word then)."""
        raw_last = last_word(left_raw)
        if self.share_link_at_end.search(left_raw, raw_last) is not None:
            return True, left_raw, raw_last  # "Kinh tế số ước chiếm 11,2% GRDP": the bound holds the link
        bare, last = self.qualifiers.without_bound(left_raw, raw_last)
        return self.share_link_at_end.search(bare, last) is not None, bare.rstrip(), last

    @staticmethod
    def _in_breakdown(text: str, at: Around, start: int) -> bool:
        """Whether a value stands in brackets still open, opened after a number of its sentence
        ("tổng diện tích 118,6 ha (nho 64,2 ha; táo 39 ha …")."""
        bracket = text.rfind("(", at.s_start, start)
        return bracket > at.s_start and ")" not in text[bracket:start] and \
            any(c.isdigit() for c in text[at.s_start:bracket])

    def _short_key(self, key: str) -> bool:
        """Whether a phrase is short enough to be a key naming a part: a few words, no verb."""
        return 1 <= len(key.replace(",", " ").split()) <= _KEY_WORDS and \
            (self.verb_word is None or self.verb_word.search(key) is None)

    def _remark(self, heading: str) -> bool:
        """Whether a heading is a clause saying something, with a word of aspect or a verb ("Zalo
        là công cụ phổ biến nhất", "Thu phí không dừng", "Chi cục đề xuất các chỉ tiêu"), not
        the name of a measure or a key ("Cáp quang đến hộ", "Hệ thống iOffice")."""
        return self.predicate is not None and not self._is_cue_led(heading) and \
            (self.predicate.search(heading) is not None or
             self.verb_word is not None and self.verb_word.search(heading) is not None)

    def _names_own_share(self, left_raw: str, right: str) -> bool:
        """Whether the phrase after a share names a measure, which the clause before does not:
        "Samsung chiếm 31,5% thị phần smartphone", "giúp tiết kiệm khoảng 30% lượng nước";
        after a link ("chiếm", "đạt") only a share that names itself ("thị phần"), not a whole
        ("chiếm 71% doanh thu SaaS", "giải ngân đạt 98% kế hoạch vốn")."""
        if not self._is_cue_led(right):
            return False
        if self.own_share is not None and self.own_share.match(right):
            return True
        return self.share_link_at_end is None or not self._past_link(left_raw)[0]

    def _share_of(self, left_raw: str) -> bool:
        """Whether the clause before a share, after the value before it, is only a word making it a
        share of what follows ("…đóng góp 31,5 tỷ đồng, chiếm 13,3% doanh thu"): what follows
        is the whole, the value before what the share measures (not a share that names itself:
        "…, chiếm 58% thị phần", lexicon own_share_nouns)."""
        if self.share_of_at_end is None:
            return False
        bare, last = self.qualifiers.without_bound(left_raw, last_word(left_raw))
        found = self.share_of_at_end.search(bare, last)
        return found is not None and not bare[:found.start()].strip(" ,(–-")

    def _restates(self, left_raw: str) -> bool:
        """Whether a share, after the value before it in its sentence, is said of that value: linked
        to it ("…, chiếm 45% tổng số hộ", "(bằng 52,1% dự toán)") or with only a bound between
        ("…, xấp xỉ 11,5% dân số"); not one opening an item of its own ("…, trong đó 45% số hộ …").
        A share after a semicolon opens one too (tried by the caller: the clause starts there)."""
        if self.share_link_at_end is None:
            return True
        linked, bare, _ = self._past_link(left_raw)
        return linked or not any(c.isalpha() for c in bare)

    def _acts_on_share(self, left_raw: str, label: str) -> bool:
        """Whether the clause before a share ends on a verb acting on the share's phrase after it
        (a word in lower case, past a bounding word), not one linking a subject to its share
        ("chiếm", "đạt", "tăng"). A clause opening on the verb, with no subject, reaches
        "tới", "đến" what it acts on: "Phủ sóng 4G đến 100% thôn, bản" (not "Mạng 4G phủ sóng
        tới 97,7% khu vực dân cư", the network's share)."""
        if self.share_link_at_end is None:
            return False
        if self.verb_word is not None and _TO_AT_END.search(left_raw) is not None and \
                self.verb_word.match(label) is not None:
            return True
        linked, bare, last = self._past_link(left_raw)
        return not linked and bool(bare) and bare[-1].isalpha() and last[:1].isalpha() and bare[-len(last):].islower()

    def _unframed(self, label: str) -> str:
        """A clause's label less the clause that frames it, and none where it only says who speaks."""
        if self.framing is not None and self.framing.match(label) and "," in label:
            # "Xét theo từng cấp chính quyền, cấp tỉnh 94,6%": the framing clause goes, the key stays.
            label = label[label.rindex(",") + 1:].strip()
        if label and self.saying is not None and ending(self.saying, label, 0, len(label)):
            return ""  # "Giám đốc Sở cho biết 100% …": who speaks names nothing
        if label and self.saying_inside is not None:
            # "Phó Chủ tịch UBND tỉnh … cho biết năm 2024 kinh tế số của tỉnh ước chiếm 29,6%": what
            # is said follows who says it.
            said = None
            for said in self.saying_inside.finditer(label):
                pass
            if said is not None:
                label = self._left_phrase(label[said.end():])
        return label

    def _linked_measure(self, label: str) -> str:
        """The measure a clause names after who leads with it ("Viettel dẫn đầu với tốc độ tải
        xuống", "Dẫn đầu là TP.HCM (…) với số thu nội địa"): the last one, else the clause."""
        found = None
        for link in self.measure_link.finditer(label):
            preceding = label[:link.start()].split()
            if preceding and preceding[-1] in self.measure_link_not_after:
                continue  # "đối với" (as for) links no measure
            rest = self.clean(label[link.end():])
            cue = self.cue_start.match(rest)
            if self._is_cue_led(rest) and not self.measure_noun.fullmatch(rest) and \
                    (cue is None or cue.group().casefold() != "số" or len(rest.split()) >= 3):
                found = rest
        return found or label

    def _subject_of_bare_noun(self, left: str, right: str) -> bool:
        """Whether `right` is only a bare noun of what is counted ("người", "hộ") and `left` a
        subject before it that names more: not an actor, not ending on a verb."""
        if self.bare_noun is None or not right or not self.bare_noun.fullmatch(right):
            return False
        if self._names_part(left) or self._only_reports(left) or \
                self.bare_kin is not None and not self.bare_kin.search(left):
            return False  # the subject names people or households too ("Lao động nữ"), not "Qua kiểm tra"
        return self.verb_at_end is None or self.verb_at_end.search(left, last_word(left)) is None

    def _rank_actor(self, label: str) -> bool:
        """Whether a rank's label only says who is ranked and how it moved ("QN tiếp tục",
        "Viettel cũng vượt lên dẫn đầu", "giúp Việt Nam"): who acts opens it."""
        return self.acting.match(label) is not None or self.actors.match(label) is not None

    def _ranking_named(self, text: str, at: Around, before: bool = True) -> Optional[str]:
        """The phrase of a ranking around a rank in its sentence: after it in its clause ("xếp
        thứ 4/63 trong đánh giá …"), else (`before`) the last one that opens a clause before it
        ("Trong Bộ chỉ số …, Yên Thành xếp thứ 3/21")."""
        after = self.ranking_after.match(at.right_raw)
        if after is not None:
            named, _, _ = self.right_phrase(at.right_raw[after.end():], True)
            if named:
                return self._ranking_name(named)
        if not before:
            return None
        found = None
        for found in self.ranking_before.finditer(at.before):  # brackets blanked: "(DTI)" is no clause
            pass
        if found is None:
            return None
        return self._ranking_name(text[at.s_start + found.start(1):at.s_start + found.end(1)])

    def _ranking_name(self, phrase: str) -> str:
        """A ranking's name less who made it, when, and whose it is ("bảng xếp hạng Chỉ số
        chuyển đổi số cấp tỉnh (DTI) năm 2020 vừa được Bộ TT&TT công bố" -> "Chỉ số chuyển đổi
        số cấp tỉnh (DTI)")."""
        cut = self.ranking_name_end.search(phrase) if self.ranking_name_end is not None else None
        phrase = self.clean(phrase[:cut.start()] if cut is not None else phrase)
        owner = ending(self.owner_tail, phrase, 0, len(phrase))
        if owner is not None:
            phrase = self.clean(phrase[:owner.start()])
        generic = self.ranking_generic.match(phrase) if self.ranking_generic is not None else None
        if generic is not None:
            rest = phrase[generic.end():]
            if self._is_cue_led(rest) or any(rest.casefold().startswith(n) for n in self.index_names):
                phrase = rest
        return phrase

    def _counts_part_of(self, text: str, at: Around, left: str, right: str, previous: str,
                        previous_unit: Optional[str]) -> bool:
        """Whether a count names only a part, by its key, and the bare noun the value before
        counts: "100 thôn "lõm sóng" (Viettel 47 thôn, VNPT 35 thôn)", "2.964 trạm BTS (khu
        vực Tuyên Quang cũ 1.538 trạm, …)", "tập trung ở Kon Tum (87 thôn)". It counts the same."""
        if not right or right.casefold() == previous.casefold():
            return False
        same = previous_unit is not None and (right.casefold() == previous_unit.casefold() or
                                              right.casefold() in self.people and previous_unit.casefold() in self.people) or \
            len(right) < len(previous) and previous[:len(right)].casefold() == right.casefold() and \
            not previous[len(right)].isalnum()
        if not same:
            return False
        if not left:
            left = self.clean(at.left_raw)  # a key the label reading has let go ("MobiFone 18 thôn")
        if not left:
            # Nothing before it in its clause: the first value in brackets after a part's key.
            if text[at.clause_start - 1:at.clause_start] != "(":
                return False
            key = _KEY_BEFORE.search(text, max(at.s_start, at.clause_start - 60), at.clause_start - 1)
            left = self.clean(key.group(1)) if key else ""
        return bool(left) and (self._names_part(left) or self.place_only.fullmatch(left) is not None or
                               _PROPER_KEY.fullmatch(left) is not None)

    def _names_part(self, label: str) -> bool:
        """Whether a phrase only says which part of a breakdown, or who: a key or an actor."""
        return bool(self.breakdown_key.fullmatch(label) or self.actors.fullmatch(label))

    def _only_reports(self, label: str) -> bool:
        """Whether a phrase is only the verb that reports a value ("bố trí", "Hoàn thành"),
        past who does it ("Chúng tôi đã đào tạo")."""
        return self.verb_only is not None and self.verb_only.fullmatch(self._without_actors(label)) is not None

    def _saying_what(self, label: str) -> str:
        """The label, unless it only says when ("năm 2025", "đến hết năm 2024") or names
        nothing ("bình quân", "cao"): then none."""
        if label and self.empty is not None and self.empty.fullmatch(label):
            return ""
        if not label or not (label[0].isdigit() or first_word(label) in self.time_starts):
            return label  # most labels start with a word no time starts with: told without the regex
        return "" if self.time_only.fullmatch(label) else label

    def may_be_cue_led(self, text: str) -> bool:
        """Whether some piece of `text` from a place on may be cue-led (`_is_cue_led`): it holds
        a measure's word."""
        return self.cue_words is None or may_hold(self.cue_words, text)

    def _is_cue_led(self, phrase: str) -> bool:
        """A measure cue followed by what it measures ("Tỷ lệ hồ sơ …", not "Kết quả" alone),
        or a quantity that names itself ("doanh thu")."""
        if self.measure_noun.match(phrase):
            return True
        cue = self.cue_start.match(phrase)
        if not cue or self.not_cue.match(phrase):
            return False
        return bool(self.clean(phrase[cue.end():]))

    def clean(self, phrase: str) -> str:
        start, end = self._clean_span(phrase, 0, len(phrase))
        return phrase[start:end]

    def _clean_span(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Narrow text[start:end] past leading and trailing link words and punctuation.
        Reports repeat their phrases, so the answer is remembered; it depends only on the
        span and the character before it (the lookbehind of the word patterns)."""
        lead, trail = self._trimmed(text[start - 1] if start else "", text[start:end])
        return start + lead, start + trail

    def _trimmed(self, before: str, span: str) -> tuple[int, int]:
        s, e = self._clean_span_once(before + span, len(before), len(before) + len(span))
        return s - len(before), e - len(before)

    def _kept_cut(self, text: str, start: int, cut: int, end: int) -> int:
        """Where a label's trailing link words are cut, moved past a noun they would split:
        "tốc độ tải xuống" keeps "xuống", "văn bằng, chứng chỉ đạt" loses "đạt", not "chỉ"."""
        if not self.kept_ends:
            return cut
        folded = text[start:end].casefold()
        for kept in self.kept_ends:
            at = folded.find(kept)
            while at >= 0:
                kept_end = start + at + len(kept)
                if start + at < cut < kept_end and (at == 0 or not folded[at - 1].isalpha()) and \
                        (kept_end == end or not text[kept_end].isalpha()):
                    cut = kept_end
                at = folded.find(kept, at + 1)
        return cut

    def _clean_span_once(self, text: str, start: int, end: int) -> tuple[int, int]:
        for _ in range(4):
            was = (start, end)
            lead = self.leading.match(text, start, end)
            if lead:
                start = lead.end()
            trail = ending(self.trailing, text, start, end)
            if trail:
                end = self._kept_cut(text, start, trail.start(), end)
            while start < end and text[start] in _SPACE_PUNCT:
                start += 1
            while end > start and text[end - 1] in _SPACE_PUNCT:
                end -= 1
            pictures = _PICTURES_AT_START.match(text, start, end)
            if pictures:
                start = pictures.end()
            rest = _SLASH_REST.match(text, start, end)
            if rest:
                start = rest.end()
            pictures = ending(_PICTURES_AT_END, text, start, end)
            if pictures:
                end = pictures.start()
            if (start, end) == was:
                break
        return start, end
