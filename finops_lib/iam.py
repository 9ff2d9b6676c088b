"""The read-only IAM policy, generated from the actions each AWS-facing module declares.

Every module that calls AWS declares `IAM_ACTIONS = ("service:Action", …)` next to its code;
an action a module lists in `IAM_RESOURCES` (object reads and writes) is granted only on those
resources, with placeholders the operator fills in. `docs/iam-policy.json` is this module's
output and a test keeps the two equal.
"""

from __future__ import annotations

import importlib
import json

__all__ = ["IAM_MODULES", "policy_document", "required_actions", "scoped_resources"]

IAM_MODULES: tuple[str, ...] = (
    "finops_lib.sources.cost_explorer",
    "finops_lib.sources.athena",
    "finops_lib.sources.aws_budgets",
    "finops_lib.sources.ce_commitments",
    "finops_lib.anomalies.client",
    "finops_lib.activity",
    "finops_lib.anomalies.evidence",
    "finops_lib.notify",
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


def scoped_resources() -> dict[str, list[str]]:
    """Action -> the only resources it is granted on (actions not listed get "*")."""
    scoped: dict[str, set[str]] = {}
    for name in IAM_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for action, resources in getattr(module, "IAM_RESOURCES", {}).items():
            scoped.setdefault(action, set()).update(resources)
    return {action: sorted(res) for action, res in sorted(scoped.items())}


def policy_document() -> str:
    """The policy JSON, formatted as stored in docs/iam-policy.json."""
    scoped = scoped_resources()
    statements: list[dict[str, object]] = [{
        "Sid": "FinopsDashboardReadOnly",
        "Effect": "Allow",
        "Action": [a for a in required_actions() if a not in scoped],
        "Resource": "*",
    }]
    by_resources: dict[tuple[str, ...], list[str]] = {}
    for action, resources in scoped.items():
        by_resources.setdefault(tuple(resources), []).append(action)
    for number, (where, actions) in enumerate(sorted(by_resources.items()), start=1):
        statements.append({"Sid": f"FinopsAthenaObjects{number}", "Effect": "Allow",
                           "Action": actions, "Resource": list(where)})
    doc = {"Version": "2012-10-17", "Statement": statements}
    return json.dumps(doc, indent=2) + "\n"
