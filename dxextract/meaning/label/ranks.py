"""Ranks: what a rank is a ranking in ("xếp thứ 4/63 trong đánh giá …", "Trong Bộ chỉ số …,"),
and where the text names a ranking index."""
from __future__ import annotations

from typing import Optional

import regex

from ..words import ending, last_match
from .around import REACH, Around
from .cleaning import PhraseCleaner
from .lexicon import LabelLexicon
from .phrases import PhraseReader

# The name an acronym in brackets spells out, just before them: "Chỉ số … số (DTI)".
_INDEX_SPELLED = regex.compile(r"(?r)((?:Bộ\h+)?(?:Chỉ số|chỉ số|CHỈ SỐ)[^()\n.;:,]{2,120}?)\h*$")
_ABOUT = regex.compile(r"(?<!\p{L})về\s+(.+)")  # what a rank is about


class RankReader:
    def __init__(self, lexicon: LabelLexicon, cleaner: PhraseCleaner, phrases: PhraseReader):
        self.lexicon, self.cleaner, self.phrases = lexicon, cleaner, phrases

    def indexes(self, text: str) -> list[tuple[int, str]]:
        """Where the text names a ranking index, and the name, in order (the longest name
        at a place). A `str.find` per name, whole words only: a regex of the names tried every
        letter of the block."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer: offsets would drift
            return []
        found: dict[int, str] = {}
        for name in self.lexicon.index_names:  # longest first: "Chỉ số chuyển đổi số" before a shorter one
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

    def rank_actor(self, label: str) -> bool:
        """Whether a rank's label only says who is ranked and how it moved ("QN tiếp tục",
        "Viettel cũng vượt lên dẫn đầu", "giúp Việt Nam"): who acts opens it."""
        lex = self.lexicon
        return lex.acting.match(label) is not None or lex.actors.match(label) is not None

    def ranking_named(self, text: str, at: Around, before: bool = True) -> Optional[str]:
        """The phrase of a ranking around a rank in its sentence: after it in its clause ("xếp
        thứ 4/63 trong đánh giá …"), else (`before`) the last one that opens a clause before it
        ("Trong Bộ chỉ số …, Yên Thành xếp thứ 3/21")."""
        lex = self.lexicon
        after = lex.ranking_after.match(at.right_raw)
        if after is not None:
            named, _, _ = self.phrases.right_phrase(at.right_raw[after.end():], True)
            if named:
                return self._ranking_name(named)
        if not before:
            return None
        found = last_match(lex.ranking_before, at.before)  # brackets blanked: "(DTI)" is no clause
        if found is None:
            return None
        return self._ranking_name(text[at.s_start + found.start(1):at.s_start + found.end(1)])

    def _ranking_name(self, phrase: str) -> str:
        """A ranking's name less who made it, when, and whose it is ("bảng xếp hạng Chỉ số
        chuyển đổi số cấp tỉnh (DTI) năm 2020 vừa được Bộ TT&TT công bố" -> "Chỉ số chuyển đổi
        số cấp tỉnh (DTI)")."""
        lex = self.lexicon
        cut = lex.ranking_name_end.search(phrase) if lex.ranking_name_end is not None else None
        phrase = self.cleaner.clean(phrase[:cut.start()] if cut is not None else phrase)
        owner = ending(lex.owner_tail, phrase, 0, len(phrase))
        if owner is not None:
            phrase = self.cleaner.clean(phrase[:owner.start()])
        generic = lex.ranking_generic.match(phrase) if lex.ranking_generic is not None else None
        if generic is not None:
            rest = phrase[generic.end():]
            if self.cleaner.is_cue_led(rest) or any(rest.casefold().startswith(n) for n in lex.index_names):
                phrase = rest
        return phrase

    def ranked_on(self, right_raw: str) -> Optional[str]:
        """What a rank is on, said after "về": "đứng thứ 13/63 tỉnh, thành phố về chuyển đổi số"."""
        about = _ABOUT.search(right_raw)
        if about is None:
            return None
        subject, _, _ = self.phrases.right_phrase(about.group(1), True)
        return subject or None
