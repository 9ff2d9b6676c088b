"""boto3 sessions and clients with adaptive retries, and AWS errors turned into one-line fixes.

Every AWS-facing module (Cost Explorer, Athena, anomalies, activity collectors) opens its
sessions with `make_session`, configures its clients with `client_config` (the one retry and
timeout policy) and classifies failures here: `aws_errors(action)` / `source_error` for the
one-line fix, `error_kind` for the short reason, `FAILURES` for what makes data unavailable.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
)

from ..errors import SourceError

__all__ = [
    "ACCESS_DENIED_CODES",
    "DEFAULT_REGION",
    "EXPIRED_CODES",
    "FAILURES",
    "IAM_POLICY_DOC",
    "MAX_ATTEMPTS",
    "THROTTLING_CODES",
    "aws_errors",
    "client",
    "client_config",
    "configured_profiles",
    "error_code",
    "error_kind",
    "is_access_denied",
    "make_session",
    "source_error",
]

MAX_POOL_CONNECTIONS = 16  # ≥ the concurrent Cost Explorer chunks (ce_fetch.MAX_WORKERS)
MAX_ATTEMPTS = 8  # adaptive mode: client-side rate limiting plus up to this many retries
# Every client gives up on a silent endpoint: the command's --timeout bounds the whole run.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0
DEFAULT_REGION = "us-east-1"  # Cost Explorer and Organizations answer only in us-east-1
IAM_POLICY_DOC = "docs/iam-policy.json"

EXPIRED_CODES = frozenset({
    "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException",
    "InvalidClientTokenId", "RequestExpired", "InvalidSignatureException",
    "SignatureDoesNotMatch",
})
ACCESS_DENIED_CODES = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
    "AuthFailure", "UnauthorizedException",
})
THROTTLING_CODES = frozenset({
    "ThrottlingException", "Throttling", "LimitExceededException", "TooManyRequestsException",
    "RequestLimitExceeded",
})
# An endpoint that lacks the operation (a mock, a partition without it) raises
# NotImplementedError; like a denial, that makes the data unavailable, not the report.
FAILURES: tuple[type[BaseException], ...] = (ClientError, BotoCoreError, NotImplementedError)


def client_config() -> Config:
    """Retries and timeouts of every client (read at call time, so tests can shorten them)."""
    return Config(retries={"mode": "adaptive", "max_attempts": MAX_ATTEMPTS},
                  connect_timeout=CONNECT_TIMEOUT_S, read_timeout=READ_TIMEOUT_S,
                  max_pool_connections=MAX_POOL_CONNECTIONS)


def configured_profiles() -> list[str]:
    """Profile names from the AWS config and credentials files (sorted)."""
    try:
        # botocore's session lists profiles without resolving AWS_PROFILE, which may be bad
        return sorted(botocore.session.Session().available_profiles)
    except BotoCoreError:
        return []


def make_session(profile: str | None = None, *,
                 credentials: Mapping[str, str] | None = None) -> boto3.Session:
    """A boto3 session for `profile` (None = the default chain) or for temporary `credentials`
    (an STS Credentials mapping), or a SourceError with the fix."""
    with aws_errors("open the AWS session", profile=profile):
        if credentials is not None:
            return boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                                 aws_secret_access_key=credentials["SecretAccessKey"],
                                 aws_session_token=credentials["SessionToken"])
        return boto3.Session(profile_name=profile) if profile else boto3.Session()


def client(session: boto3.Session, service_name: str, region: str | None = None) -> Any:
    """A client with adaptive retries; global services default to us-east-1."""
    name = region or session.region_name or DEFAULT_REGION
    with aws_errors(f"create the {service_name} client", profile=session.profile_name):
        # typed boto3 stubs only accept literal service names; ours are chosen at run time
        factory: Any = session.client
        return factory(service_name, region_name=name, config=client_config())


def error_code(exc: BaseException) -> str:
    """The AWS error code of a ClientError ('' for anything else)."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", ""))
    return ""


def is_access_denied(exc: BaseException) -> bool:
    """True for an AccessDenied-style ClientError."""
    return error_code(exc) in ACCESS_DENIED_CODES


def error_kind(exc: BaseException) -> str:
    """What went wrong, in one word: denied, expired, throttled, missing (the endpoint lacks the
    operation), client (another AWS error code), botocore (no answer), else other."""
    code = error_code(exc)
    if code in ACCESS_DENIED_CODES:
        return "denied"
    if code in EXPIRED_CODES:
        return "expired"
    if code in THROTTLING_CODES:
        return "throttled"
    if isinstance(exc, NotImplementedError):
        return "missing"
    if isinstance(exc, ClientError):
        return "client"
    return "botocore" if isinstance(exc, BotoCoreError) else "other"


@contextlib.contextmanager
def aws_errors(action: str, profile: str | None = None) -> Iterator[None]:
    """Turn AWS/botocore failures inside the block into one-line SourceErrors (also a decorator).

    `action` names what was attempted, ideally the IAM action (e.g. "ce:GetCostAndUsage").
    """
    try:
        yield
    except SourceError:
        raise
    except (ClientError, BotoCoreError) as exc:
        raise source_error(exc, action, profile) from exc


def source_error(exc: BaseException, action: str, profile: str | None = None) -> SourceError:
    """The SourceError (message and fix) for one AWS/botocore exception."""
    if isinstance(exc, ClientError):
        return _client_error(exc, action, profile)
    return _botocore_error(exc, action, profile)


def _profile_words(profile: str | None) -> str:
    return f"profile '{profile}'" if profile else "the default AWS credentials"


def _login_fix(profile: str | None) -> str:
    flag = f" --profile {profile}" if profile else ""
    return (f"Refresh them: run `aws sso login{flag}` (SSO) or update the keys with "
            f"`aws configure{flag}`")


def _botocore_error(exc: BaseException, action: str, profile: str | None) -> SourceError:
    if isinstance(exc, ProfileNotFound):
        name = str(exc.kwargs.get("profile", profile or ""))
        known = ", ".join(p for p in configured_profiles() if p != name) or "(none configured)"
        return SourceError(f"AWS profile '{name}' is not configured",
                           fix=f"Run `aws configure --profile {name}` or pick one of: {known}")
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        flag = f" --profile {profile}" if profile else ""
        return SourceError(f"No AWS credentials found for {_profile_words(profile)}",
                           fix=f"Run `aws configure{flag}` or `aws sso login{flag}`, "
                               "or use --source demo")
    if isinstance(exc, (SSOTokenLoadError, UnauthorizedSSOTokenError, TokenRetrievalError)):
        return SourceError(f"The SSO session for {_profile_words(profile)} has expired",
                           fix=_login_fix(profile))
    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError,
                        ConnectionClosedError)):
        url = str(getattr(exc, "kwargs", {}).get("endpoint_url", "the AWS endpoint"))
        return SourceError(f"Cannot reach {url} ({action})",
                           fix="Check the network, proxy (HTTPS_PROXY) and region, then re-run")
    if isinstance(exc, NoRegionError):
        return SourceError(f"No AWS region configured for {_profile_words(profile)}",
                           fix="Set AWS_DEFAULT_REGION or `region` in the profile")
    return SourceError(f"AWS call failed ({action}): {_one_line(str(exc))}",
                       fix="Re-run with --verbose for details")


def _client_error(exc: ClientError, action: str, profile: str | None) -> SourceError:
    code = error_code(exc)
    message = _one_line(str(exc.response.get("Error", {}).get("Message", "")))
    if code in ACCESS_DENIED_CODES and "not enabled for cost explorer" in message.lower():
        return _ce_not_enabled()
    if code in EXPIRED_CODES:
        return SourceError(f"The AWS credentials for {_profile_words(profile)} are expired or "
                           f"invalid ({code})", fix=_login_fix(profile))
    if code in ACCESS_DENIED_CODES:
        return SourceError(f"Access denied: {_profile_words(profile)} may not call {action}",
                           fix=f"Grant {action} (read-only policy: {IAM_POLICY_DOC})")
    if code in THROTTLING_CODES:
        return SourceError(f"AWS kept throttling {action} after {MAX_ATTEMPTS} retries ({code})",
                           fix="Wait a minute and re-run; cached responses are reused")
    if code == "DataUnavailableException":
        return SourceError("Cost Explorer has no data for this period yet",
                           fix="Data appears up to 24 hours after Cost Explorer is enabled; "
                               "try again later or choose an earlier --month")
    if code == "BillExpirationException":
        return SourceError("Cost Explorer no longer has this period (it keeps 14 months)",
                           fix="Choose a more recent --month or --as-of")
    if code in ("OptInRequiredException", "CostExplorerNotEnabled"):
        return _ce_not_enabled()
    if code in ("RequestChangedException", "InvalidNextTokenException"):
        return SourceError(f"Cost Explorer changed the data while paging ({code})",
                           fix="Re-run the command")
    return SourceError(f"AWS call failed ({action}): {code}: {message}".rstrip(": "),
                       fix="Re-run with --verbose for details")


def _ce_not_enabled() -> SourceError:
    return SourceError("Cost Explorer is not enabled for this account",
                       fix="Enable it in the Billing console (Cost Explorer → Launch); data "
                           "appears within 24 hours. Until then use --source demo")


def _one_line(text: str) -> str:
    return " ".join(text.split())
