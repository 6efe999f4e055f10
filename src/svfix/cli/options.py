"""The options every command shares: the engine's settings and the user's word lists.

One definition serves ``svfix fix``, ``svfix explain`` and ``svfix bench``, so that the
commands never drift apart.
"""
from __future__ import annotations

import argparse

from .. import PRESETS, Config, Lexicon

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The settings of the engine (see :class:`svfix.Config`)."""
    group = parser.add_argument_group("engine settings (see help(svfix.Config))")
    group.add_argument("--words", metavar="FILE", action="append", default=[],
                       help="a UTF-8 list of words to know and never change (local names), one per line")
    group.add_argument("--preset", choices=sorted(PRESETS), default="default", help="named settings (default: default)")
    group.add_argument("--min-confidence", type=float, metavar="P",
                       help="change a word only when at least this sure (0.5-1.0; default 0.85)")


def add_stage_options(parser: argparse.ArgumentParser) -> None:
    """Switches for the stages and the layout (``fix`` and ``explain``)."""
    group = parser.add_argument_group("stages")
    group.add_argument("--no-diacritics", action="store_true", help="do not restore diacritics")
    group.add_argument("--no-encoding", action="store_true", help="do not repair encoding damage")
    group.add_argument("--no-layout", action="store_true",
                       help="do not join hyphenated words and wrapped lines, nor remove page furniture")
    group.add_argument("--keep-lines", action="store_true",
                       help="keep every line break (hyphenated words are still joined, on the upper line)")
    group.add_argument("--keep-furniture", action="store_true",
                       help="keep running headers, footers, page numbers and form feeds")
    group.add_argument("--encoding", metavar="NAME", help="decode inputs with this encoding instead of detecting it")


def config_from(args: argparse.Namespace) -> Config:
    """The :class:`Config` the options ask for."""
    config = Config.preset(args.preset)
    changes: dict[str, object] = {}
    if args.min_confidence is not None:
        changes["min_confidence"] = args.min_confidence
    for flag, field, value in (
        ("no_diacritics", "diacritics", False),
        ("no_encoding", "encoding", False),
        ("no_layout", "layout", False),
        ("keep_lines", "keep_lines", True),
        ("keep_furniture", "keep_furniture", True),
    ):
        if getattr(args, flag, False):
            changes[field] = value
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
