"""The commitments statement for CUR and FOCUS (sql/commitments.sql).

CUR: Savings Plans covered usage is `SavingsPlanCoveredUsage` at its on-demand
`line_item_unblended_cost`; reservations cover `DiscountedUsage` at
`pricing_public_on_demand_cost`; the SP commitment is `savings_plan_total_commitment_to_date` of
the recurring fee (used: `savings_plan_used_commitment`); the RI commitment is the effective
cost of discounted usage plus the RIFee's unused amortized upfront and recurring fees.
FOCUS: `CommitmentDiscountCategory` Spend (SP) / Usage (RI), `CommitmentDiscountStatus`
Used / Unused; covered at `ListCost`, commitment at `EffectiveCost`. Eligible on-demand usage is
usage of `ELIGIBLE_SERVICES` without a commitment.
"""

from __future__ import annotations

from ...commitments import ELIGIBLE_SERVICES
from ..base import CostQuery
from ..formats import Layout
from .dialect import Fragment, render
from .statements import _filters, _window

__all__ = ["commitments_statement"]


def _num(layout: Layout, name: str) -> str:
    return layout.number(name) if layout.has(name) else "0"


def _when(condition: str, value: str) -> str:
    return f"CASE WHEN {condition} THEN {value} ELSE 0 END"


def _eligible(layout: Layout) -> str:
    names = ", ".join("'" + s.replace("'", "''") + "'" for s in ELIGIBLE_SERVICES)
    return f"{layout.service} IN ({names})"


def _cur(layout: Layout) -> dict[str, str]:
    kind = f"COALESCE({layout.raw('line_item_line_item_type')}, '')"
    effective = _num(layout, "reservation_effective_cost")
    unused = (f"{_num(layout, 'reservation_unused_amortized_upfront_fee_for_billing_period')} + "
              f"{_num(layout, 'reservation_unused_recurring_fee')}")
    fee = f"{kind} = 'SavingsPlanRecurringFee'"
    return {
        "sp_covered": _when(f"{kind} = 'SavingsPlanCoveredUsage'",
                            layout.number("line_item_unblended_cost")),
        "ri_covered": _when(f"{kind} = 'DiscountedUsage'",
                            _num(layout, "pricing_public_on_demand_cost")),
        "on_demand": _when(f"{kind} = 'Usage' AND {_eligible(layout)}",
                           layout.number("line_item_unblended_cost")),
        "sp_commitment": _when(fee, _num(layout, "savings_plan_total_commitment_to_date")),
        "sp_used": _when(fee, _num(layout, "savings_plan_used_commitment")),
        "ri_commitment": (f"CASE WHEN {kind} = 'DiscountedUsage' THEN {effective} "
                          f"WHEN {kind} = 'RIFee' THEN {unused} ELSE 0 END"),
        "ri_used": _when(f"{kind} = 'DiscountedUsage'", effective),
    }


def _focus(layout: Layout) -> dict[str, str]:
    category = f"LOWER(COALESCE({layout.raw('CommitmentDiscountCategory')}, ''))"
    status = f"LOWER(COALESCE({layout.raw('CommitmentDiscountStatus')}, ''))"
    charge = f"LOWER(COALESCE({layout.raw('ChargeCategory')}, ''))"
    listed, effective = _num(layout, "ListCost"), _num(layout, "EffectiveCost")
    out = {"on_demand": _when(f"{charge} = 'usage' AND {category} = '' AND {_eligible(layout)}",
                              layout.number("BilledCost"))}
    for kind, name in (("sp", "spend"), ("ri", "usage")):
        used = f"{category} = '{name}' AND {status} = 'used'"
        out.update({f"{kind}_covered": _when(used, listed),
                    f"{kind}_commitment": _when(f"{category} = '{name}'", effective),
                    f"{kind}_used": _when(used, effective)})
    return out


def commitments_statement(layout: Layout, relation: Fragment, query: CostQuery,
                          period_filter: Fragment) -> Fragment:
    """Per service: SP/RI covered, eligible on-demand, SP/RI commitment and used."""
    figures = _focus(layout) if layout.is_focus else _cur(layout)
    return render("commitments", {**_window(layout, relation, query, period_filter),
                                  **_filters(layout, query, on_columns=True),
                                  "service": layout.service, **figures})
