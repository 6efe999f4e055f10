"""The context model and decoder: bigram probabilities, Viterbi, confidences, held-out text."""
from __future__ import annotations

import math

import pytest
from support import pud_sentences

import svfix
from svfix.resources.lm import NgramModel, token_key
from svfix.words.candidates import Candidate, Slot
from svfix.words.decode import decode_island


@pytest.fixture(scope="module")
def model(lexicon):
    return NgramModel(lexicon)


def test_bigram_probabilities_are_probabilities(model):
    for previous in ("<s>", "och", "kommunen", "xqzvw"):
        for key in ("är", "för", "<num>", "</s>", "xqzvw"):
            assert model.logprob(previous, key) < 0.0


def test_bigram_prefers_attested_pairs(model):
    assert model.logprob("kvinnor", "och") > model.logprob("kvinnor", "ock")
    assert model.logprob("och", "män") > model.logprob("och", "min")
    assert model.logprob("år", "<year>") > model.logprob("är", "<year>")
    assert model.logprob("för", "att") > model.logprob("for", "att")


def test_unseen_history_backs_off_to_the_lower_order(model):
    assert model.logprob("xqzvw", "för") == pytest.approx(model.logprob(None, "för"))
    assert model.logprob3("xqzvw", "qwzx", "för") == pytest.approx(model.logprob(None, "för"))
    assert model.logprob3("xqzvw", "kvinnor", "och") == pytest.approx(model.logprob("kvinnor", "och"))


def test_trigrams_see_two_words_back(model):
    assert model.logprob3("kvinnor", "och", "män") > model.logprob3("kvinnor", "och", "man")
    assert model.logprob3("<s>", "här", "ser") > model.logprob3("<s>", "har", "ser")
    assert model.logprob3("möjligt", "så", "att") > model.logprob3("möjligt", "sa", "att")


def test_numbers_and_years_are_classes():
    assert [token_key(t) for t in ("2024", "1632", "12", "3000", "Ärende")] == ["<year>", "<year>", "<num>", "<num>", "ärende"]


class Table:
    """A bigram language model given as a table, for decoder tests."""

    def __init__(self, table, default=-12.0):
        self.table, self.default = table, default

    def logprob(self, previous, key):
        return self.table.get((previous, key), self.default)

    def logprob3(self, before, previous, key):
        return self.logprob(previous, key)


def slot(observed, *options, start=0):
    keep = Candidate(observed, observed, 0.0, "keep", "as written")
    return Slot(start, start + len(observed), keep, tuple(Candidate(o, o, -0.1, "test", "test") for o in options))


def test_viterbi_uses_both_neighbours_across_adjacent_slots():
    # "det är år" : the middle slot depends on the one before and after it
    table = {("<s>", "det"): -1, ("det", "är"): -1, ("är", "år"): -2, ("år", "<year>"): -1, ("<year>", "</s>"): -1,
             ("det", "ar"): -9, ("ar", "ar"): -12}
    decisions = decode_island([slot("ar", "är", "år", start=4), slot("ar", "är", "år", start=7)], "<s>", "det",
                              "<year>", "</s>", Table(table))
    assert [d.choice.text for d in decisions] == ["är", "år"]
    assert all(d.confidence > 0.9 for d in decisions)


def test_confidence_is_the_margin_over_keeping():
    table = {("a", "x"): -2.0, ("a", "y"): -2.0 - math.log(9) - 0.1, ("x", "b"): -1.0, ("y", "b"): -1.0}
    (decision,) = decode_island([slot("y", "x")], None, "a", "b", None, Table(table))
    # margin = (-2 - 0.1 - 1) - (-2 - ln 9 - 0.1 - 1) = ln 9
    assert decision.choice.text == "x" and decision.confidence == pytest.approx(0.9)


def test_keeping_is_free_when_no_option_wins():
    table = {("a", "y"): -1.0, ("y", "b"): -1.0}
    assert decode_island([slot("y", "x")], None, "a", "b", None, Table(table)) == []


def test_context_switch_decides_without_the_bigram_model():
    stripped = "Det ar viktigt. Ar 2024 okade kostnaderna for varden och for skolan markant."
    assert svfix.fix(stripped).startswith("Det är viktigt. År 2024")
    assert svfix.fix(stripped, svfix.Config(context=False)).startswith("Det är viktigt. Är 2024")


HELD_OUT = pud_sentences()


def test_correct_held_out_sentences_are_never_changed():
    """UD Swedish PUD is held out of every training set (scripts/build_lexicon.py): all
    1,000 sentences, each fixed alone, come out unchanged."""
    changed = [(sentence, fixed) for sentence in HELD_OUT if (fixed := svfix.fix(sentence)) != sentence]
    assert changed == []
