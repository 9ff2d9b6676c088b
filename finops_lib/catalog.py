"""Service names: short aliases → Cost Explorer names, and Cost Explorer names → categories.

These two tables are the documented mapping (README "Services and categories" renders them).
Cost Explorer's SERVICE dimension uses the exact strings on the right.
"""

from __future__ import annotations

from .errors import OptionError

__all__ = ["CATEGORIES", "SERVICE_ALIASES", "SERVICE_CATEGORY", "category_of", "resolve_service"]

CATEGORIES: tuple[str, ...] = (
    "Compute", "Storage", "Database", "Networking", "Edge/CDN", "Containers",
    "Analytics", "AI/ML", "Security", "Management", "Other",
)

# Short name (case-insensitive) → Cost Explorer SERVICE value. NAT gateway hours and bytes
# are billed under "EC2 - Other" (usage types NatGateway-*), so NAT maps there.
SERVICE_ALIASES: dict[str, str] = {
    "EC2": "Amazon Elastic Compute Cloud - Compute",
    "EC2-OTHER": "EC2 - Other",
    "EBS": "EC2 - Other",
    "NAT": "EC2 - Other",
    "RDS": "Amazon Relational Database Service",
    "S3": "Amazon Simple Storage Service",
    "ELB": "Amazon Elastic Load Balancing",
    "VPC": "Amazon Virtual Private Cloud",
    "LAMBDA": "AWS Lambda",
    "DYNAMODB": "Amazon DynamoDB",
    "CLOUDFRONT": "Amazon CloudFront",
    "CLOUDWATCH": "AmazonCloudWatch",
    "ECS": "Amazon Elastic Container Service",
    "EKS": "Amazon Elastic Container Service for Kubernetes",
    "ECR": "Amazon EC2 Container Registry (ECR)",
    "ELASTICACHE": "Amazon ElastiCache",
    "REDSHIFT": "Amazon Redshift",
    "OPENSEARCH": "Amazon OpenSearch Service",
    "SQS": "Amazon Simple Queue Service",
    "SNS": "Amazon Simple Notification Service",
    "KMS": "AWS Key Management Service",
    "SECRETSMANAGER": "AWS Secrets Manager",
    "GUARDDUTY": "Amazon GuardDuty",
    "CONFIG": "AWS Config",
    "CLOUDTRAIL": "AWS CloudTrail",
    "ROUTE53": "Amazon Route 53",
    "WAF": "AWS WAF",
    "ATHENA": "Amazon Athena",
    "GLUE": "AWS Glue",
    "KINESIS": "Amazon Kinesis",
    "SAGEMAKER": "Amazon SageMaker",
    "BEDROCK": "Amazon Bedrock",
    "EFS": "Amazon Elastic File System",
    "BACKUP": "AWS Backup",
    "APIGATEWAY": "Amazon API Gateway",
    "STEPFUNCTIONS": "AWS Step Functions",
    "DIRECTCONNECT": "AWS Direct Connect",
    "SECURITYHUB": "AWS Security Hub",
    "SUPPORT": "AWS Support (Business)",
    "SAVINGSPLANS": "Savings Plans for AWS Compute usage",
    "TAX": "Tax",
}

SERVICE_CATEGORY: dict[str, str] = {
    "Amazon Elastic Compute Cloud - Compute": "Compute",
    "EC2 - Other": "Compute",
    "AWS Lambda": "Compute",
    "Savings Plans for AWS Compute usage": "Compute",
    "Amazon Simple Storage Service": "Storage",
    "Amazon Elastic File System": "Storage",
    "AWS Backup": "Storage",
    "Amazon Relational Database Service": "Database",
    "Amazon DynamoDB": "Database",
    "Amazon ElastiCache": "Database",
    "Amazon Elastic Load Balancing": "Networking",
    "Amazon Virtual Private Cloud": "Networking",
    "Amazon Route 53": "Networking",
    "AWS Direct Connect": "Networking",
    "Amazon API Gateway": "Networking",
    "Amazon CloudFront": "Edge/CDN",
    "Amazon Elastic Container Service": "Containers",
    "Amazon Elastic Container Service for Kubernetes": "Containers",
    "Amazon EC2 Container Registry (ECR)": "Containers",
    "Amazon Redshift": "Analytics",
    "Amazon Athena": "Analytics",
    "AWS Glue": "Analytics",
    "Amazon Kinesis": "Analytics",
    "Amazon OpenSearch Service": "Analytics",
    "Amazon SageMaker": "AI/ML",
    "Amazon Bedrock": "AI/ML",
    "AWS Key Management Service": "Security",
    "AWS Secrets Manager": "Security",
    "Amazon GuardDuty": "Security",
    "AWS WAF": "Security",
    "AWS Security Hub": "Security",
    "AmazonCloudWatch": "Management",
    "AWS Config": "Management",
    "AWS CloudTrail": "Management",
    "AWS Step Functions": "Management",
    "AWS Support (Business)": "Management",
}

_BY_LOWER = {name.lower(): name for name in SERVICE_CATEGORY} | {"tax": "Tax"}


def resolve_service(text: str) -> str:
    """Map a short alias or a full Cost Explorer name to the Cost Explorer name."""
    key = text.strip()
    alias = SERVICE_ALIASES.get(key.upper().replace(" ", "").replace("_", ""))
    if alias:
        return alias
    if key.lower() in _BY_LOWER:
        return _BY_LOWER[key.lower()]
    raise OptionError(
        f"unknown service {key!r}",
        fix="use a short name such as EC2, RDS, S3, ELB, NAT, Lambda (see README) "
        "or the exact Cost Explorer service name",
    )


def category_of(service: str) -> str:
    """The category a Cost Explorer service name belongs to ("Other" when unmapped)."""
    if service in SERVICE_CATEGORY:
        return SERVICE_CATEGORY[service]
    return SERVICE_CATEGORY.get(_BY_LOWER.get(service.lower(), ""), "Other")
