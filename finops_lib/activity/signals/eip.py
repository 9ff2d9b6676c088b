"""Elastic IP signal A1."""

from __future__ import annotations

from ..model import CLEAR, FIRED, ApiCall, Ctx, Outcome
from ..registry import signal

__all__: list[str] = []


@signal("A1", "Elastic IP not associated", "elastic_ip", weight=100,
        remediation="Release the address (public IPv4 bills hourly whether used or not).",
        calls=(ApiCall("ec2", "DescribeAddresses"),))
def unassociated(ctx: Ctx) -> Outcome:
    target = ctx.fact("association")
    return Outcome(CLEAR, f"associated with {target}") if target else Outcome(
        FIRED, "not associated")
