"""The words a label is read with: every lexicon and pattern of rules/labels.yaml, compiled once
into one record that each stage of the reading shares."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from ...numbers import expand_macros
from ...patterns import LazyPattern, stored_pattern
from ...rules import Rulebook
from ..words import WordsAtEnd, caseless, first_word, optional_words, words_regex


def _lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern of the label rules compiled when first used: the ones over every place's
    name take hundredths of a second each to compile, and a report may never need them."""
    return LazyPattern(pattern, flags, {}, ("labels.yaml", None))


@dataclass(frozen=True, slots=True)
class LabelLexicon:
    """The label rules' word lists and the patterns made of them (None: the rulebook has no such list)."""

    boundary: LazyPattern
    count_relative: Optional[LazyPattern]
    count_kept_tail: Optional[LazyPattern]
    count_closing: Optional[LazyPattern]
    count_link_noun: Optional[LazyPattern]
    count_predicate: Optional[LazyPattern]  # "94 nhân viên đã hướng dẫn 52.300 lượt": the count's own verb
    count_predicate_not_before: Optional[LazyPattern]  # "đang sinh hoạt tại 33 cơ sở": no object follows
    people: frozenset[str]
    property_units: frozenset[str]
    distance: Optional[LazyPattern]
    term_at_end: Optional[LazyPattern]
    count_stop: LazyPattern
    count_in_subject: Optional[LazyPattern]
    not_start: LazyPattern
    cue_start: LazyPattern
    measure_noun: LazyPattern
    cue_words: Optional[tuple[str, ...]]
    not_heading: LazyPattern
    time_only: regex.Pattern
    time_starts: frozenset[str]
    not_cue: LazyPattern
    opener_at_end: WordsAtEnd
    not_opener_at_end: Optional[WordsAtEnd]
    breakdown_heading_lead: Optional[LazyPattern]
    breakdown_by: Optional[LazyPattern]
    framing: Optional[LazyPattern]
    saying: Optional[LazyPattern]
    saying_inside: Optional[LazyPattern]
    measure_link: Optional[LazyPattern]
    measure_link_not_after: tuple[str, ...]
    leading_in: Optional[LazyPattern]
    kept_ends: tuple[str, ...]
    rank_place: Optional[regex.Pattern]
    copula_at_end: WordsAtEnd
    predicate: Optional[LazyPattern]
    own_share: Optional[LazyPattern]
    share_of_at_end: Optional[WordsAtEnd]
    share_link_at_end: Optional[WordsAtEnd]
    part_opener: LazyPattern
    place_named: LazyPattern
    place_only: LazyPattern
    place_at_end: LazyPattern
    actors: LazyPattern
    acting: LazyPattern
    ranking_after: Optional[regex.Pattern]
    ranking_before: Optional[regex.Pattern]
    ranking_head: Optional[regex.Pattern]
    ranking_name_end: Optional[LazyPattern]
    ranking_generic: Optional[LazyPattern]
    index_names: tuple[str, ...]
    verb_word: Optional[LazyPattern]
    share_holder_link: Optional[WordsAtEnd]  # "với" of "… dẫn đầu với 34% tổng vốn"
    share_holder_link_not_after: frozenset[str]
    measure_changing_verb: Optional[LazyPattern]  # "rút ngắn" of "rút ngắn thời gian xử lý"
    verb_at_end: Optional[WordsAtEnd]
    bare_noun: Optional[LazyPattern]
    bare_times: Optional[LazyPattern]
    tally: Optional[LazyPattern]
    leading_word_noun: Optional[LazyPattern]
    object_link: Optional[LazyPattern]
    bare_kin: Optional[LazyPattern]
    verb_only: Optional[regex.Pattern]
    dimension_at_end: Optional[LazyPattern]
    kind_heading: Optional[LazyPattern]
    empty: Optional[regex.Pattern]
    assigned_only: Optional[LazyPattern]  # who set a goal, and nothing more: "Trung ương giao"
    time_inside: LazyPattern  # a time inside a measure's name: "Kinh phí đầu tư cho CNTT năm 2021 của …"
    function_word_noun: Optional[LazyPattern]
    anaphor: Optional[LazyPattern]
    anaphor_ends: frozenset[str]
    framed_anaphor: Optional[regex.Pattern]
    cue_frame: Optional[regex.Pattern]
    money_purpose: Optional[LazyPattern]
    new_clause: Optional[LazyPattern]
    joined_clause: Optional[LazyPattern]
    owner_tail: LazyPattern
    duration: Optional[LazyPattern]
    denominator: Optional[LazyPattern]
    planned_whole: Optional[LazyPattern]
    covered_whole: Optional[LazyPattern]
    breakdown_key: regex.Pattern
    compared_mark: regex.Pattern  # a mark a level is read against: "trên báo động 3"
    leading: regex.Pattern
    trailing: regex.Pattern

    @classmethod
    def of(cls, book: Rulebook, macros: dict, lexicons: dict, bounds: list[str]) -> LabelLexicon:
        """The record of a rulebook's lexicons and macros; `bounds` are the qualifiers' bounding
        words, which end a label as its trailing link words do."""
        boundary = words_regex(lexicons.get("phrase_boundaries", []))
        # In the phrase after a count, a relative clause on the counted noun goes on past a
        # boundary's word when no comma stands before it: "37 đơn vị đạt mức Tốt", "12 xã còn
        # lại", "14 trạm quan trắc do Sở quản lý" (", đạt 95%" still ends it).
        count_relative = optional_words(lexicons.get("count_relatives"))
        # Words that end a count's phrase and stay in it, though a label's trailing link words
        # would take them: "02 chỉ tiêu chưa đạt", "12 xã còn lại", "162.000 người dùng mới".
        count_kept_tail = optional_words(lexicons.get("count_kept_endings"))
        count_closing = optional_words(lexicons.get("count_closing_relatives"))
        count_link_noun = optional_words(lexicons.get("count_link_nouns"))
        # Words opening the predicate of a count that stands as its clause's subject, when that
        # predicate runs into the next value: "94 nhân viên đã hướng dẫn 52.300 lượt".
        count_predicate = optional_words(lexicons.get("count_predicate_openers"))
        count_predicate_not_before = optional_words(lexicons.get("count_predicate_not_objects"), r"\s*$")
        # Nouns that count the same people: "6.148 lao động …; Đài Loan 1.488 người".
        people = frozenset(w.casefold() for w in lexicons.get("people_nouns", []))
        property_units = frozenset(lexicons.get("property_units", []))
        distance = optional_words(lexicons.get("distance_words"))
        term_at_end = optional_words(lexicons.get("term_nouns"), r"[\s:]*$")
        # The boundaries of a count's phrase: the phrase's and its own, one pattern.
        count_stop = words_regex(lexicons.get("phrase_boundaries", []) + lexicons.get("count_phrase_boundaries", []))
        # A count after one of these is inside the subject of another value ("khoản nộp của 114
        # nhà cung cấp nước ngoài đạt hơn 8.900 tỷ đồng"): the verb after it is that value's.
        count_in_subject = optional_words(lexicons.get("count_relatives_not_after"), r"[\s,]*$")
        not_start = words_regex(lexicons.get("not_a_phrase_start", []))
        cue_start = words_regex(lexicons.get("measure_cues", []))
        measure_noun = words_regex(lexicons.get("measure_nouns", []))
        # A phrase led by a measure opens on one of these words, folded as the word regexes
        # read them: a clause holding none of them has no cue-led chunk, told by a substring
        # test instead of a try at each chunk (half the clauses). None: an empty list, whose
        # regex matches nothing's start, so no such test.
        measure_words = lexicons.get("measure_cues", []) + lexicons.get("measure_nouns", [])
        cue_words = tuple(dict.fromkeys(caseless(w) for w in measure_words)) \
            if lexicons.get("measure_cues") and lexicons.get("measure_nouns") else None
        not_heading = words_regex(lexicons.get("not_a_heading", []))
        time_words = lexicons.get("time_words", [])
        # Possessive: a label that is more than a time must fail at once, not retry every split.
        time_word = words_regex(time_words).pattern
        time_only = stored_pattern(r"(?:[\s,:/\-–]*+(?:" + time_word + r"|\d++))++[\s,:/\-–]*+", regex.IGNORECASE)
        time_starts = frozenset(first_word(w) for w in time_words)
        not_cue = words_regex(lexicons.get("not_cues", []))
        opener_at_end = WordsAtEnd.of(lexicons.get("clause_openers", []), r"[\s,]*")
        not_openers = lexicons.get("not_clause_openers")
        not_opener_at_end = WordsAtEnd.of(not_openers, r"[\s,]*") if not_openers else None
        breakdown_heading_lead = optional_words(lexicons.get("breakdown_heading_leads"))
        breakdown_by = optional_words(lexicons.get("breakdown_by"))
        framing = optional_words(lexicons.get("framing_openers"))
        money_purpose = optional_words(lexicons.get("money_purposes"), r"\s+")
        frames = lexicons.get("cue_frames")
        # The frame is the whole piece before a comma, past an opening "trong" ("Trong thời gian
        # thử nghiệm,"), with what follows "diễn ra" or "thử nghiệm" ("thời gian diễn ra hội chợ").
        cue_frame = stored_pattern(r"(?:trong\s+)?" + words_regex(frames).pattern + r"(?:(?<=ra|nghiệm)\s[^,]*)?\s*",
                                   regex.IGNORECASE) if frames else None
        saying = optional_words(lexicons.get("saying_verbs"), r"[\s:,]*$")
        saying_inside = optional_words(lexicons.get("saying_inside"))
        measure_link = optional_words(lexicons.get("measure_links"))
        measure_link_not_after = tuple(lexicons.get("measure_links_not_after", []))
        leading_in = optional_words(lexicons.get("leading_in"))
        kept_ends = tuple(w.casefold() for w in lexicons.get("label_kept_endings", []))
        rank_words = lexicons.get("rank_words", [])
        rank_place = stored_pattern(r"(?:(?:từ|lên|xuống|ở|tại)\s+)?(?:(?:các|những)\s+)?(?:" +
                                        words_regex(rank_words).pattern + r")(?:\s+thứ)?",
                                        regex.IGNORECASE) if rank_words else None
        copula_at_end = WordsAtEnd.of(lexicons.get("copulas", []))
        predicate = optional_words(lexicons.get("predicate_words"))
        own_share = optional_words(lexicons.get("own_share_nouns"))
        share_of = lexicons.get("share_of_links")
        share_of_at_end = WordsAtEnd.of(share_of) if share_of else None
        links = lexicons.get("share_links")
        share_link_at_end = WordsAtEnd.of(links) if links else None
        part_opener = words_regex(lexicons.get("part_openers", []))
        # Who acts: the actor words, and the names of provinces ("Nghệ An đạt 0,57 điểm"), one
        # after another ("UBND tỉnh Nghệ An").
        places = [name for e in book.section("provinces")
                  for name in (e["name"], *(e.get("aliases") or []), *(e.get("weak_aliases") or []))] + \
            lexicons.get("regions", []) + lexicons.get("countries", [])
        actor = words_regex(lexicons.get("actors", []) + places).pattern
        links = words_regex(lexicons.get("actor_links", []) or ["và"]).pattern
        adverbs = words_regex(lexicons.get("actor_adverbs", []) or ["lần lượt"]).pattern
        place_named = words_regex(places)
        place_only = _lazy(r"(?:(?:tỉnh|thành phố|TP\.?|vùng|khu vực)\s+)?(?:" + place_named.pattern +
                                r")(?:\s+\(?(?:cũ|mới)\)?)?", regex.IGNORECASE)
        place_at_end = _lazy(r"(?r)(?<![\p{L}\p{M}])(?<!(?:của|ở|tại|về|đến|từ|đi)\s+)(?:" +
                                  place_named.pattern + r")(?:\s+(?:cũ|mới))?\s*$", regex.IGNORECASE)
        # A name the text writes in capitals ("Thới Bình", "MobiFone"; macro actor_name), with its
        # aside ("Bắc Ninh (mới)"), is who acts as well.
        name = expand_macros("{actor_name}", macros, ("labels.yaml", "actor_name")) if "actor_name" in macros \
            else r"(?!)"
        actors = _lazy(r"(?:(?:" + actor + r"|" + name + r")(?:\h*\([^()\n]{1,30}\))?[\s,]*(?:(?:" + links +
                            r")\s+)?)+(?:(?:" + adverbs + r")[\s,]*)*", regex.IGNORECASE)
        # Who acts at the start of a clause, with the titles and words before them ("Chủ tịch
        # UBND tỉnh", "Năm 2024, UBND tỉnh").
        titles = words_regex(lexicons.get("actor_titles", []) or ["Chủ tịch"]).pattern
        acting = _lazy(r"(?:[^,;:]*?(?<![\p{L}\p{M}])(?:" + titles + r")\s+)?(?:" + actor + r")(?:\s+(?:" +
                            actor + r"))*(?![\p{L}\p{M}])", regex.IGNORECASE)
        # What a ranking is named by ("bảng xếp hạng …", "Bộ chỉ số …", "trụ cột …", the index
        # names): for a rank whose clause names none, the phrase the sentence ranks in.
        heads = words_regex(lexicons.get("ranking_heads", []) + lexicons.get("index_names", [])).pattern \
            if lexicons.get("ranking_heads") else None
        # Not past "so với": what a change is compared with is no ranking ("tăng 5 bậc so với kết
        # quả đánh giá sơ bộ").
        ranking_after = stored_pattern(r"(?:(?!so\s+với)[^,;:()\n]){0,40}?(?<![\p{L}\p{M}])(?=" + heads + r")",
                                           regex.IGNORECASE) \
            if heads else None
        ranking_before = stored_pattern(
            r"(?:^|[,;:.])\s*(?:(?:nhưng|còn|song|tuy nhiên|đồng thời)\s+)?(?:" +
            words_regex(lexicons.get("ranking_openers", []) or ["trong"]).pattern +
            r")\s+(" + heads + r"[^,;:()\n]{0,100}?)\s*(?:\([^()\n]{0,30}\)\s*)?(?:(?:năm\s+)?\d{4}\s*)?,", regex.IGNORECASE) \
            if heads else None
        ranking_head = stored_pattern(heads, regex.IGNORECASE) if heads else None
        # Where a ranking's name ends, past which the text says who made it or when.
        ranking_name_end = optional_words(lexicons.get("ranking_name_ends"))
        # The generic noun before an index's own name: "bảng xếp hạng DTI" is ranked by "DTI".
        ranking_generic = optional_words(lexicons.get("ranking_generic_heads"), r"\s+")
        index_names = tuple(sorted({n.lower() for n in lexicons.get("index_names", [])}, key=len, reverse=True))
        verbs = lexicons.get("reporting_verbs", [])
        verb_word = optional_words(verbs)
        holder_links = lexicons.get("share_holder_links")
        share_holder_link = WordsAtEnd.of(holder_links) if holder_links else None
        share_holder_link_not_after = frozenset(caseless(w) for w in lexicons.get("share_holder_links_not_after", []))
        measure_changing_verb = optional_words(lexicons.get("measure_changing_verbs"), r"\s+")
        verb_at_end = WordsAtEnd.of(verbs) if verbs else None
        bare_noun = optional_words(lexicons.get("bare_count_nouns"))
        bare_times = optional_words(lexicons.get("bare_times_nouns"))
        tally = optional_words(lexicons.get("bracket_tally_nouns"))
        leading_word_noun = optional_words(lexicons.get("leading_word_nouns"))
        object_link = optional_words(lexicons.get("bare_count_objects_after"), r"[\s,]*$")
        bare_kin = optional_words(lexicons.get("bare_count_subjects"))
        verb_only = stored_pattern(r"(?:(?:để|nhằm)\s+)?(?:" + verb_word.pattern + r"\s*)+",
                                       regex.IGNORECASE) if verbs else None
        adjectives, dimensions = lexicons.get("dimension_adjectives", []), lexicons.get("dimension_nouns", [])
        dimension_at_end = _lazy(
            r"(?r)(?<!(?<![\p{L}\p{M}])(?:" + "|".join(map(regex.escape, dimensions)) + r")\s+)" +
            words_regex(adjectives).pattern + r"(?:\s+khoảng)?\s*$", regex.IGNORECASE) if adjectives and dimensions else None
        kind_heading = optional_words(lexicons.get("kind_headings"))
        empty_words = lexicons.get("empty_labels", [])
        empty = stored_pattern(r"(?:" + words_regex(empty_words).pattern + r"[\s,]*)+", regex.IGNORECASE) \
            if empty_words else None
        assigned_only = _lazy(expand_macros("{assigned_only}", macros, ("labels.yaml", "assigned_only")),
                              regex.IGNORECASE) if "assigned_only" in macros else None
        function_word_noun = optional_words(lexicons.get("function_word_nouns"))
        anaphors = lexicons.get("anaphors", [])
        anaphor = optional_words(anaphors)
        # Every anaphor ends on a pointing word ("này", "đó"): a label without one is no anaphor.
        anaphor_ends = frozenset(a.split()[-1].casefold() for a in anaphors)
        frames = lexicons.get("anaphor_frames", [])
        framed_anaphor = stored_pattern(words_regex(frames).pattern + r"[^,;:]*?\s" + anaphor.pattern + r"\s*$",
                                        regex.IGNORECASE) if frames and anaphor is not None else None
        new_clause = optional_words(lexicons.get("clause_after_comma"))
        joined_clause = optional_words(["và " + verb for verb in lexicons.get("clause_after_and", [])])
        owners = words_regex(lexicons.get("actors", []) + lexicons.get("owners", []) + places).pattern
        # "Chỉ số DTI năm 2023 của tỉnh", "Tốc độ … trung bình của thành phố": a measure's owner
        # is who is measured, not what.
        owner = r"(?:(?:TP\.?|Tp\.?|thành phố|tỉnh)\s*)?(?:" + owners + r")"
        owner_tail = _lazy(r"(?r)\s+(?:của|ở|tại|trên)\s+(?:(?:toàn|cả|các|\d+)\s+)?" + owner +
                                r"(?:[\s,]+(?:và\s+)?" + owner + r")*\s*$", regex.IGNORECASE)
        duration = optional_words(lexicons.get("duration_units"))
        denominator = optional_words(lexicons.get("denominators"), r"(?=\s+\p{L}|\s*[,.;:)]|\s*$)")
        planned_whole = optional_words(lexicons.get("planned_wholes"), r"(?=\s+\p{L}|\s*[,.;:)]|\s*$)")
        covered_whole = optional_words(lexicons.get("covered_wholes"), r"(?=\s*[,.;:)]|\s*$)")
        leading_words = words_regex(lexicons.get("label_leading", []))
        trailing_words = words_regex(lexicons.get("label_trailing", []) + bounds)
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
        breakdown_key = stored_pattern(key, regex.IGNORECASE)
        # A time inside a clause's subject ends what is measured: "Kinh phí đầu tư cho CNTT năm 2021
        # của các đơn vị", "Doanh thu bình quân năm 2024 của hộ …", "Kinh phí CĐS 6 tháng giải ngân".
        # Not one that says which things ("GCN cấp trước năm 2005", "trẻ em sinh năm 2023", "sau gần 6
        # tháng"), nor a plan's word ("tổng kinh phí dự kiến cho …").
        time_inside = _lazy(r"(?<=[\p{L}\p{M}\p{N})])(?<!(?<![\p{L}\p{M}])(?:trước|sau|từ|tới|đến|sinh|lập|cấp|năm|"
                            r"tháng|quý|gần|khoảng|hơn|trên|dưới))[\h,]+(?!dự\h+kiến)(?:" + time + r")(?=[\h,]+\S)",
                            regex.IGNORECASE)
        mark = expand_macros("{compared_mark}", macros, ("labels.yaml", "compared_mark")) \
            if "compared_mark" in macros else r"(?!)"
        compared_mark = stored_pattern(mark, regex.IGNORECASE)
        # A noun that opens on a leading word stays whole: "hiện vật" (artefacts) is no "hiện" (now).
        nouns = words_regex(lexicons.get("function_word_nouns", []) + lexicons.get("leading_word_nouns", [])
                            or ["(?!)"]).pattern
        leading = stored_pattern(r"(?:[\s,:\-–]*(?:" + item + r"|(?!" + nouns + r")(?:" + leading_words.pattern + r"|" + time +
                                     r"(?![\p{L}\p{N}]))))+[\s,:\-–]*", regex.IGNORECASE)
        # The base of a rate of exchange ("Tỷ giá tham chiếu 1 USD = 24.300 đồng") ends no label.
        base = expand_macros("{exchange_base}", macros, ("labels.yaml", "exchange_base")) if "exchange_base" in macros \
            else r"(?!)"
        # A plan's word after a measure's name stays with it ("Tổng kinh phí dự kiến"), though it
        # says when where it opens a label (macro label_time).
        kept_times = lexicons.get("label_kept_time_endings")
        kept_time = words_regex(kept_times).pattern if kept_times else r"(?!)"
        trailing = stored_pattern(r"(?r)(?:[\s,:\-–]*(?:" + trailing_words.pattern + r"|(?<![\p{L}\p{N}])(?!" + kept_time +
                                      r")(?:" + time + r"|" + base + r")))+[\s,:\-–]*$", regex.IGNORECASE)
        return cls(boundary=boundary, count_relative=count_relative, count_kept_tail=count_kept_tail,
                   count_closing=count_closing, count_link_noun=count_link_noun, count_predicate=count_predicate,
                   count_predicate_not_before=count_predicate_not_before,
                   people=people, property_units=property_units, distance=distance, term_at_end=term_at_end, count_stop=count_stop,
                   count_in_subject=count_in_subject, not_start=not_start, cue_start=cue_start, measure_noun=measure_noun,
                   cue_words=cue_words, not_heading=not_heading, time_only=time_only, time_starts=time_starts, not_cue=not_cue,
                   opener_at_end=opener_at_end, not_opener_at_end=not_opener_at_end,
                   breakdown_heading_lead=breakdown_heading_lead, breakdown_by=breakdown_by,
                   framing=framing, saying=saying, saying_inside=saying_inside,
                   measure_link=measure_link, measure_link_not_after=measure_link_not_after,
                   leading_in=leading_in, kept_ends=kept_ends,
                   rank_place=rank_place, copula_at_end=copula_at_end, predicate=predicate, own_share=own_share,
                   share_of_at_end=share_of_at_end, share_link_at_end=share_link_at_end, part_opener=part_opener,
                   place_named=place_named, place_only=place_only, place_at_end=place_at_end, actors=actors, acting=acting,
                   ranking_after=ranking_after, ranking_before=ranking_before, ranking_head=ranking_head,
                   ranking_name_end=ranking_name_end, ranking_generic=ranking_generic, index_names=index_names,
                   verb_word=verb_word, share_holder_link=share_holder_link,
                   share_holder_link_not_after=share_holder_link_not_after, measure_changing_verb=measure_changing_verb, verb_at_end=verb_at_end, bare_noun=bare_noun, bare_times=bare_times, tally=tally,
                   leading_word_noun=leading_word_noun, object_link=object_link,
                   bare_kin=bare_kin, verb_only=verb_only, dimension_at_end=dimension_at_end, kind_heading=kind_heading,
                   empty=empty, assigned_only=assigned_only, time_inside=time_inside, function_word_noun=function_word_noun,
                   anaphor=anaphor, anaphor_ends=anaphor_ends, framed_anaphor=framed_anaphor, cue_frame=cue_frame,
                   money_purpose=money_purpose,
                   new_clause=new_clause, joined_clause=joined_clause, owner_tail=owner_tail, duration=duration, denominator=denominator, planned_whole=planned_whole, covered_whole=covered_whole,
                   breakdown_key=breakdown_key, compared_mark=compared_mark, leading=leading, trailing=trailing)
