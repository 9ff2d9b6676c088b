"""`python -m finops_lib`: the headless command, its parser generated from OPTIONS."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

from rich.console import Console

from .errors import FinopsError, one_line
from .exporters import check_exports
from .interrupts import Interrupted, TimedOut, deferred, signals_raise, time_limit
from .options import MODES, OPTIONS, Option, Options, resolve

__all__ = ["build_parser", "main"]

log = logging.getLogger("finops_lib")
_ANOMALY_ARGS = ("action", "anomaly_id", "note", "owner", "by")


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one line and exit 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"finops: error: {message}. See --help.\n")


def _help(opt: Option) -> str:
    text = opt.help
    default = opt.default if opt.default not in (None, (), "") else None
    if default is not None:
        text += f" Default: {opt.to_text(default)}."
    personas = ", ".join(f"{m}: {opt.to_text(v)}" for m, v in opt.persona_defaults.items())
    text += f" Persona defaults: {personas}." if personas else ""
    return text.replace("%", "%%")  # argparse formats help with %-interpolation


def _add(parser: argparse.ArgumentParser, opt: Option) -> None:
    kwargs: dict[str, Any] = {"dest": opt.name, "default": None, "help": _help(opt)}
    if opt.kind == "bool" and opt.flag.startswith("--no-"):
        # BooleanOptionalAction reads every "--no-…" flag as False: a flag that is already a
        # negation (--no-cache) is a plain switch
        kwargs["action"] = "store_true"
    elif opt.kind == "bool":
        kwargs["action"] = argparse.BooleanOptionalAction
    elif opt.kind == "multi" or (opt.kind == "list" and opt.name == "export"):
        kwargs["action"] = "append"
        kwargs["metavar"] = "{" + ",".join(opt.choices) + "}" if opt.choices else "TEXT"
    elif opt.choices:
        kwargs["metavar"] = "{" + ",".join(opt.choices) + "}"
    else:
        kwargs["metavar"] = opt.kind.upper() if opt.kind != "str" else "TEXT"
    parser.add_argument(opt.flag, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser, generated from the option declaration."""
    parser = _Parser(prog="python -m finops_lib",
                     description="FinOps dashboard for AWS: executive, architect and SRE views.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    dash = sub.add_parser("dashboard", help="print a persona report and write exports",
                          description=f"Persona modes: {', '.join(MODES)}.")
    for opt in OPTIONS:
        if "cli" in opt.surfaces:
            _add(dash, opt)
    sub.add_parser("iam-policy", help="print the read-only IAM policy the dashboard needs")
    from .triage.cli import add_parser as add_anomalies

    add_anomalies(sub, _add_list_options)
    return parser


def _add_list_options(parser: argparse.ArgumentParser) -> None:
    for opt in OPTIONS:
        if "cli" in opt.surfaces and opt.name not in _NOT_FOR_LIST:
            _add(parser, opt)


# `anomalies list` detects with the report's options; delivery and gating belong to `dashboard`
_NOT_FOR_LIST = frozenset({"mode", "export", "output_dir", "screenshot", "page_size", "notify",
                           "fail_on_anomaly"})


def _console() -> Console:
    width = None if sys.stdout.isatty() else 160
    return Console(width=width, soft_wrap=False)


def run_dashboard(opts: Options, console: Console | None = None,
                  written: list[str] | None = None) -> list[str]:
    """Build, print, validate and export one report; return the written paths (also appended
    to `written` as each is announced)."""
    from .alerts import alert, check_alert_options, gate, with_triage

    written = [] if written is None else written
    from .dashboard import build_report, export_report
    from .terminal import render_terminal
    from .triage import records_of

    formats = list(opts.export) + (["png"] if opts.screenshot else [])
    check_exports(formats, opts.output_dir if formats else None)
    check_alert_options(opts)
    report, store = with_triage(build_report(opts), _warn)
    render_terminal(report, console or _console(), verbose=opts.verbose)
    for line in report.extra.get("request_log", ()):
        log.info("request: %s", line)
    # A signal while files are placed and announced waits for the end: "wrote" lines are true.
    with deferred():
        paths = [str(p) for p in export_report(report, formats, opts.output_dir)]
        for path in paths:
            print(f"wrote {path}", flush=True)
            written.append(path)
    alert(report, store, print, _warn)  # after the exports: a failed alert loses nothing
    gate(records_of(report), opts.fail_on_anomaly)
    return paths


def _warn(line: str) -> None:
    print(line, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    written: list[str] = []
    verbose = False
    # The whole body is inside the try: Ctrl-C while the parser or logging is set up is still
    # "interrupted: nothing written", not a traceback.
    try:
        ns = build_parser().parse_args(argv)
        if ns.command == "iam-policy":
            from .iam import policy_document

            sys.stdout.write(policy_document())
            return 0
        given = {k: v for k, v in vars(ns).items()
                 if k not in ("command", *_ANOMALY_ARGS) and v is not None}
        verbose = bool(given.get("verbose"))
        logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                            format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
        if ns.command == "anomalies":
            from .triage.cli import run as run_anomalies

            return run_anomalies(ns, given)
        opts = resolve(given.pop("mode", "executive"), given)
        with signals_raise(), time_limit(opts.timeout):
            run_dashboard(opts, written=written)
    except FinopsError as exc:
        if verbose:
            traceback.print_exc()
        print(f"finops: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except TimedOut as exc:
        print(f"finops: error: {one_line(str(exc))}. Raise --timeout (now {exc.seconds:g}) or "
              "re-run later; nothing was written", file=sys.stderr)
        return 2
    except (Interrupted, KeyboardInterrupt) as exc:
        done = f"the {len(written)} files above are complete" if written else "nothing written"
        print(f"finops: interrupted: {done}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, Interrupted) else 130
    except Exception as exc:
        if verbose:
            traceback.print_exc()
        print(f"finops: error: unexpected {type(exc).__name__}: {one_line(str(exc))} "
              "(re-run with --verbose for details)", file=sys.stderr)
        return 1
    return 0
