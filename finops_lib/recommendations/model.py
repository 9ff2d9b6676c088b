"""Values shared by every recommendation provider: one recommendation, one provider's answer."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ACTIONS", "EFFORTS", "Feed", "Recommendation", "arn_resource_id", "effort_label"]

# action key -> label shown on every surface
ACTIONS: dict[str, str] = {
    "rightsize": "Rightsize", "stop": "Stop", "delete": "Delete",
    "graviton": "Migrate to Graviton", "commitment": "Buy commitment", "upgrade": "Upgrade",
    "scale_in": "Scale in",
}
EFFORTS: dict[str, str] = {"VeryLow": "Very low", "Low": "Low", "Medium": "Medium",
                           "High": "High", "VeryHigh": "Very high"}

HUB = "Cost Optimization Hub"
COMPUTE_OPTIMIZER = "Compute Optimizer"
ACTIVITY = "Activity signals"


@dataclass(frozen=True)
class Recommendation:
    """One change to make to one resource (or one purchase), with its monthly savings."""

    resource_id: str
    resource_type: str
    account: str
    region: str
    action: str  # a key of ACTIONS
    monthly_savings: float
    detail: str = ""  # e.g. "m5.xlarge → m5.large"
    effort: str = ""
    evidence: str = ""
    source: str = HUB

    @property
    def action_label(self) -> str:
        """The action as shown to readers."""
        return ACTIONS.get(self.action, self.action)


@dataclass(frozen=True)
class Feed:
    """What one provider returned: recommendations, notices and the requests it made."""

    items: tuple[Recommendation, ...] = ()
    notices: tuple[str, ...] = ()
    requests: tuple[str, ...] = field(default_factory=tuple)
    available: bool = True  # False: the provider is not enrolled or not reachable


def arn_resource_id(arn: str) -> str:
    """The resource id at the end of an ARN (i-…, vol-…, a function or DB name)."""
    tail = arn.split(":", 5)[-1] if arn.startswith("arn:") else arn
    if arn.startswith("arn:") and ":function:" in arn:
        return arn.split(":function:", 1)[1].split(":", 1)[0]
    if arn.startswith("arn:") and ":db:" in arn:
        return arn.split(":db:", 1)[1]
    return tail.rsplit("/", 1)[-1]


def arn_region(arn: str) -> str:
    """The region field of an ARN ('' when absent)."""
    parts = arn.split(":")
    return parts[3] if arn.startswith("arn:") and len(parts) > 3 else ""


def effort_label(value: str | None) -> str:
    """An API effort value (VeryLow…VeryHigh) as text."""
    return EFFORTS.get(value or "", value or "")
