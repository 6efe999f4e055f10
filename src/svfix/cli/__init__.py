"""The ``svfix`` command: a thin client of the public API.

    svfix fix FILE... | DIR | -  [-o OUT] [--in-place]
    svfix explain FILE [--json]
    svfix bench PAIRS [--by-file] [--json | --csv] [--clean DIR] [--compare] [--plot FILE.png]

Errors start with ``svfix error:``, say what to do, and make the exit status non-zero.
A bad file does not stop the others; a summary names every failure.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..errors import SvfixError
from . import bench, explain, fix
from .options import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors, in our format
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svfix error: {message}; see svfix --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="svfix",
        description="Repair the raw text of scanned Swedish documents: encoding damage and stripped diacritics.",
    )
    parser.add_argument("--version", action="version", version=f"svfix {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    fix.add_parser(commands)
    explain.add_parser(commands)
    bench.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {"fix": fix.run, "explain": explain.run, "bench": bench.run}
    try:
        return commands[args.command](args)
    except SvfixError as err:
        fail(str(err))
        return EXIT_FAILED
    except KeyboardInterrupt:
        fail("interrupted; outputs already written are complete, the rest were not written")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
