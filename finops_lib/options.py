"""The one declaration of every dashboard option.

The argparse CLI, the Streamlit sidebar, shareable-link query parameters and notebook parameters
are all generated from `OPTIONS`. A value can arrive as a raw string (CLI, URL) or typed (app,
notebook); `Option.coerce` turns either into the canonical typed value or raises `OptionError`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .cost_metrics import METRICS
from .errors import OptionError, shown
from .exporters.registry import export_formats

__all__ = [
    "MODES",
    "OPTIONS",
    "SURFACES",
    "Option",
    "Options",
    "from_query_params",
    "option",
    "resolve",
    "to_command",
    "to_query_params",
]

MODES: tuple[str, ...] = ("executive", "architect", "sre")
SURFACES = frozenset({"cli", "app", "link", "notebook"})
EXPORT_FORMATS: tuple[str, ...] = export_formats()  # the exporter registry, plugins included
EARLIEST_DAY = date(2000, 1, 1)  # AWS billing data does not go further back
_FILTER_RE = re.compile(r"^(service|account|region|currency):(.+)$|^cost\s*([<>])\s*(\d+(?:\.\d+)?)$", re.I)
# tag:KEY=VALUE[,VALUE] and cost-category:NAME=VALUE[,VALUE]; an empty value means untagged.
_KEYED_FILTER_RE = re.compile(r"^(tag|cost-category):([^=]+)=(.*)$", re.I)
_OU_FILTER_RE = re.compile(r"^ou:(.+)$", re.I)
GROUP_BY_FIXED: tuple[str, ...] = ("service", "account", "ou", "region", "usage-type")


@dataclass(frozen=True)
class Option:
    """One option: its flag, kind, default, help and where it appears."""

    name: str
    kind: str  # choice | str | int | float | bool | date | month | list | multi
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    persona_defaults: Mapping[str, Any] = field(default_factory=dict)
    group: str = "General"
    minimum: float | None = None
    maximum: float | None = None
    surfaces: frozenset[str] = SURFACES
    why_not_in_app: str = ""
    check: Callable[[Any], None] | None = None

    @property
    def flag(self) -> str:
        """The command-line flag, e.g. --top-n."""
        return "--" + self.name.replace("_", "-")

    def default_for(self, mode: str) -> Any:
        """This option's default under a persona."""
        return self.persona_defaults.get(mode, self.default)

    def coerce(self, value: Any) -> Any:
        """Turn a raw or typed value into the canonical value, or raise OptionError."""
        try:
            result = _COERCERS[self.kind](self, value)
        except OptionError:
            raise
        except (TypeError, ValueError) as exc:
            raise OptionError(f"{self.flag}: {exc}") from None
        if self.check is not None and result is not None:
            self.check(result)
        return result

    def to_text(self, value: Any) -> str:
        """Serialise a canonical value for a URL or a command line."""
        if self.kind == "bool":
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


def _choice(opt: Option, value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text not in opt.choices:
        raise OptionError(
            f"{opt.flag}: {shown(value)} is not one of {', '.join(opt.choices)}",
            fix=f"use e.g. {opt.flag} {opt.choices[0]}",
        )
    return text


def _str(opt: Option, value: Any) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def _number(opt: Option, value: Any, cast: Callable[[Any], Any]) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise OptionError(f"{opt.flag}: {shown(value)} is not a number")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (ValueError, OverflowError):
        raise OptionError(f"{opt.flag}: {shown(value)} is not a number",
                          fix=f"use e.g. {opt.flag} {opt.to_text(opt.default or 0)}") from None
    if not math.isfinite(number):
        raise OptionError(f"{opt.flag}: {shown(value)} is not a finite number",
                          fix=f"use e.g. {opt.flag} {opt.to_text(opt.default or 0)}")
    if cast is int and not number.is_integer():
        raise OptionError(f"{opt.flag}: {shown(value)} is not a whole number")
    if opt.minimum is not None and number < opt.minimum:
        raise OptionError(f"{opt.flag}: {shown(value)} is below {opt.minimum:g}",
                          fix=f"use a value from {opt.minimum:g}")
    if opt.maximum is not None and number > opt.maximum:
        raise OptionError(f"{opt.flag}: {shown(value)} is above {opt.maximum:g}",
                          fix=f"use a value up to {opt.maximum:g}")
    return int(number) if cast is int else number


def _bool(opt: Option, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise OptionError(f"{opt.flag}: {shown(value)} is not true or false")


def _date(opt: Option, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise OptionError(f"{opt.flag}: {shown(value)} is not a date",
                              fix="use YYYY-MM-DD") from None
    if day < EARLIEST_DAY:
        raise OptionError(f"{opt.flag}: {day} is before {EARLIEST_DAY}",
                          fix="use a day from 2000-01-01 to today")
    return day


def _month(opt: Option, value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise OptionError(f"{opt.flag}: {shown(value)} is not a month",
                          fix="use YYYY-MM, e.g. 2026-10")
    if text < EARLIEST_DAY.strftime("%Y-%m"):
        raise OptionError(f"{opt.flag}: {text} is before {EARLIEST_DAY:%Y-%m}",
                          fix="use a month from 2000-01 on")
    return text


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    raw = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in raw for part in str(item).split(",") if part.strip()]


def _list(opt: Option, value: Any) -> tuple[str, ...]:
    items = _items(value)
    if opt.choices:
        items = [str(_choice(opt, item)) for item in items]
    return tuple(dict.fromkeys(items))


def _multi(opt: Option, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    raw = [value] if isinstance(value, str) else list(value)
    return tuple(str(v).strip() for v in raw if str(v).strip())


_COERCERS: dict[str, Callable[[Option, Any], Any]] = {
    "choice": _choice,
    "str": _str,
    "int": lambda o, v: _number(o, v, int),
    "float": lambda o, v: _number(o, v, float),
    "bool": _bool,
    "date": _date,
    "month": _month,
    "list": _list,
    "multi": _multi,
}


def _check_filters(filters: tuple[str, ...]) -> None:
    for text in filters:
        text = text.strip()
        if not (_FILTER_RE.match(text) or _KEYED_FILTER_RE.match(text)
                or _OU_FILTER_RE.match(text)):
            raise OptionError(
                f"--filter: cannot read {shown(text)}",
                fix="use service:EC2,RDS  account:123456789012  region:us-east-1  ou:Prod  "
                    "tag:team=web  cost-category:Unit=Retail  cost>100  cost<1000",
            )


def _check_group_by(value: str) -> None:
    kind, _, key = value.partition(":")
    if value in GROUP_BY_FIXED or (kind in ("tag", "cost-category") and key.strip()):
        return
    raise OptionError(f"--group-by: cannot read {shown(value)}",
                      fix="use one of " + ", ".join(GROUP_BY_FIXED)
                      + ", tag:KEY or cost-category:NAME")


def _check_path(path: str) -> None:
    if "\x00" in path:
        raise OptionError("--path: contains a NUL byte")


def _check_activity_params(items: tuple[str, ...]) -> None:
    # Imported here: the signal registry is heavier than the option table and imports it.
    if items:
        from .activity.registry import parse_overrides

        parse_overrides(items)


_ROLE_NAME_RE = re.compile(r"^[\w+=,.@-]{1,64}$")


def _check_role_name(name: str) -> None:
    if not _ROLE_NAME_RE.match(name):
        raise OptionError(f"--assume-role-name: {shown(name)} is not an IAM role name",
                          fix="use e.g. --assume-role-name OrganizationAccountAccessRole")


def _check_notify(targets: tuple[str, ...]) -> None:
    from .notify import check_targets

    check_targets(targets)


_CLI_ONLY = frozenset({"cli", "notebook"})
# Where the server reads and writes is the operator's decision, never a link's (docs/security.md).
_SERVER_SET = "set by the server operator (FINOPS_ATHENA_* environment variables)"

OPTIONS: tuple[Option, ...] = (
    Option("mode", "choice", "Persona: executive, architect or sre.", "executive", MODES,
           group="Persona", surfaces=frozenset({"cli", "link", "notebook"}),
           why_not_in_app="each persona is its own page"),
    Option("profile", "str", "AWS named profile for one account (AWS_PROFILE is honoured).",
           group="Scope"),
    Option("all_profile", "str",
           "Management/billing profile: the whole AWS Organization, per account.", group="Scope"),
    Option("source", "choice",
           "Where costs come from: auto = ce when a profile is given or AWS_PROFILE is set, "
           "else demo.", "auto", ("auto", "demo", "ce", "files", "athena"), group="Scope"),
    Option("path", "str", "files source: a FOCUS or CUR file, folder or glob (Parquet/CSV).",
           group="Scope", check=_check_path),
    Option("athena_database", "str", "athena source: Glue database of the CUR/FOCUS table.",
           group="Scope", surfaces=_CLI_ONLY, why_not_in_app=_SERVER_SET),
    Option("athena_table", "str", "athena source: the CUR 2.0 or FOCUS table.", group="Scope",
           surfaces=_CLI_ONLY, why_not_in_app=_SERVER_SET),
    Option("athena_workgroup", "str", "athena source: workgroup.", "primary", group="Scope",
           surfaces=_CLI_ONLY, why_not_in_app=_SERVER_SET),
    Option("athena_output", "str", "athena source: s3:// location for query results.",
           group="Scope", surfaces=_CLI_ONLY, why_not_in_app=_SERVER_SET),
    Option("timeframe", "choice", "Reporting window, compared with the one before it (hourly: "
           "the last complete day hour by hour; ce needs hourly data enabled).",
           "monthly", ("daily", "weekly", "monthly", "quarterly", "last-month", "hourly"),
           {"executive": "monthly", "architect": "monthly", "sre": "daily"}, group="Period"),
    Option("month", "month", "Report this calendar month (YYYY-MM) instead of the timeframe.",
           group="Period"),
    Option("as_of", "date", "The 'today' periods are computed from (YYYY-MM-DD); default today "
           "(UTC). Today's partial data is excluded.", group="Period"),
    Option("cost_metric", "choice", "Cost Explorer metric.", "unblended", METRICS,
           group="Period"),
    Option("services", "list", "Comma list of services: short names (EC2,RDS,S3,ELB,NAT,Lambda…) "
           "or Cost Explorer names.", (), group="Filters"),
    Option("accounts", "list", "Comma list of account ids or names.", (), group="Filters"),
    Option("regions", "list", "Comma list of region codes (us-east-1,eu-west-1…); the same as "
           "--filter region:CODES.", (), group="Filters"),
    Option("filter", "multi", "Repeatable, ANDed: service:EC2,RDS  account:ID  region:us-east-1  "
           "currency:EUR  ou:NAME  tag:KEY=VALUE  cost-category:NAME=VALUE  cost>100  cost<1000 (an empty "
           "VALUE means untagged).", (), group="Filters", check=_check_filters),
    Option("group_by", "str", "Allocation: service, account, ou, region, usage-type, tag:KEY or "
           "cost-category:NAME; adds a showback table with the untagged row.", "service",
           group="Filters", check=_check_group_by),
    Option("cost_threshold", "float", "Hide rows whose cost stays under this amount in both "
           "periods (max of current and previous), in every table of every mode (folded into "
           "Others where the table has a total); table notes count the hidden rows.", 0.0,
           group="Filters", minimum=0, maximum=1e12),
    Option("top_n", "int", "Rows per table before 'Others' (0 = all).", 20,
           persona_defaults={"executive": 10, "architect": 20, "sre": 25},
           group="Filters", minimum=0, maximum=10_000),
    Option("sort_by", "choice", "Sort tables by current cost, previous cost or absolute change.",
           "current", ("current", "previous", "change"), {"sre": "change"}, group="Filters"),
    Option("summary_mode", "choice", "Summary section: category table, tree, both or none.",
           "table", ("table", "tree", "both", "none"), {"architect": "both", "sre": "none"},
           group="Display"),
    Option("output_format", "choice", "Detail section: services table, tree or both.", "table",
           ("table", "tree", "both"), {"architect": "both"}, group="Display"),
    Option("activity_analysis", "bool", "Add resource activity signals (automatic for "
           "executive).", False, persona_defaults={"executive": True}, group="Display"),
    Option("network_cost", "choice", "Architect: network and data transfer cost by kind (NAT, "
           "endpoints, Transit Gateway, inter-AZ, inter-region, egress). auto: from data "
           "already read (demo, files); on: also on the ce and athena sources, one more "
           "request or query grouped by usage type; off.", "auto", ("auto", "on", "off"),
           group="Display"),
    Option("tier_tag", "str", "Architect: the tag naming each resource's application tier "
           "(cost per tier, untagged shown); none turns the view off.", "tier",
           group="Display"),
    Option("assume_role_name", "str", "Activity analysis in organization scope: the IAM role "
           "assumed in each member account (arn:aws:iam::<account>:role/<name>); an account "
           "whose role cannot be assumed is reported as unknown.",
           "OrganizationAccountAccessRole", group="Activity", check=_check_role_name),
    Option("activity_param", "multi", "Repeatable: override a signal threshold, "
           "CODE.param=value, e.g. E2.cpu_percent_below=5 or R1.lookback_days=30.", (),
           group="Activity", check=_check_activity_params),
    Option("validation_level", "choice", "basic, mcp (adds an independent second read) or "
           "strict (mcp; failure exits 3 and exports nothing).", "basic",
           ("basic", "mcp", "strict"), group="Validation"),
    Option("spike_threshold", "float", "SRE: % change above which a service is a SPIKE "
           "(below minus it, a DROP).", 20.0, group="SRE", minimum=0, maximum=100_000),
    Option("watch_threshold", "float", "SRE: % increase from which a service is on WATCH.", 10.0,
           group="SRE", minimum=0, maximum=100_000),
    Option("status_min_change", "float", "SRE change status: a change smaller than this many "
           "dollars (|current − previous|) stays NORMAL whatever its %.", 0.0, group="SRE",
           minimum=0),
    Option("anomaly_min_percent", "float", "SRE anomalies: a day is anomalous only when actual "
           "differs from expected by at least this % (and by --anomaly-min-dollars).", 20.0,
           group="SRE", minimum=0, maximum=100_000),
    Option("anomaly_min_dollars", "float", "SRE anomalies: … and by at least this many dollars "
           "a day.", 25.0, group="SRE", minimum=0, maximum=1e12),
    Option("baseline_weeks", "int", "SRE anomalies and forecast: trailing weeks in the "
           "per-weekday expected-cost baseline.", 4, group="SRE", minimum=2, maximum=52),
    Option("notify", "multi", "SRE alerts, repeatable: a webhook URL (Slack/Teams render the "
           "message's text) or sns:TOPIC_ARN; sends anomalies not yet sent nor triaged "
           "(link to the app when FINOPS_APP_URL is set).", (), group="SRE",
           surfaces=frozenset({"cli"}), check=_check_notify,
           why_not_in_app="alerts are sent by the scheduled command; a link must not make the "
                          "server post anywhere"),
    Option("fail_on_anomaly", "choice", "SRE: exit 4 when an open anomaly of this severity or "
           "higher exists (for CI and cron).", None, ("low", "medium", "high"), group="SRE",
           surfaces=frozenset({"cli"}), why_not_in_app="an exit status is for the command"),
    Option("budgets", "str", "Budgets file (YAML or CSV, see docs/budgets.md): scope, period, "
           "amount, currency per budget; read on every source, added to AWS Budgets on ce.",
           group="Budgets", surfaces=_CLI_ONLY, check=_check_path,
           why_not_in_app="the server reads the file named by $FINOPS_BUDGETS: a link or widget "
                          "must not choose files the server reads"),
    Option("commitments", "choice", "Executive: Savings Plans / reservation coverage and "
           "utilization. auto = on for demo, files and athena; off on ce, where 'on' costs six "
           "more Cost Explorer requests.", "auto", ("auto", "on", "off"), group="Budgets"),
    Option("commitment_target", "float", "Executive: commitment coverage target in % (0 = no "
           "target); the coverage KPI shows the gap to it.", 0.0, group="Budgets", minimum=0),
    Option("export", "list", f"Repeatable or comma list: {', '.join(EXPORT_FORMATS)}.", (),
           EXPORT_FORMATS, group="Export", surfaces=_CLI_ONLY,
           why_not_in_app="the app offers every format as a download button"),
    Option("output_dir", "str", "Folder for exports.", "exports", group="Export",
           surfaces=_CLI_ONLY, why_not_in_app="downloads go to the browser"),
    Option("screenshot", "bool", "Also write a PNG of the report.", False, group="Export",
           surfaces=_CLI_ONLY, why_not_in_app="the app offers the PNG as a download"),
    Option("page_size", "choice", "PDF page size.", "a4", ("a4", "letter"), group="Export"),
    Option("no_cache", "bool", "Read nothing from the on-disk caches (Cost Explorer responses "
           "and day store, activity scans): fetch and scan again, then store.", False,
           group="Advanced"),
    Option("ce_max_requests", "int", "Cost Explorer request budget of one read ($0.01 a "
           "request): when the daily account × service cube would cost more, the coarse plan "
           "is used (daily by service and by account, monthly account × service, daily detail "
           "for flagged series), with a notice.", 50, group="Advanced", minimum=1,
           maximum=100_000),
    Option("timeout", "float", "Overall deadline of the command in seconds: a slow or silent "
           "AWS endpoint ends it with one line naming what was slow.", 300.0,
           group="Advanced", minimum=1, maximum=86_400, surfaces=_CLI_ONLY,
           why_not_in_app="the app bounds every AWS call with connect and read timeouts"),
    Option("verbose", "bool", "Log requests and timings; show tracebacks.", False,
           group="Advanced", surfaces=_CLI_ONLY, why_not_in_app="the app shows request counts"),
)

_BY_NAME: dict[str, Option] = {opt.name: opt for opt in OPTIONS}


def option(name: str) -> Option:
    """The declared option called `name`."""
    return _BY_NAME[name]


class Options(Mapping[str, Any]):
    """Resolved option values, immutable; attribute access by option name."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Options are immutable; use .replace()")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(tuple((k, _hashable(v)) for k, v in sorted(self._values.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Options) and self._values == other._values

    def __repr__(self) -> str:
        return f"Options({self._values!r})"

    def __reduce__(self) -> tuple[type[Options], tuple[dict[str, Any]]]:
        # pickling (st.cache_data, multiprocessing) must bypass the immutable __setattr__
        return (Options, (self._values,))

    def replace(self, **changes: Any) -> Options:
        """A copy with some options changed (re-resolved, so checks still apply)."""
        given = {k: v for k, v in self._values.items() if v != option(k).default_for(self.mode)}
        given.update(changes)
        return resolve(given.pop("mode", self.mode), given)

    def is_default(self, name: str) -> bool:
        """True when the value equals the persona default."""
        return bool(self._values[name] == option(name).default_for(self.mode))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _today() -> date:
    return datetime.now(UTC).date()


def resolve(mode: str, given: Mapping[str, Any] | None = None) -> Options:
    """Explicit values beat persona defaults; cross-option rules are checked here."""
    mode = str(option("mode").coerce(mode))
    given = dict(given or {})
    unknown = sorted(set(given) - set(_BY_NAME) - {"mode"})
    if unknown:
        raise OptionError(f"unknown option {unknown[0]!r}")
    values: dict[str, Any] = {"mode": mode}
    for opt in OPTIONS[1:]:
        raw = given.get(opt.name)
        value = opt.coerce(raw) if raw is not None else None
        values[opt.name] = opt.default_for(mode) if value is None else value
    return Options(_cross_checks(values))


def _cross_checks(values: dict[str, Any]) -> dict[str, Any]:
    if values["profile"] and values["all_profile"]:
        raise OptionError("--profile and --all-profile cannot be used together",
                          fix="use --profile for one account or --all-profile for the organization")
    if values["as_of"] is None:
        values["as_of"] = _today()
    if values["as_of"] > _today():
        raise OptionError(f"--as-of: {values['as_of']} is in the future",
                          fix="use a day up to today (UTC)")
    if values["month"] and values["month"] > values["as_of"].strftime("%Y-%m"):
        raise OptionError(f"--month {values['month']} is after --as-of {values['as_of']}")
    if values["watch_threshold"] > values["spike_threshold"]:
        raise OptionError(f"--spike-threshold ({values['spike_threshold']:g}%) must be at least "
                          f"--watch-threshold ({values['watch_threshold']:g}%)",
                          fix="Raise --spike-threshold or lower --watch-threshold")
    if values["source"] == "files" and not values["path"]:
        raise OptionError("--source files needs --path", fix="Add --path FILE_OR_FOLDER")
    values["page_size"] = values["page_size"].lower() if values["page_size"] else "a4"
    if values["timeframe"] == "hourly" and not values["month"]:
        _check_hourly(values)
    return values


def _check_hourly(values: dict[str, Any]) -> None:
    # Export files and Athena tables are read as daily totals; Cost Explorer keeps hourly data
    # only for its last 14 days (the demo has no such limit).
    from .periods import check_hourly_retention

    source = effective_source(Options(values))
    if source in ("files", "athena"):
        raise OptionError(f"--timeframe hourly is not available with --source {source}",
                          fix="hourly needs --source ce or demo; or use --timeframe daily")
    if source == "ce":
        check_hourly_retention(values["as_of"], _today())


def effective_profile(opts: Options) -> str | None:
    """The profile in use: --all-profile, --profile, then AWS_PROFILE."""
    return opts.all_profile or opts.profile or os.environ.get("AWS_PROFILE") or None


def effective_source(opts: Options) -> str:
    """Resolve source=auto: ce when a profile is given or AWS_PROFILE is set, else demo."""
    if opts.source != "auto":
        return str(opts.source)
    return "ce" if effective_profile(opts) else "demo"


def to_query_params(opts: Options) -> dict[str, str | list[str]]:
    """Non-default options as URL query parameters; as_of always, so links stay reproducible.
    A repeatable option repeats its parameter: its values may contain commas."""
    params: dict[str, str | list[str]] = {}
    for opt in OPTIONS:
        if "link" not in opt.surfaces or opt.name == "mode":
            continue
        value = opts[opt.name]
        if opt.name == "as_of" or value != opt.default_for(opts.mode):
            params[opt.name] = list(value) if opt.kind == "multi" else opt.to_text(value)
    return params


def from_query_params(mode: str, params: Mapping[str, Any]) -> Options:
    """Options from URL query parameters (unknown parameters are ignored, bad values raise)."""
    given = {k: v for k, v in params.items() if k in _BY_NAME and "link" in _BY_NAME[k].surfaces}
    given.pop("mode", None)
    for name, value in list(given.items()):
        if _BY_NAME[name].kind == "multi" and isinstance(value, str):
            given[name] = [value]
    return resolve(mode, given)


# Options that say where and how a report is delivered, not what it contains.
DELIVERY_OPTIONS = frozenset({"export", "output_dir", "screenshot"})


def to_command(opts: Options, extra: Mapping[str, Any] | None = None,
               omit: frozenset[str] = frozenset()) -> str:
    """The `python -m finops_lib dashboard …` line that reproduces these options."""
    import shlex

    parts = ["python", "-m", "finops_lib", "dashboard", "--mode", opts.mode]
    values = dict(opts) | dict(extra or {})
    for opt in OPTIONS[1:]:
        if opt.name in omit:
            continue
        value = values[opt.name]
        if opt.name != "as_of" and value == opt.default_for(opts.mode):
            continue
        if opt.kind == "bool":
            parts.append(opt.flag if value else "--no-" + opt.flag[2:])
        elif opt.kind == "multi":
            for item in value:
                parts += [opt.flag, item]
        else:
            parts += [opt.flag, opt.to_text(value)]
    return " ".join(shlex.quote(p) for p in parts)


def parse_filters(filters: tuple[str, ...]) -> list[tuple[str, str, Any]]:
    """`--filter` texts as (field, op, value) triples; dimension values are comma lists."""
    parsed: list[tuple[str, str, Any]] = []
    for text in filters:
        keyed = _KEYED_FILTER_RE.match(text.strip())
        if keyed:  # field "tag:KEY" / "cost-category:NAME"; "" in the values = untagged
            values = [v.strip() for v in keyed.group(3).split(",")] or [""]
            parsed.append((f"{keyed.group(1).lower()}:{keyed.group(2).strip()}", "in",
                           list(dict.fromkeys(values))))
            continue
        ou = _OU_FILTER_RE.match(text.strip())
        if ou:
            parsed.append(("ou", "in", _items(ou.group(1))))
            continue
        match = _FILTER_RE.match(text.strip())
        assert match is not None  # checked at resolve time
        if match.group(1):
            parsed.append((match.group(1).lower(), "in", _items(match.group(2))))
        else:
            parsed.append(("cost", match.group(3), float(match.group(4))))
    return parsed
