"""A small, documented price table for the estimated monthly cost of each resource.

These are public on-demand list prices for us-east-1 (Linux, no commitment), in USD, as of
2025; every figure derived from them is labelled an *estimate*: other regions, discounts,
Savings Plans and data transfer are not reflected. A resource whose type or class is not in the
table has no cost estimate (None), never a guessed one.
"""

from __future__ import annotations

__all__ = [
    "EBS_GB_MONTH",
    "EC2_HOURLY",
    "HOURS_PER_MONTH",
    "PRICE_NOTE",
    "RDS_HOURLY",
    "ebs_monthly",
    "ec2_monthly",
    "eip_monthly",
    "lb_monthly",
    "nat_monthly",
    "rds_monthly",
    "s3_monthly",
]

PRICE_NOTE = "estimate: us-east-1 on-demand list prices, 730 h/month"
HOURS_PER_MONTH = 730.0

EC2_HOURLY: dict[str, float] = {
    "t2.micro": 0.0116, "t2.small": 0.023, "t2.medium": 0.0464, "t2.large": 0.0928,
    "t3.nano": 0.0052, "t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416,
    "t3.large": 0.0832, "t3.xlarge": 0.1664, "t3.2xlarge": 0.3328,
    "t3a.micro": 0.0094, "t3a.small": 0.0188, "t3a.medium": 0.0376, "t3a.large": 0.0752,
    "t4g.micro": 0.0084, "t4g.small": 0.0168, "t4g.medium": 0.0336, "t4g.large": 0.0672,
    "m5.large": 0.096, "m5.xlarge": 0.192, "m5.2xlarge": 0.384, "m5.4xlarge": 0.768,
    "m6i.large": 0.096, "m6i.xlarge": 0.192, "m6i.2xlarge": 0.384,
    "m6g.large": 0.077, "m6g.xlarge": 0.154, "m7g.large": 0.0816, "m7i.large": 0.1008,
    "c5.large": 0.085, "c5.xlarge": 0.17, "c5.2xlarge": 0.34,
    "c6i.large": 0.085, "c6i.xlarge": 0.17, "c6g.large": 0.068, "c7g.large": 0.0725,
    "r5.large": 0.126, "r5.xlarge": 0.252, "r5.2xlarge": 0.504,
    "r6i.large": 0.126, "r6i.xlarge": 0.252, "r6g.large": 0.1008,
    "g4dn.xlarge": 0.526, "p3.2xlarge": 3.06,
}

RDS_HOURLY: dict[str, float] = {  # Single-AZ MySQL/PostgreSQL; Multi-AZ doubles it
    "db.t3.micro": 0.017, "db.t3.small": 0.034, "db.t3.medium": 0.068, "db.t3.large": 0.136,
    "db.t4g.micro": 0.016, "db.t4g.small": 0.032, "db.t4g.medium": 0.065,
    "db.m5.large": 0.171, "db.m5.xlarge": 0.342, "db.m5.2xlarge": 0.684,
    "db.m6g.large": 0.152, "db.m6i.large": 0.171, "db.m7g.large": 0.168,
    "db.r5.large": 0.24, "db.r5.xlarge": 0.48, "db.r6g.large": 0.215, "db.r6i.large": 0.24,
}

EBS_GB_MONTH: dict[str, float] = {
    "gp3": 0.08, "gp2": 0.10, "io1": 0.125, "io2": 0.125, "st1": 0.045, "sc1": 0.015,
    "standard": 0.05,
}
RDS_STORAGE_GB_MONTH: dict[str, float] = {"gp2": 0.115, "gp3": 0.115, "io1": 0.125,
                                          "io2": 0.125, "standard": 0.10}
S3_STANDARD_GB_MONTH = 0.023
EIP_HOURLY = 0.005  # public IPv4, associated or not (since February 2024)
NAT_HOURLY = 0.045  # hours only; per-GB processing is not estimated
LB_HOURLY: dict[str, float] = {"application": 0.0225, "network": 0.0225, "gateway": 0.0125,
                               "classic": 0.025}


def _month(hourly: float) -> float:
    return round(hourly * HOURS_PER_MONTH, 2)


def ebs_monthly(volume_type: str, size_gb: float) -> float | None:
    """A volume's storage per month (provisioned IOPS/throughput not included)."""
    price = EBS_GB_MONTH.get(volume_type)
    return None if price is None else round(price * size_gb, 2)


def ec2_monthly(instance_type: str, running: bool, volumes: list[tuple[str, float]]
                ) -> float | None:
    """Instance hours (when running) plus attached EBS storage."""
    storage = [ebs_monthly(vtype, size) for vtype, size in volumes]
    if any(s is None for s in storage):
        return None
    compute = EC2_HOURLY.get(instance_type) if running else 0.0
    if compute is None:
        return None
    return round(_month(compute) + sum(s or 0.0 for s in storage), 2)


def rds_monthly(db_class: str, running: bool, multi_az: bool, storage_type: str,
                allocated_gb: float) -> float | None:
    """Instance hours (when running; doubled for Multi-AZ) plus allocated storage."""
    hourly = RDS_HOURLY.get(db_class) if running else 0.0
    storage = RDS_STORAGE_GB_MONTH.get(storage_type)
    if hourly is None or storage is None:
        return None
    factor = 2 if multi_az else 1
    return round(_month(hourly) * factor + storage * allocated_gb * factor, 2)


def s3_monthly(standard_bytes: float | None) -> float | None:
    """STANDARD storage per month (requests and other classes not included)."""
    if standard_bytes is None:
        return None
    return round(S3_STANDARD_GB_MONTH * standard_bytes / 1024**3, 2)


def eip_monthly() -> float:
    """One public IPv4 address per month."""
    return _month(EIP_HOURLY)


def nat_monthly() -> float:
    """NAT gateway hours per month."""
    return _month(NAT_HOURLY)


def lb_monthly(lb_type: str) -> float | None:
    """Load balancer hours per month (LCU charges not included)."""
    hourly = LB_HOURLY.get(lb_type)
    return None if hourly is None else _month(hourly)
