"""The read-only IAM policy, generated from the actions each AWS-facing module declares.

Every module that calls AWS declares `IAM_ACTIONS = ("service:Action", …)` next to its code;
`docs/iam-policy.json` is this module's output and a test keeps the two equal.
"""

from __future__ import annotations

import importlib
import json

__all__ = ["IAM_MODULES", "policy_document", "required_actions"]

IAM_MODULES: tuple[str, ...] = (
    "finops_lib.sources.cost_explorer",
    "finops_lib.sources.athena",
    "finops_lib.sources.aws_budgets",
    "finops_lib.sources.ce_commitments",
    "finops_lib.anomaly_sources",
    "finops_lib.activity",
    "finops_lib.recommendations",
    "finops_lib.topology",
)


def required_actions() -> list[str]:
    """Every IAM action any module declares, sorted and unique."""
    actions: set[str] = set()
    for name in IAM_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        actions.update(getattr(module, "IAM_ACTIONS", ()))
    return sorted(actions)


def policy_document() -> str:
    """The policy JSON, formatted as stored in docs/iam-policy.json."""
    doc = {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "FinopsDashboardReadOnly",
            "Effect": "Allow",
            "Action": required_actions(),
            "Resource": "*",
        }],
    }
    return json.dumps(doc, indent=2) + "\n"
