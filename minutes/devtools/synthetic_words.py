"""Words for the synthetic archive (tooling, like `synthetic.py`): prose whose vocabulary behaves like real minutes.

The template sentences of `synthetic.py` alone give a few thousand lexemes, each far too common, which makes search
figures measured on them say little. Here words are drawn by Zipf's law (the r-th commonest word has frequency
proportional to 1/r^s, s = 1) over English: the commonest function words first, then every plain lower-case word of
Debian's `wbritish` list (read at run time, about 63,000 words) in an order shuffled by the seed, with the trade's own
terms (CCTV, knife crime, precept, …) placed among the ranks so each turns up in a realistic share of items. The
output is a pure function of the word list and the seed.
"""

import bisect
import itertools
import random
from pathlib import Path

WORD_LIST = Path("/usr/share/dict/british-english")
MINIMUM_WORDS = 30_000
ZIPF_S = 1.0

# English spends about half its words on a few hundred function words, most of which search drops as stop words; the rest
# (what the stored search vectors hold) follows Zipf's law on its own. So a drawn word is a function word with
# FUNCTION_SHARE probability, drawn by rank from FUNCTION_WORDS (roughly the British National Corpus order), else a
# content word drawn by rank from FRAME_WORDS and CONTENT_HEAD (common content words, in rough order) followed by
# every other plain word of the list in an order shuffled by the seed.
FUNCTION_SHARE = 0.45
FUNCTION_WORDS = (
    "the of and to a in that is was it for on with he be as by at this had not are but from or have an they which "
    "you were her all she there their we him been has when who will more no if out so what up its about into "
    "than them can only other some these then do any my now such our over me most after did "
    "before through where your down should because each just those how too very here both being under "
    "while off against"
).split()
# The content words the template sentences of synthetic.py (the frames around drawn clauses: "{Resp} said that …",
# "RESOLVED that the report be noted", "Whether …") use most, roughly commonest first, as minutes' commonest words are:
# they lead the ranking, so the frames' fixed words and the drawn words make one Zipf curve. Left to a shuffled rank,
# they pile up a second head of a few dozen lexemes all about equally common (a rank-frequency slope over the 100
# commonest lexemes near −0.8 instead of −1; tests/minutes/test_synthetic_words.py measures it).
FRAME_WORDS = (
    "report members officers meeting noted plan questions public review update chief following committee whether "
    "services would asked set resolved received point progress said raised including year confirmed answer explained "
    "authority"
).split()
CONTENT_HEAD = (
    "would said may also could new one must time even much might since time two first people years made way well year day work state good make world life men long "
    "great old right used take three local public services council service support need number part plan area "
    "further given provide including ensure place set within current working level case group information meeting "
    "question issue issues point review progress"
).split()

# The trade's terms, each with the rank it is given among the content words: a term at rank r is about one content
# word in r·H(N) (H(N) ≈ 11.6 for 63,000 words; an item holds some hundred and fifty content words), so rank 300 is
# in about one item in twenty-five and rank 20,000 in about one in fifteen hundred.
TRADE_TERMS = {
    "police": 60,
    "budget": 90,
    "commissioner": 120,
    "funding": 150,
    "crime": 180,
    "partnership": 220,
    "consultation": 260,
    "safeguarding": 400,
    "precept": 500,
    "victims": 600,
    "antisocial behaviour": 800,
    "domestic abuse": 1_000,
    "CCTV": 1_300,
    "knife crime": 1_600,
    "county lines": 2_000,
    "burglary": 2_500,
    "shoplifting": 3_000,
    "fly-tipping": 4_000,
    "hate crime": 5_000,
    "modern slavery": 6_000,
    "cybercrime": 8_000,
    "front-line services": 10_000,
    "speed cameras": 15_000,
    "drones": 20_000,
}


def read_word_list(path=None):
    """The plain lower-case words of the list (no names, no possessives), or a clear error when it is missing."""
    path = path or WORD_LIST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"The word list {path} is not installed: the archive's prose needs it for a realistic vocabulary. "
            "Install Debian's wbritish package (`apt-get install wbritish`; `make benchmark` does)."
        ) from None
    words = sorted({w for w in text.split() if w.isascii() and w.isalpha() and w.islower()})
    if len(words) < MINIMUM_WORDS:
        raise ValueError(
            f"{path} holds only {len(words):,} plain words; a realistic vocabulary needs {MINIMUM_WORDS:,}."
        )
    return words


class Ranked:
    """Draws from `ranked` with probability proportional to 1/rank^s."""

    def __init__(self, ranked, s=ZIPF_S):
        self.ranked = ranked
        self.cumulative = list(itertools.accumulate(1 / r**s for r in range(1, len(ranked) + 1)))
        self.total = self.cumulative[-1]
        self.last = len(ranked) - 1

    def one(self, rng):
        return self.ranked[min(self.last, bisect.bisect_left(self.cumulative, rng.random() * self.total))]


class ZipfWords:
    """Words as English uses them: function words and, by Zipf's law, content words over the whole list."""

    def __init__(self, seed, words=None, s=ZIPF_S):
        words = read_word_list() if words is None else words
        head = list(dict.fromkeys(FRAME_WORDS + CONTENT_HEAD))
        taken = set(FUNCTION_WORDS) | set(head)
        rest = [w for w in words if w not in taken]
        random.Random(f"{seed}:vocabulary").shuffle(rest)
        content = head + rest
        for term, rank in sorted(TRADE_TERMS.items(), key=lambda pair: pair[1]):
            content.insert(rank - 1, term)
        self.function = Ranked(list(FUNCTION_WORDS), s)
        self.content = Ranked(content, s)

    def __len__(self):
        return len(self.function.ranked) + len(self.content.ranked)

    def draw(self, rng, k):
        function, content = self.function, self.content
        return [function.one(rng) if rng.random() < FUNCTION_SHARE else content.one(rng) for _ in range(k)]

    def sentence(self, rng):
        """A sentence of 8 to 32 drawn words: meaningless, but with the vocabulary's statistics."""
        words = self.draw(rng, rng.randint(8, 32))
        first = words[0]
        words[0] = first[0].upper() + first[1:]
        return " ".join(words) + "."

    def clause(self, rng):
        """A lower-case run of 5 to 16 drawn words, to stand where a template sentence has its set clause (a fact,
        an issue, an answer), so the sentence keeps its frame but not the clause's fixed content words."""
        return " ".join(self.draw(rng, rng.randint(5, 16)))
