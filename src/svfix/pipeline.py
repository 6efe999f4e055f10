"""The pipeline: the one place that runs the stages, in the one direction data flows.

    read → encoding → words → profile → candidates → decode → rewrite

Each stage is a module with one job; only this module imports the stages. Edits pass
through a :class:`~svfix.changes.ChangeLog`, which maps them to the original input when
an explanation is asked for and costs nothing otherwise.

Clean text takes a fast path: the word scan and the document profile are cheap, and
only words that could change are looked at in their context (their line is tokenized
then, and only then).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import encoding
from .candidates import Slot, diacritic_candidates, keep_candidate
from .changes import Change, ChangeLog, Edit
from .config import Config
from .decode import Decision, decide
from .lexicon import Lexicon
from .lm import UnigramModel
from .profile import Profile, profile_counts
from .protect import (
    ENGLISH_WINDOW,
    LineContext,
    WordContext,
    chunk_bounds,
    in_english,
    is_hyphen_fragment,
    is_plain_chunk,
    name_context,
    starts_sentence,
)
from .tokens import tokenize

#: Letter runs: the words whose diacritics may have been stripped. Digits and other
#: characters split them; the tokenizer, run on a word's line, decides what it really is.
WORD_SCAN = re.compile(r"[^\W\d_]+")
#: Classified words remembered per lexicon before the memo is cleared.
MEMO_LIMIT = 400_000


@dataclass(frozen=True)
class FixResult:
    """What :func:`svfix.fix_and_explain` returns.

    ``text`` is the corrected text and ``changes`` the changes made, as spans of the
    original input ``original``. ``encoding`` names the encoding the input was decoded
    from (None for ``str`` input), ``profile`` the per-document estimates.
    """

    text: str
    changes: tuple[Change, ...]
    original: str
    profile: Profile | None = None
    encoding: str | None = None
    stages: tuple[str, ...] = field(default=())


def run(text: str, config: Config, lexicon: Lexicon, explain: bool) -> tuple[str, ChangeLog, Profile | None]:
    """Run every enabled stage over ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"svfix works on str, not {type(text).__name__}; decode bytes with svfix.fix_bytes")
    log = ChangeLog(text, explain)
    if config.encoding:
        text = encoding.repair(text, config, lexicon.is_word, log)
    profile = None
    if config.diacritics:
        text, profile = restore_words(text, config, lexicon, log)
    return text, log, profile


def _memo(lexicon: Lexicon) -> dict:
    memo = lexicon.memo
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    return memo


def restore_words(text: str, config: Config, lexicon: Lexicon, log: ChangeLog) -> tuple[str, Profile]:
    """Profile the document, then restore the words the evidence says to restore."""
    memo = _memo(lexicon)
    found = [(match.start(), match.group()) for match in WORD_SCAN.finditer(text)]
    counts = Counter(word.lower() for _, word in found)
    profile = profile_counts(counts, lexicon, memo)
    model = UnigramModel(lexicon)

    # Each distinct form is judged once; only the occurrences of forms that would
    # change are then looked at in their context, where protection may veto.
    verdicts: dict[tuple[str, bool], Decision | None] = {}
    for _, word in found:
        if (word, False) not in verdicts:
            verdicts[word, False] = _judge(word, False, profile, lexicon, model, config, memo)
    lines = _LineContexts(text, lexicon, config)
    edits: list[Edit] = []
    for index, (start, word) in enumerate(found):
        if verdicts[word, False] is None:
            continue  # would not change even as a common word, and likely names are stricter
        end = start + len(word)
        chunk_start, chunk_end = chunk_bounds(text, start, end)
        if is_hyphen_fragment(text, chunk_start, chunk_end):
            continue
        if (word.islower() or word[1:].islower()) and is_plain_chunk(text[chunk_start:chunk_end]):
            # The common case, without the tokenizer: a word among words.
            key = word.lower()
            if lexicon.is_user_word(key) or config.protect_english and _english_around(text, found, index, lexicon):
                continue
            context = name_context(word, starts_sentence(text, chunk_start), lexicon, config.protect_names)
            if context.protected_by:
                continue
            likely_name = context.likely_name
        else:
            context = lines.context(start, end)
            if context is None or context.protected_by:
                continue
            likely_name = context.likely_name
        verdict = (word, likely_name)
        if verdict not in verdicts:
            verdicts[verdict] = _judge(word, likely_name, profile, lexicon, model, config, memo)
        decision = verdicts[verdict]
        if decision is None:
            continue
        choice = decision.choice
        edits.append(Edit(start, end, choice.text, choice.reason, decision.confidence))
    return log.apply("diacritics", text, edits), profile


def _english_around(text: str, found: list[tuple[int, str]], index: int, lexicon: Lexicon) -> bool:
    """The English-phrase test of protect.in_english, on the scanned words of one line."""
    is_english = lexicon.is_english
    if not is_english(found[index][1].lower()):
        # Only a word between two English words can be protected: test those first.
        if not (0 < index < len(found) - 1):
            return False
        if not (is_english(found[index - 1][1].lower()) and is_english(found[index + 1][1].lower())):
            return False
    lo = index
    while lo > 0 and index - lo < ENGLISH_WINDOW and text.find("\n", found[lo - 1][0], found[lo][0]) < 0:
        lo -= 1
    hi = index
    while hi < len(found) - 1 and hi - index < ENGLISH_WINDOW and text.find("\n", found[hi][0], found[hi + 1][0]) < 0:
        hi += 1
    return in_english([is_english(word.lower()) for _, word in found[lo:hi + 1]], index - lo)


def _judge(
    word: str, likely_name: bool, profile: Profile, lexicon: Lexicon, model: UnigramModel, config: Config, memo: dict
) -> Decision | None:
    """The change to make wherever ``word`` is free to change, or None."""
    options = diacritic_candidates(word, profile, lexicon, likely_name, cache=memo)
    if not options:
        return None
    decision = decide(Slot(0, len(word), keep_candidate(word), tuple(options)), model)
    if decision.changed and decision.confidence >= config.min_confidence:
        return decision
    return None


class _LineContexts:
    """Tokenizes lines on demand and remembers the last one."""

    def __init__(self, text: str, lexicon: Lexicon, config: Config):
        self.text = text
        self.lexicon = lexicon
        self.config = config
        self._line_start = -1
        self._line: LineContext | None = None
        self._index_by_start: dict[int, int] = {}

    def context(self, start: int, end: int) -> WordContext | None:
        """The context of the word token exactly at ``[start, end)``, or None."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        if line_start != self._line_start:
            line_end = text.find("\n", end)
            tokens = tokenize(text, line_start, len(text) if line_end < 0 else line_end)
            self._line = LineContext(tokens, self.lexicon, self.config.protect_names, self.config.protect_english)
            self._index_by_start = {tokens[i].start: i for i in self._line.word_indexes}
            self._line_start = line_start
        index = self._index_by_start.get(start)
        if index is None or self._line is None or self._line.tokens[index].end != end:
            return None  # part of a larger token: a reference, a URL, a word with digits
        return self._line.context(index)
