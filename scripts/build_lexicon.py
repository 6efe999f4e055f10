#!/usr/bin/env python3
"""Rebuild ``data/lexicon/`` from its sources, reproducibly.

Sources (origins, versions and licences are in ``data/lexicon/SOURCES.md``):

* wordfreq's Swedish "large" list: forms and frequencies (``pip install wordfreq==3.1.1``);
* every full form of the Hunspell dictionary in the PyPI package ``hunspell-sv``
  (``pip install hunspell-sv==2026.10.25``), expanded from its affix file by
  :func:`expand_hunspell` below (a small re-implementation of Hunspell's ``unmunch`` that
  also keeps the compound flags, which ``unmunch`` drops);
* clean Swedish prose from ``../shared/corpora`` for domain frequencies (statutes,
  Riksdag documents, official prose, UD Talbanken; UD PUD is held out for tests). The
  public development sets in ``../shared/dev`` are never read;
* a gazetteer from ``../shared/corpora/svensktext-names-places``: the 290 municipalities
  (with and without "kommun", and in the genitive), the 21 län, localities, first names
  and surnames above a frequency threshold.

Output (deterministic: same sources, same bytes):

* ``data/lexicon/forms.marisa``, ``forms.u16``, ``variants.marisa``, ``skeletons.marisa``:
  every form with its frequency and flags, and the skeleton index (see
  ``svfix.resources.lexicon`` for the format);
* ``data/lexicon/foreign.marisa``: frequent English, French and German words that are
  not Swedish, for finding stretches of another language.

Usage::

    pip install wordfreq==3.1.1 hunspell-sv==2026.10.25 regex
    python scripts/build_lexicon.py [--shared ../shared] [--hunspell-dir DIR]
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import math
import os
import sys
import sysconfig
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
from svfix.evaluation import corpora  # noqa: E402
from svfix.resources.datafiles import write_array, write_manifest, write_trie  # noqa: E402  (the format lives with its reader)
from svfix.resources.lexicon import (  # noqa: E402
    COMPOUND_BEGIN,
    COMPOUND_END,
    COMPOUND_MIDDLE,
    FLAG_BITS,
    NAME,
    WORD,
    skeleton,
)

WORDFREQ_VERSION = "3.1.1"
HUNSPELL_SV_VERSION = "2026.10.25"

#: Letters only: the tokenizer splits at hyphens, colons and apostrophes, so the
#: lexicon holds the parts.
LETTERS = regex.compile(r"^\p{L}+$")
#: Domain frequencies: below this count a form is noise (OCR slips in the sources,
#: one-off foreign words).
MIN_DOMAIN_COUNT = 3
#: A wordfreq form that Hunspell does not know and whose diacritic variant is this many
#: times more frequent is a web misspelling (``ocksa`` for ``också``), not a word.
STRIPPED_MISSPELLING_RATIO = 30.0
#: Frequency (zipf) given to forms that only the dictionary or the gazetteer knows.
FLOOR_ZIPF = 1.0
#: First names need at least this many bearers to enter the gazetteer.
MIN_NAME_BEARERS = 200
#: Share of the general (wordfreq) list in the mixed frequency; the rest is the domain.
GENERAL_WEIGHT = 0.3
#: A form written capitalised mid-sentence this often (weighted), and in lowercase at most
#: this share as often, is a name.
MIN_NAME_USES = 5
NAME_LOWERCASE_SHARE = 0.05
#: Where sentences end, for telling a capital that starts one from a name's.
SENTENCE_SPLIT = regex.compile(r"(?<=[.!?:;])\s+")
#: The other languages a Swedish document quotes most (EU texts quote French, older
#: statutes German), and how many of each one's frequent words are kept for the
#: other-language test.
FOREIGN_LANGUAGES = ("en", "fr", "de")
FOREIGN_WORDS = 30000
#: A Swedish dictionary word counts as foreign when the other language uses it this much
#: more (in zipf units).
FOREIGN_MARGIN = 1.5

HUNSPELL_FLAG_ONLY_IN_COMPOUND = "Z"
HUNSPELL_FLAG_NEEDAFFIX = "¤"
HUNSPELL_FLAG_FORBIDDEN = "%"
HUNSPELL_FLAG_BEGIN = "X"
HUNSPELL_FLAG_MIDDLE = "U"
HUNSPELL_FLAG_END = "Y"


# --------------------------------------------------------------------------- Hunspell

class Affix:
    """One affix rule: strip ``strip``, add ``add`` where ``condition`` matches."""

    __slots__ = ("kind", "flag", "cross", "strip", "add", "cont", "condition")

    def __init__(self, kind: str, flag: str, cross: bool, strip: str, add: str, cont: str, condition: str):
        self.kind, self.flag, self.cross = kind, flag, cross
        self.strip = "" if strip == "0" else strip
        self.add = "" if add == "0" else add
        self.cont = cont
        cond = "" if condition == "." else condition
        self.condition = regex.compile(f"{cond}$" if kind == "SFX" else f"^{cond}") if cond else None

    def apply(self, word: str) -> str | None:
        if self.condition is not None and not self.condition.search(word):
            return None
        if self.kind == "SFX":
            if self.strip and not word.endswith(self.strip):
                return None
            stem = word[: len(word) - len(self.strip)] if self.strip else word
            return stem + self.add
        if self.strip and not word.startswith(self.strip):
            return None
        return self.add + word[len(self.strip):]


def read_affixes(path: Path) -> dict[str, list[Affix]]:
    rules: dict[str, list[Affix]] = collections.defaultdict(list)
    cross: dict[tuple[str, str], bool] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 4 or parts[0] not in ("PFX", "SFX"):
            continue
        kind, flag = parts[0], parts[1]
        if (kind, flag) not in cross and parts[2] in ("Y", "N") and parts[3].isdigit() and len(parts) == 4:
            cross[(kind, flag)] = parts[2] == "Y"
            continue
        if len(parts) < 5:
            continue
        add, _, cont = parts[3].partition("/")
        rules[flag].append(Affix(kind, flag, cross.get((kind, flag), False), parts[2], add, cont, parts[4]))
    return rules


def read_dic(path: Path) -> list[tuple[str, str]]:
    entries = []
    with path.open(encoding="utf-8") as handle:
        next(handle)  # the count
        for line in handle:
            field = line.split()
            if not field:
                continue
            word, _, flags = field[0].partition("/")
            entries.append((word, flags))
    return entries


def expand_hunspell(dic_paths: list[Path], aff_path: Path) -> dict[str, int]:
    """Every form the dictionary accepts, with svfix flags (WORD, COMPOUND_*).

    A form is a WORD unless it (or its stem) is marked ONLYINCOMPOUND, NEEDAFFIX or
    FORBIDDENWORD. Compound flags come from the stem (COMPOUNDBEGIN forms may take
    prefixes, COMPOUNDEND forms suffixes) and from the continuation classes of the affix
    that made the form (``jämställdhet`` + ``s/WXZ`` gives the compound-only first part
    ``jämställdhets``). Continuation classes that name further affixes are applied once
    more (Hunspell's two-level suffixes).
    """
    rules = read_affixes(aff_path)
    forms: dict[str, int] = collections.defaultdict(int)

    def flags_of(hunspell_flags: str, inherited_only: bool) -> int:
        bits = 0
        only = inherited_only or HUNSPELL_FLAG_ONLY_IN_COMPOUND in hunspell_flags
        if not only and HUNSPELL_FLAG_NEEDAFFIX not in hunspell_flags and HUNSPELL_FLAG_FORBIDDEN not in hunspell_flags:
            bits |= WORD
        if HUNSPELL_FLAG_BEGIN in hunspell_flags:
            bits |= COMPOUND_BEGIN
        if HUNSPELL_FLAG_MIDDLE in hunspell_flags:
            bits |= COMPOUND_MIDDLE
        if HUNSPELL_FLAG_END in hunspell_flags:
            bits |= COMPOUND_END
        return bits

    def add(form: str, bits: int) -> None:
        if bits:
            forms[form] |= bits

    for dic_path in dic_paths:
        for word, flags in read_dic(dic_path):
            if HUNSPELL_FLAG_FORBIDDEN in flags:
                continue
            stem_only = HUNSPELL_FLAG_ONLY_IN_COMPOUND in flags
            add(word, flags_of(flags, False))
            stem_end = COMPOUND_END if HUNSPELL_FLAG_END in flags else 0
            stem_begin = COMPOUND_BEGIN if HUNSPELL_FLAG_BEGIN in flags else 0
            # (form, its continuation flags, may it take a prefix too?)
            suffixed = [(word, flags, True)]
            for flag in flags:
                for rule in rules.get(flag, ()):
                    if rule.kind != "SFX":
                        continue
                    new = rule.apply(word)
                    if new is None:
                        continue
                    add(new, flags_of(rule.cont, stem_only) | stem_end)
                    suffixed.append((new, rule.cont, rule.cross))
                    for cont_flag in rule.cont:  # two-level suffixes
                        for outer in rules.get(cont_flag, ()):
                            if outer.kind == "SFX":
                                newer = outer.apply(new)
                                if newer is not None:
                                    add(newer, flags_of(outer.cont, stem_only) | stem_end)
            for flag in flags:
                for rule in rules.get(flag, ()):
                    if rule.kind != "PFX":
                        continue
                    for base, base_flags, base_cross in suffixed:
                        if base is not word and not (rule.cross and base_cross):
                            continue
                        new = rule.apply(base)
                        if new is not None:
                            add(new, flags_of(rule.cont + base_flags, stem_only) | stem_begin)
    return {form: bits for form, bits in forms.items() if LETTERS.match(form)}


def find_hunspell_dir(explicit: str | None) -> Path:
    candidates = [Path(explicit)] if explicit else []
    candidates.append(Path(sysconfig.get_path("data")) / "share" / "hunspell")
    candidates.append(Path(sys.prefix) / "share" / "hunspell")
    for candidate in candidates:
        if (candidate / "sv_SE.dic").exists():
            return candidate
    raise SystemExit(
        "build_lexicon: sv_SE.dic not found; run `pip install hunspell-sv=="
        f"{HUNSPELL_SV_VERSION}` or pass --hunspell-dir"
    )


# --------------------------------------------------------------------------- corpora

WORD_RE = regex.compile(r"\p{L}+")


#: Every HELD_OUT_EVERY-th born-digital Riksdag document (sorted by name) is held out
#: of training, for synthetic benchmarks on text svfix has never seen.
HELD_OUT_EVERY = 5


def domain_counts(shared: Path) -> tuple[collections.Counter, collections.Counter]:
    """(weighted lowercase form counts, counts of forms written capitalised in the middle
    of a sentence), over the training text of every corpus (svfix.evaluation.corpora:
    weighted per source, held-out text left out)."""
    counts: collections.Counter = collections.Counter()
    capitalised: collections.Counter = collections.Counter()
    for paragraph, weight in corpora.weighted(shared):
        for sentence in SENTENCE_SPLIT.split(paragraph):
            for position, word in enumerate(WORD_RE.findall(sentence)):
                key = word.lower()
                counts[key] += weight
                if position and word[:1].isupper() and not word.isupper():
                    capitalised[key] += weight
    return counts, capitalised


# --------------------------------------------------------------------------- gazetteer

def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def genitive(name: str) -> str:
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def gazetteer(shared: Path) -> set[str]:
    """Name tokens: municipalities, län, localities, first names, surnames."""
    base = shared / "corpora" / "svensktext-names-places"
    names: set[str] = set()

    def add_phrase(phrase: str) -> None:
        words = phrase.split()
        for word in words:
            for part in word.split("-"):
                if LETTERS.match(part):
                    names.add(part)
        if words:  # the genitive falls on the last word: "Upplands Väsbys"
            last = words[-1]
            if LETTERS.match(last):
                names.add(genitive(last))

    for row in read_csv(base / "kommuner.csv"):
        full = row["name"]
        add_phrase(full)
        short = regex.sub(r"\s+(kommun|stad)$", "", full)
        add_phrase(short)
    for row in read_csv(base / "lan.csv"):
        add_phrase(row["name"])
        add_phrase(regex.sub(r"\s+län$", "", row["name"]))
        add_phrase(row["residencetown"])
    for row in read_csv(base / "ortsnamn.csv"):
        add_phrase(row["city"])
    for file in ("tilltalsnamn-kvinnor.csv", "tilltalsnamn-man.csv", "fornamn-kvinnor.csv", "fornamn-man.csv"):
        for row in read_csv(base / file):
            if int(row["persons"]) >= MIN_NAME_BEARERS:
                add_phrase(row["name"])
    for row in read_csv(base / "efternamn-top1000.csv"):
        add_phrase(row["lastname"])
    return names


# --------------------------------------------------------------------------- assembly

def zipf(freq: float) -> float:
    return math.log10(freq) + 9.0 if freq > 0 else 0.0


def build(shared: Path, hunspell_dir: Path) -> tuple[dict[str, tuple[int, int]], dict[str, object], set[str]]:
    import wordfreq

    dic_paths = [hunspell_dir / "sv_SE.dic"]
    if (hunspell_dir / "sv_SE_expanded.dic").exists():
        dic_paths.append(hunspell_dir / "sv_SE_expanded.dic")
    print(f"expanding Hunspell from {hunspell_dir}", file=sys.stderr)
    hunspell_forms = expand_hunspell(dic_paths, hunspell_dir / "sv_SE.aff")

    # Hunspell forms by lowercase key; capitalised-only forms are names.
    flags: dict[str, int] = collections.defaultdict(int)
    lowercase_seen: set[str] = set()
    capital_seen: set[str] = set()
    for form, bits in hunspell_forms.items():
        key = form.lower()
        flags[key] |= bits
        if form == key:
            lowercase_seen.add(key)
        else:
            capital_seen.add(key)
    hunspell_words = {key for key, bits in flags.items() if bits & WORD}
    print(f"  {len(hunspell_forms):,} Hunspell forms, {len(hunspell_words):,} standalone words", file=sys.stderr)

    general = {w: f for w, f in wordfreq.get_frequency_dict("sv", "large").items() if LETTERS.match(w)}
    print(f"  {len(general):,} wordfreq forms", file=sys.stderr)
    counts, capitalised = domain_counts(shared)
    total = sum(counts.values())
    domain = {w: c / total for w, c in counts.items() if c >= MIN_DOMAIN_COUNT}
    print(f"  {total:,} domain tokens, {len(domain):,} forms seen {MIN_DOMAIN_COUNT}+ times", file=sys.stderr)

    mixed: dict[str, float] = {}
    for word in set(general) | set(domain):
        mixed[word] = GENERAL_WEIGHT * general.get(word, 0.0) + (1 - GENERAL_WEIGHT) * domain.get(word, 0.0)

    # Corpus forms become words unless they look like misspellings of a far more
    # frequent form with the same skeleton: stripped (``ocksa``) or with a stray accent
    # (``pä``, ``pà`` beside ``på``).
    best_by_skeleton: dict[str, float] = collections.defaultdict(float)
    for word, freq in mixed.items():
        folded = skeleton(word)
        best_by_skeleton[folded] = max(best_by_skeleton[folded], freq)
    dropped = 0
    for word, freq in mixed.items():
        if word in hunspell_words:
            continue
        if best_by_skeleton[skeleton(word)] > STRIPPED_MISSPELLING_RATIO * freq:
            dropped += 1
            continue
        flags[word] |= WORD
    print(f"  {dropped:,} corpus forms dropped as probable misspellings", file=sys.stderr)

    names = gazetteer(shared)
    for name in names:
        key = name.lower()
        flags[key] |= WORD
        capital_seen.add(key)
    for key in capital_seen:  # capitalised in the sources, never lowercase: a name
        if key not in lowercase_seen:
            flags[key] |= NAME
    # Written capitalised in the middle of sentences and hardly ever in lowercase: a name
    # (Karl, Portside), whatever the dictionaries say.
    corpus_names = 0
    for key, capital in capitalised.items():
        if capital >= MIN_NAME_USES and counts[key] - capital <= NAME_LOWERCASE_SHARE * capital and LETTERS.match(key):
            if not flags[key] & NAME:
                corpus_names += 1
            flags[key] |= NAME | WORD
    print(f"  {corpus_names:,} more names from their use in the corpora", file=sys.stderr)
    print(f"  {len(names):,} gazetteer name forms", file=sys.stderr)

    entries: dict[str, tuple[int, int]] = {}
    for key, bits in flags.items():
        if not LETTERS.match(key):
            continue
        z = zipf(mixed.get(key, 0.0))
        centi = max(int(round(100 * max(z, FLOOR_ZIPF))), 1)
        entries[key] = (centi, bits)
    meta = {
        "sources": {
            "wordfreq": f"wordfreq {WORDFREQ_VERSION}, list sv/large",
            "hunspell": f"hunspell-sv {HUNSPELL_SV_VERSION}, sv_SE.dic + sv_SE_expanded.dic",
            "domain": "../shared/corpora, training part, weighted by register: "
                      + ", ".join(f"{src.name} x{src.weight:g}" for src in corpora.SOURCES),
            "gazetteer": "../shared/corpora/svensktext-names-places",
        },
        "general_weight": GENERAL_WEIGHT,
        "floor_zipf": FLOOR_ZIPF,
        "entries": len(entries),
    }
    return entries, meta, hunspell_words


#: Tokens of the language model that are no words: sentence edges and numbers. They get
#: ids in the forms trie (with no flags) so that the model's arrays cover them too.
SPECIAL_TOKENS = ("<s>", "</s>", "<num>", "<year>")


def write_lexicon(out: Path, entries: dict[str, tuple[int, int]], meta: dict[str, object]) -> None:
    """The lexicon files (read by ``svfix.resources.lexicon``):

    * ``forms.marisa``: every lowercase form (and the language model's special tokens);
    * ``forms.u16``: per form id, ``zipf*100 << 5 | flags`` (zipf below 20.48, five flags);
    * ``variants.marisa``: ``skeleton + "\\x01" + form`` for every form with diacritics,
      so that the forms a skeleton stands for are one prefix search away;
    * ``skeletons.marisa``: the skeleton of every form: one probe says that a string
      folds from no form (most OCR readings), and one prefix search where in a word the
      parts of a compound may end;
    * ``lexicon.json``: the metadata (sources, versions, counts).
    """
    keys = sorted(set(entries) | set(SPECIAL_TOKENS))
    trie = write_trie(out / "forms.marisa", keys)
    values = [0] * len(trie)
    for key in keys:
        if key in SPECIAL_TOKENS:
            continue
        centi, bits = entries[key]
        if bits >= 1 << FLAG_BITS:
            raise ValueError(f"flags of {key!r} do not fit in {FLAG_BITS} bits")
        values[trie[key]] = min(centi, (1 << (16 - FLAG_BITS)) - 1) << FLAG_BITS | bits
    write_array(out / "forms.u16", "H", values)
    write_trie(out / "variants.marisa", (skeleton(key) + "\x01" + key for key in entries if skeleton(key) != key))
    write_trie(out / "skeletons.marisa", sorted({skeleton(key) for key in keys}))
    (out / "lexicon.json").write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                      encoding="utf-8")


def foreign_words(swedish: dict[str, tuple[int, int]], dictionary_words: set[str]) -> list[str]:
    """Frequent words of each of FOREIGN_LANGUAGES that are not also Swedish words.

    A word the Swedish dictionary lists is Swedish (``social``, ``forum``) unless the
    other language uses it far more (``for``, ``the``, ``est``); a word only wordfreq's
    Swedish list has is web English, French or German (``principles``) and counts as
    foreign.
    """
    import wordfreq

    chosen: set[str] = set()
    for language in FOREIGN_LANGUAGES:
        taken = 0
        for word in wordfreq.iter_wordlist(language, "large"):
            if taken >= FOREIGN_WORDS:
                break
            if not LETTERS.match(word) or len(word) < 2:
                continue
            if word in dictionary_words:
                sv = swedish.get(word)
                zipf = wordfreq.zipf_frequency(word, language, "large")
                if sv is not None and sv[0] / 100 >= zipf - FOREIGN_MARGIN:
                    continue
            chosen.add(word)
            taken += 1
    return sorted(chosen)


def write_gzip(path: Path, payload: bytes) -> None:
    """Deterministic gzip (no file name, no time stamp), written atomically."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle:
            handle.write(payload)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (default ../shared)")
    parser.add_argument("--hunspell-dir", help="folder with sv_SE.dic and sv_SE.aff (default: the installed hunspell-sv)")
    parser.add_argument("--out", default=str(ROOT / "data" / "lexicon"))
    args = parser.parse_args(argv)
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    entries, meta, dictionary_words = build(shared, find_hunspell_dir(args.hunspell_dir))
    write_lexicon(out, entries, meta)
    write_trie(out / "foreign.marisa", foreign_words(entries, dictionary_words))
    for name in ("forms.marisa", "forms.u16", "variants.marisa", "skeletons.marisa", "foreign.marisa"):
        print(f"wrote {out / name} ({(out / name).stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    write_manifest(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
