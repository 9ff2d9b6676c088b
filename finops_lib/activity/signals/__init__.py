"""One module per resource type; importing this package registers every signal."""

from __future__ import annotations

from . import ebs, ec2, eip, elb, nat, rds, s3

__all__ = ["ebs", "ec2", "eip", "elb", "nat", "rds", "s3"]
