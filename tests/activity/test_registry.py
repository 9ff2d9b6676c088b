"""The signal registry: completeness, declared data, overrides, windows and the catalog."""

from __future__ import annotations

import botocore.session
import pytest

from finops_lib.activity.collectors.calls import action_for
from finops_lib.activity.model import CLEAR, FIRED, UNKNOWN, Ctx, Metric, Outcome, Param
from finops_lib.activity.registry import (
    SIGNALS,
    all_signals,
    catalog_markdown,
    codes_calling,
    lookback_days,
    parse_overrides,
    resolved_params,
    signal,
)
from finops_lib.errors import OptionError

from .signals import test_ebs, test_ec2, test_eip, test_elb, test_nat, test_rds, test_s3

CASES = [c for m in (test_ebs, test_ec2, test_eip, test_elb, test_nat, test_rds, test_s3)
         for c in m.CASES]


def test_every_signal_has_all_three_cases() -> None:
    seen = {(c[0], c[4]) for c in CASES}
    for code in all_signals():
        assert {(code, s) for s in (FIRED, CLEAR, UNKNOWN)} <= seen, code


def test_metadata_complete() -> None:
    for code, spec in all_signals().items():
        assert spec.title and spec.remediation and spec.iam_actions, code
        for p in spec.params:
            assert p.unit, (code, p.name)


def test_declared_calls_name_real_operations_and_their_iam_actions() -> None:
    session = botocore.session.get_session()
    for spec in all_signals().values():
        for call in spec.calls:
            model = session.get_service_model(call.service)
            assert call.operation in model.operation_names, (spec.code, call)
            assert call.iam_action == action_for(model.endpoint_prefix, call.operation), call


def test_metric_signals_need_get_metric_data() -> None:
    for spec in all_signals().values():
        assert ("cloudwatch:GetMetricData" in spec.iam_actions) == bool(spec.metrics), spec.code


def test_codes_calling_reads_the_declarations() -> None:
    assert codes_calling("ec2_instance", "ssm", "DescribeInstanceInformation") == ("E4",)
    assert codes_calling("ec2_instance", "ecs", "ListClusters") == ("E5",)
    assert codes_calling("s3_bucket", "ssm", "DescribeInstanceInformation") == ()


def test_catalog_lists_every_signal_with_its_metrics_and_iam() -> None:
    text = catalog_markdown()
    rows = [line for line in text.splitlines()[2:] if line.startswith("| ")]
    assert [r.split(" | ")[0][2:] for r in rows] == list(all_signals())
    e2 = next(r for r in rows if r.startswith("| E2 "))
    assert "AWS/EC2 CPUUtilization Average" in e2 and "cloudwatch:GetMetricData" in e2
    r5 = next(r for r in rows if r.startswith("| R5 "))
    assert "AWS/RDS DatabaseConnections Maximum per 60 min" in r5


def test_overrides_are_checked_against_declared_params() -> None:
    assert parse_overrides(["e2.cpu_percent_below=5"]) == {"E2": {"cpu_percent_below": 5.0}}
    params = resolved_params({"R5": {"lookback_days": 45}})
    assert params["E2"]["cpu_percent_below"] == 3.0
    assert lookback_days(params, ["R5", "R6"]) == 45
    for bad in ("E2.nope=1", "Z9.x=1", "E2.cpu_percent_below=200", "E2", "R1.lookback_days=1.5"):
        with pytest.raises(OptionError):
            parse_overrides([bad])


def test_duplicate_or_inconsistent_declarations_are_refused() -> None:
    def fn(ctx: Ctx) -> Outcome:
        return Outcome(CLEAR)

    with pytest.raises(ValueError, match="registered twice"):
        signal("E2", "again", "ec2_instance", weight=1, remediation="x")(fn)
    window = (Param("lookback_days", 14, "days"),)
    with pytest.raises(ValueError, match="differs"):
        signal("E9", "odd CPU", "ec2_instance", weight=1, remediation="x", params=window,
               metrics=(Metric("CPUUtilization", "AWS/EC2", "CPUUtilization", "Maximum"),))(fn)
    with pytest.raises(ValueError, match="needs a window"):
        signal("E9", "no window", "ec2_instance", weight=1, remediation="x",
               metrics=(Metric("X", "AWS/EC2", "X", "Sum"),))(fn)
    with pytest.raises(ValueError, match="unknown resource type"):
        signal("Z1", "nothing", "no_such_type", weight=1, remediation="x")(fn)
    assert "E9" not in SIGNALS and "Z1" not in SIGNALS
