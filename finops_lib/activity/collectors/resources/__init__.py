"""One module per resource type: each registers its regional lister (describe/list, shaped into
Drafts) with `scan.resource`; importing this package registers them all, in MODULES order."""

from __future__ import annotations

from importlib import import_module

__all__ = ["MODULES"]

# ec2 first: its DescribeInstances tells whether the region can be listed at all, and the
# region's resources keep the order they always had.
MODULES: tuple[str, ...] = ("ec2", "ebs", "eip", "nat", "elb", "rds")

for _name in MODULES:
    import_module(f"{__name__}.{_name}")
