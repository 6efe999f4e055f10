"""The ``svfix`` command: a thin client of the public API.

    svfix fix FILE... | DIR | -  [-o OUT] [--in-place]
    svfix explain FILE [--json]
    svfix bench PAIRS [--by-file] [--json | --csv] [--clean DIR] [--compare] [--plot FILE.png]

Errors start with ``svfix error:``, say what to do, and make the exit status non-zero.
A bad file does not stop the others; a summary names every failure.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..archive.batch import readable
from ..archive.batch.stop import ignore_stop_signals, install_interrupt_once
from ..errors import SvfixError
from . import bench, explain, fix
from .options import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors, in our format
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svfix error: {message}; see {self.prog} --help\n")


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    return parser


def suggestion(unknown: str, parser: argparse.ArgumentParser) -> str | None:
    """The option of ``parser`` closest to a mistyped one (``--ouput`` → ``--output``).

    Python's argparse suggests only from 3.14 on; this works from 3.10.
    """
    if not unknown.startswith("--"):
        return None
    options = [option for action in parser._actions for option in action.option_strings if option.startswith("--")]
    close = difflib.get_close_matches(unknown.split("=", 1)[0], options, n=1, cutoff=0.6)
    return close[0] if close else None


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
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # the command's own usage, and the option meant
        command = _subparser(parser, args.command)
        hints = [f"did you mean {hint}?" for hint in (suggestion(arg, command) for arg in unknown) if hint]
        command.error(f"unrecognized arguments: {' '.join(unknown)}" + (f"; {' '.join(hints)}" if hints else ""))
    commands = {"fix": fix.run, "explain": explain.run, "bench": bench.run}
    install_interrupt_once()  # Ctrl-C or SIGTERM: stop once, then wind down undisturbed
    try:
        status = commands[args.command](args)
    except SvfixError as err:
        fail(str(err))
        status = EXIT_FAILED
    except BrokenPipeError:
        status = EXIT_OK
    except OSError as err:  # an error of the system no layer below turned into a message
        where = f"{readable(err.filename)}: " if err.filename else ""
        fail(f"{where}{err.strerror or err}")
        status = EXIT_FAILED
    except KeyboardInterrupt:
        ignore_stop_signals()  # and at exit too: Python's finalisation would reset a handler to the default
        fail("interrupted; outputs already written are complete, the rest were not written")
        _exit_if_stuck(130)
        return 130
    ignore_stop_signals()  # the work is done: a late Ctrl-C must not turn a finished run into a killed one
    return status


def _exit_if_stuck(status: int) -> None:
    """After an interrupt, give the threads still running a few seconds to end; one that
    does not (a process pool's manager thread waiting on a lock) would keep the process
    from ever exiting, so then exit at once: every output, the manifest and the report
    are already closed."""
    import os
    import threading
    import time

    deadline = time.monotonic() + 5
    for thread in threading.enumerate():
        if thread is threading.main_thread() or thread.daemon:
            continue
        thread.join(max(deadline - time.monotonic(), 0.0))
        if thread.is_alive():
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
