"""The document profile: how stripped a text is, estimated from the text itself."""
from __future__ import annotations

import pytest
from support import DATA

import svfix
from svfix.resources.lexicon import Lexicon, skeleton
from svfix.words.profile import profile_words
from svfix.words.tokens import Kind, tokenize

CLEAN = DATA / "clean" / "riksdag-bet-2008-09-GW01FiU3.txt"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default().load()


def words(text: str) -> list[str]:
    return [token.text for token in tokenize(text) if token.kind is Kind.WORD]


# Correct words whose twins with diacritics are far commoner in the corpus (forsen/försen,
# anda/ändå, rost/röst, kor/kör, hall/håll, tank/tänk): a protocol about rapids, rust,
# cows or a sports hall writes them plain, correctly.
PLAIN_REAL_WORDS = (
    "Nämnden gick igenom förslaget till ny detaljplan för området vid forsen. Planen har tagits fram i "
    "samma anda som den fördjupade översiktsplanen, och förvaltningen föreslår att den godkänns för "
    "samråd. Under mötet påpekades att det finns rost på räcket vid bron och att det behöver åtgärdas "
    "före sommaren. Lantbrukarna i området har framfört att deras kor behöver passera över vägen två "
    "gånger om dagen, och att en ny grind därför är nödvändig. En ny hall och en ny tank för vatten "
    "ska byggas nära förskolan. Kostnaden för arbetet bedöms rymmas inom årets budget."
)


def test_plain_real_words_are_weak_evidence_of_stripping(lexicon):
    """A clean text that writes a few real words plain still reads as clean."""
    profile = profile_words(words(PLAIN_REAL_WORDS), lexicon)
    assert max(profile.rates.values()) < 0.05, profile


def test_a_text_stripped_throughout_reads_as_stripped(lexicon):
    """Weighing real-word evidence less leaves a fully stripped text's rates high."""
    text = CLEAN.read_text(encoding="utf-8")[:20_000]
    profile = profile_words([skeleton(word) for word in words(text)], lexicon)
    for letter in "åäö":
        assert profile.rates[letter] > 0.9, profile


def test_the_same_text_written_correctly_reads_as_clean(lexicon):
    text = CLEAN.read_text(encoding="utf-8")[:20_000]
    profile = profile_words(words(text), lexicon)
    assert max(profile.rates.values()) < 0.01, profile


def test_rare_real_words_stay_in_a_clean_text_with_plain_real_words():
    """``fora`` (plural of forum) and ``bora`` (drill) are rare beside ``föra`` and
    ``böra``; in a clean text they are right, however many plain real words it holds."""
    text = PLAIN_REAL_WORDS + " Frågan har tagits upp i olika fora, och kommunen vill bora efter vatten."
    assert svfix.fix(text) == text
