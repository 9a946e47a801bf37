"""The composition root: parses arguments, opens the library, starts the CLI or the GUI.

``refdesk`` with no subcommand (or with files, IDs or URLs) opens the GUI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__, cli
from .errors import RefDeskError
from .settings import Settings

NO_LIBRARY_COMMANDS = {"install-desktop"}


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refdesk", description="Open RefDesk; FILEs, IDs and URLs are imported as if dropped.")
    parser.add_argument("--version", action="version", version=f"RefDesk {__version__}")
    cli.add_common_options(parser)
    parser.add_argument("--self-test", action="store_true", help="check this installation offscreen and exit")
    parser.add_argument("items", nargs="*", metavar="FILE|ID|URL")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {"eutils_url": getattr(args, "eutils_url", None)}
    return Settings.from_env(**overrides)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _command_name(argv) in cli.COMMANDS:
        return run_cli(argv)
    return run_gui(argv)


def _split_common_options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Common options (``--db PATH`` ...) given anywhere, and the other arguments."""
    common = argparse.ArgumentParser(add_help=False)
    cli.add_common_options(common)
    return common.parse_known_args(argv)


def _command_name(argv: list[str]) -> str | None:
    """The first positional argument, skipping the values of common options."""
    _common, rest = _split_common_options(argv)
    return next((a for a in rest if not a.startswith("-")), None)


def run_cli(argv: list[str]) -> int:
    parser = cli.build_parser()
    common, rest = _split_common_options(argv)
    try:
        args = parser.parse_args(rest)
    except SystemExit as exc:
        return int(exc.code or 0) and cli.EXIT_USAGE
    for name, value in vars(common).items():
        if value:  # given before the command: the subcommand's default must not hide it
            setattr(args, name, value)
    if args.command in NO_LIBRARY_COMMANDS:
        return cli.run(args, None)  # type: ignore[arg-type]
    # Imported here, not at the top: --version and --help answer without
    # loading the database, network and format libraries (about a second).
    from .services import open_services  # noqa: PLC0415

    try:
        services = open_services(args.db, settings_from(args), demo=False if args.no_demo else None)
    except RefDeskError as exc:
        print(f"refdesk: {exc}", file=sys.stderr)
        return cli.EXIT_FAILED
    try:
        return cli.run(args, services)
    finally:
        services.close()


def run_gui(argv: list[str]) -> int:
    parser = build_gui_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and cli.EXIT_USAGE
    # The GUI is imported only here: the command line never pays for Qt.
    from .ui.application import run_application

    return run_application(args, settings_from(args))
