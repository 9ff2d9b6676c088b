"""The allocation values a source knows (OUs, tag and cost-category values), offered by the app
as ready-made `--filter` texts so nobody has to type `tag:team=checkout`."""

from __future__ import annotations

from .sources.base import CostQuery, CostSource, Scope

__all__ = ["filter_choices"]


def filter_choices(source: CostSource, scope: Scope, query: CostQuery) -> tuple[str, ...]:
    """`ou:NAME`, `tag:KEY=VALUE` (and `tag:KEY=` for untagged) and `cost-category:NAME=VALUE`
    texts for every value the source reports; empty when it reports none."""
    out = [f"ou:{ou}" for ou in sorted({a.ou for a in scope.accounts if a.ou})]
    for kind, keys in source.allocation_values(query).items():
        for key, values in sorted(keys.items()):
            out += [f"{kind}:{key}={value}" for value in sorted(values)] + [f"{kind}:{key}="]
    return tuple(out)
