"""Cost anomalies: detection against a per-weekday baseline, root causes, presentation, and the
Cost Explorer calls behind them (drill-down, AWS's own anomalies) in one SRE report.

Modules, in the order a report flows through them: `model` (values), `baseline` (the one-series
fit, the specification) and `batch` (the same fit for many series), `detection` (events and
de-duplication), `root_causes` (from the cost frame), `client` (the Cost Explorer client
protocol, request log, unavailable calls), `drilldown` and `aws_anomalies` (Cost Explorer),
`presentation` (tables and charts), `report` (everything the SRE report needs in one call) and
`evidence` (CloudTrail, alarms and Health around each anomaly, for triage). The month-end
forecast is `finops_lib.forecast`.
"""

from __future__ import annotations

from .aws_anomalies import AWS_LABEL, AwsAnomaly, AwsRootCause, aws_anomalies
from .baseline import dated, expected_series, history_start, series_values
from .batch import BatchFit, fit_many
from .client import CostExplorerClient, ReplayClient, RequestLog, Unavailable, boto3_client
from .detection import detect, with_root_causes
from .drilldown import drill_down, drill_down_requests
from .model import DIMENSIONS, Anomaly, DetectionParams, RootCause
from .presentation import anomalies_table, anomaly_chart, aws_anomalies_table
from .report import AnomalyReport, AnomalyRequest, anomaly_report
from .root_causes import root_causes_from_frame, root_causes_many

__all__ = [
    "AWS_LABEL",
    "DIMENSIONS",
    "Anomaly",
    "AnomalyReport",
    "AnomalyRequest",
    "AwsAnomaly",
    "AwsRootCause",
    "BatchFit",
    "CostExplorerClient",
    "DetectionParams",
    "ReplayClient",
    "RequestLog",
    "RootCause",
    "Unavailable",
    "anomalies_table",
    "anomaly_chart",
    "anomaly_report",
    "aws_anomalies",
    "aws_anomalies_table",
    "boto3_client",
    "dated",
    "detect",
    "drill_down",
    "drill_down_requests",
    "expected_series",
    "fit_many",
    "history_start",
    "root_causes_from_frame",
    "root_causes_many",
    "series_values",
    "with_root_causes",
]
