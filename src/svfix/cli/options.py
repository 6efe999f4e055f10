"""The options every command shares: the engine's settings and the user's word lists.

One definition serves ``svfix fix``, ``svfix explain`` and ``svfix bench``, so that the
commands never drift apart.
"""
from __future__ import annotations

import argparse

from .. import PRESETS, Config, Lexicon
from ..config import PRESET_DESCRIPTIONS

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The settings of the engine (see :class:`svfix.Config`)."""
    group = parser.add_argument_group("engine settings (see help(svfix.Config))")
    group.add_argument("--words", metavar="FILE", action="append", default=[],
                       help="a UTF-8 list of words to know and never change (local names), one per line")
    presets = "; ".join(f"{name}: {PRESET_DESCRIPTIONS[name]}" for name in PRESETS)
    group.add_argument("--preset", choices=list(PRESETS), default="default", metavar="NAME",
                       help=f"named settings, the other options applied on top ({presets}; default: default)")
    group.add_argument("--min-confidence", type=float, metavar="P",
                       help="change a word only when at least this sure (0.5-1.0; default 0.85)")


#: The switches of the stage options: (flag, Config field, value the flag sets, help).
SWITCHES: tuple[tuple[str, str, bool, str], ...] = (
    ("--no-encoding", "encoding", False, "do not repair encoding damage (mojibake, entities, code pages, ISO 646, ...)"),
    ("--no-layout", "layout", False, "do not join hyphenated words and wrapped lines, nor remove page furniture"),
    ("--keep-lines", "keep_lines", True, "keep every line break (hyphenated words are still joined, on the upper line)"),
    ("--keep-furniture", "keep_furniture", True, "keep running headers, footers, page numbers and form feeds"),
    ("--no-diacritics", "diacritics", False, "do not restore stripped diacritics"),
    ("--no-ocr", "ocr", False, "do not repair OCR glyph confusions, split or glued words"),
    ("--no-context", "context", False, "decide each word by its own frequency, without the language model"),
    ("--no-protect-names", "protect_names", False, "let capitalised words that look like names change too"),
    ("--no-protect-english", "protect_english", False, "let words in stretches of English, French or German change too"),
)


FORMATS = ("txt", "alto", "hocr", "page")


def add_format_option(parser: argparse.ArgumentParser,
                      help_text: str = "input format (default: detected from each file's content)") -> None:
    """``--format`` (``fix`` and ``explain``)."""
    parser.add_argument("--format", choices=FORMATS, help=help_text)


def add_stage_options(parser: argparse.ArgumentParser) -> None:
    """Switches for the stages and the layout (``fix`` and ``explain``)."""
    group = parser.add_argument_group("stages (each on by default; see help(svfix.Config))")
    for flag, field, value, help_text in SWITCHES:
        group.add_argument(flag, dest=field, action="store_const", const=value, default=None, help=help_text)
    group.add_argument("--iso646", choices=("auto", "never", "always"),
                       help="decode 7-bit Swedish ISO 646 (f|r for för): where the lexicon confirms it (auto, the "
                            "default), never, or always")
    # dest: not "encoding", which is the --no-encoding stage switch's
    group.add_argument("--encoding", dest="input_encoding", metavar="NAME",
                       help="decode inputs with this encoding instead of detecting it")


def config_from(args: argparse.Namespace) -> Config:
    """The :class:`Config` the options ask for: the preset, with each option given on top."""
    config = Config.preset(args.preset)
    changes: dict[str, object] = {}
    if args.min_confidence is not None:
        changes["min_confidence"] = args.min_confidence
    for _, field, _, _ in SWITCHES:
        value = getattr(args, field, None)
        if value is not None:
            changes[field] = value
    if getattr(args, "iso646", None) is not None:
        changes["iso646"] = args.iso646
    return config.with_changes(**changes) if changes else config


def lexicon_from(args: argparse.Namespace) -> Lexicon:
    """The default lexicon with the words of every ``--words`` file."""
    lexicon = Lexicon.default()
    for path in args.words:
        lexicon = Lexicon.from_file(path, words=lexicon.user_words)
    return lexicon


def fail(message: str) -> None:
    """Print an error line in the one format every svfix error has."""
    import sys

    print(f"svfix error: {message}", file=sys.stderr)
