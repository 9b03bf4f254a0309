"""The ``archiver`` command: parses arguments, runs one sub-command, reports errors in one line."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
from collections.abc import Sequence

from archiver import __version__
from archiver.exceptions import ArchiverError

# Each sub-command lives in archiver/commands/<module>.py and exposes
# ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMANDS = {
    "crawl": "archiver.commands.crawl",
    "demo": "archiver.commands.demo",
    "diff": "archiver.commands.diff",
    "export": "archiver.commands.export",
    "extract": "archiver.commands.extract",
    "index": "archiver.commands.index",
    "pack": "archiver.commands.pack",
    "run": "archiver.commands.run",
    "serve": "archiver.commands.serve",
    "serve-site": "archiver.commands.serve_site",
    "state": "archiver.commands.state",
    "status": "archiver.commands.status",
    "worker": "archiver.commands.worker",
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered, or only ``command`` when given.

    Registering a sub-command imports its module; with ``command`` the others are not imported
    (``export`` alone pulls in datasketch and scipy, which a crawl never needs).
    """
    parser = _Parser(prog="archiver", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``archiver`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # ``archiver CMD ...`` needs CMD's parser only; anything else (``--help``, a typo) gets all.
    command = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(command).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # SIGTERM ends a command like Ctrl-C does, through its clean-up (a crawl installs Scrapy's own
    # handler for both when it starts)
    signal.signal(signal.SIGTERM, _terminated)
    try:
        return int(args.run(args))
    except ArchiverError as error:
        print(f"archiver {args.command}: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"archiver {args.command}: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print(f"archiver {args.command}: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        # whoever read the output stopped (``| head``): stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except OSError as error:  # writing to standard output on a full disk, and the like
        where = f"{error.filename}: " if error.filename else ""
        print(f"archiver {args.command}: error: {where}{error.strerror or error}", file=sys.stderr)
        return 1


class _Terminated(BaseException):
    """SIGTERM, raised where the command is so that its ``with`` blocks clean up."""


def _terminated(signal_number: int, frame: object) -> None:
    raise _Terminated


if __name__ == "__main__":
    sys.exit(main())
