"""The one declaration of every dashboard option, and the checks single options carry.

The argparse CLI, the Streamlit sidebar, shareable-link query parameters, notebook parameters
and README tables are all generated from `OPTIONS` (resolution and cross-option rules live in
`options`). The `--source` choices come from the source registry.
"""

from __future__ import annotations

import re

from .cost_metrics import METRICS
from .errors import OptionError, shown
from .exporters.registry import export_formats
from .option_kinds import Option
from .sources import SOURCE_NAMES

__all__ = ["EXPORT_FORMATS", "FILTER_RE", "GROUP_BY_FIXED", "KEYED_FILTER_RE", "MODES", "OPTIONS",
           "OU_FILTER_RE"]

MODES: tuple[str, ...] = ("executive", "architect", "sre")
EXPORT_FORMATS: tuple[str, ...] = export_formats()  # the exporter registry, plugins included
FILTER_RE = re.compile(r"^(service|account|region|currency):(.+)$|^cost\s*([<>])\s*(\d+(?:\.\d+)?)$", re.I)
# tag:KEY=VALUE[,VALUE] and cost-category:NAME=VALUE[,VALUE]; an empty value means untagged.
KEYED_FILTER_RE = re.compile(r"^(tag|cost-category):([^=]+)=(.*)$", re.I)
OU_FILTER_RE = re.compile(r"^ou:(.+)$", re.I)
GROUP_BY_FIXED: tuple[str, ...] = ("service", "account", "ou", "region", "usage-type")


def _check_filters(filters: tuple[str, ...]) -> None:
    for text in filters:
        text = text.strip()
        if not (FILTER_RE.match(text) or KEYED_FILTER_RE.match(text)
                or OU_FILTER_RE.match(text)):
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
           "else demo.", "auto", ("auto", *SOURCE_NAMES), group="Scope"),
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
    Option("refresh", "bool", "Read again what can still change: cached Cost Explorer replies "
           "and activity scans are not reused, while days the Cost Explorer day store holds as "
           "closed are (they no longer change), so only the newest days are fetched. --no-cache "
           "also reads the closed days again.", False, group="Advanced", surfaces=_CLI_ONLY,
           why_not_in_app="the app's Refresh data button does this"),
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
