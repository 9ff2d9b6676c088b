"""AWS failures become one-line SourceErrors naming the problem and the fix (exit status 2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError
from botocore.stub import Stubber

from finops_lib.errors import SourceError
from finops_lib.options import resolve
from finops_lib.sources import aws
from finops_lib.sources.base import CostQuery
from finops_lib.sources.cost_explorer import open as open_ce

QUERY = CostQuery(date(2026, 11, 1), date(2026, 11, 3))


def _assert_one_line(err: SourceError, *fragments: str) -> None:
    text = str(err)
    assert err.exit_code == 2
    assert "\n" not in text and "Traceback" not in text and "botocore" not in text
    for fragment in fragments:
        assert fragment in text, text


CE_CASES = [
    ("AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized",
     ("Access denied: profile 'finops-test' may not call ce:GetCostAndUsage",
      "Grant ce:GetCostAndUsage", "docs/iam-policy.json")),
    ("AccessDeniedException", "User not enabled for cost explorer access",
     ("Cost Explorer is not enabled for this account", "Billing console")),
    ("ThrottlingException", "Rate exceeded",
     ("AWS kept throttling ce:GetCostAndUsage after 8 retries", "Wait a minute")),
    ("LimitExceededException", "Rate exceeded", ("throttling", "LimitExceededException")),
    ("TooManyRequestsException", "slow down", ("throttling", "TooManyRequestsException")),
    ("ExpiredTokenException", "The security token included in the request is expired",
     ("are expired or invalid (ExpiredTokenException)", "aws sso login --profile finops-test")),
    ("ExpiredToken", "expired", ("expired or invalid (ExpiredToken)",)),
    ("UnrecognizedClientException", "bad token", ("expired or invalid",)),
    ("InvalidClientTokenId", "bad key", ("expired or invalid", "aws configure --profile")),
    ("DataUnavailableException", "Data is not available",
     ("Cost Explorer has no data for this period yet",)),
    ("BillExpirationException", "too old", ("keeps 14 months",)),
    ("SomethingNewException", "line one\nline two",
     ("AWS call failed (ce:GetCostAndUsage): SomethingNewException: line one line two",)),
]


@pytest.mark.parametrize(("code", "message", "expected"), CE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CE_CASES)])
def test_cost_explorer_errors(code: str, message: str, expected: tuple[str, ...],
                              make_ce_source: Any) -> None:
    source = make_ce_source()
    with Stubber(source.client("ce")) as stub:
        stub.add_client_error("get_cost_and_usage", service_error_code=code,
                              service_message=message, http_status_code=400)
        with pytest.raises(SourceError) as caught:
            source.costs(QUERY)

    _assert_one_line(caught.value, *expected)
    assert source.api_requests == 0


def test_total_errors_are_mapped_too(make_ce_source: Any) -> None:
    source = make_ce_source()
    with Stubber(source.client("ce")) as stub:
        stub.add_client_error("get_cost_and_usage", service_error_code="ThrottlingException",
                              http_status_code=400)
        with pytest.raises(SourceError) as caught:
            source.total(QUERY)

    _assert_one_line(caught.value, "throttling")


def test_expired_token_on_sts(make_ce_source: Any) -> None:
    source = make_ce_source()
    with Stubber(source.client("sts")) as stub:
        stub.add_client_error("get_caller_identity", service_error_code="ExpiredToken",
                              http_status_code=403)
        with pytest.raises(SourceError) as caught:
            source.scope()

    _assert_one_line(caught.value, "expired or invalid (ExpiredToken)", "aws sso login")


def test_unknown_profile_lists_the_configured_ones(moto_aws: Any) -> None:
    with pytest.raises(SourceError) as caught:
        open_ce(resolve("executive", {"profile": "nope", "source": "ce"}))

    assert str(caught.value) == ("AWS profile 'nope' is not configured. Run `aws configure "
                                 "--profile nope` or pick one of: finops-payer, finops-test, "
                                 "sandbox")
    _assert_one_line(caught.value)


def test_unknown_aws_profile_env(moto_aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "gone")
    with pytest.raises(SourceError, match="AWS profile 'gone' is not configured"):
        open_ce(resolve("sre", {}))


def test_missing_credentials(aws_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # No moto here: credential resolution fails before any request would leave the machine.
    aws_env.config_file.write_text("[profile bare]\nregion = us-east-1\n")
    aws_env.credentials_file.write_text("")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                 "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name)
    source = open_ce(resolve("executive", {"profile": "bare", "source": "ce"}))

    with pytest.raises(SourceError) as caught:
        source.costs(QUERY)

    _assert_one_line(caught.value, "No AWS credentials found for profile 'bare'",
                     "aws configure --profile bare", "--source demo")


def test_endpoint_connection_errors() -> None:
    with pytest.raises(SourceError) as caught, aws.aws_errors("ce:GetCostAndUsage"):
        raise EndpointConnectionError(endpoint_url="https://ce.us-east-1.amazonaws.com")
    _assert_one_line(caught.value, "Cannot reach https://ce.us-east-1.amazonaws.com",
                     "proxy")

    with pytest.raises(SourceError, match="Cannot reach"), aws.aws_errors("sts"):
        raise ReadTimeoutError(endpoint_url="https://sts.amazonaws.com")


def test_aws_errors_works_as_a_decorator() -> None:
    @aws.aws_errors("organizations:ListAccounts", profile="payer")
    def call() -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "ListAccounts")

    with pytest.raises(SourceError) as caught:
        call()
    _assert_one_line(caught.value, "profile 'payer' may not call organizations:ListAccounts")
    assert isinstance(caught.value.__cause__, ClientError)  # kept for --verbose


def test_clients_retry_adaptively(make_ce_source: Any) -> None:
    source = make_ce_source()

    for service in ("ce", "sts", "organizations"):
        retries = source.client(service).meta.config.retries
        assert retries == {"mode": "adaptive", "total_max_attempts": aws.MAX_ATTEMPTS + 1}
    assert source.client("ce").meta.endpoint_url == "https://ce.us-east-1.amazonaws.com"


def test_configured_profiles(aws_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "not-there")  # must not break the listing

    assert aws.configured_profiles() == sorted(aws_env.profiles)


# ---------------------------------------------------------------------------------------------
# one classifier, one retry policy, one session factory


def _client_error(code: str, message: str = "no") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "AnyOperation")


@pytest.mark.parametrize(("exc", "kind"), [
    (_client_error("AccessDeniedException"), "denied"),
    (_client_error("AuthFailure"), "denied"),
    (_client_error("UnauthorizedException"), "denied"),
    (_client_error("ExpiredToken"), "expired"),
    (_client_error("InvalidClientTokenId"), "expired"),
    (_client_error("ThrottlingException"), "throttled"),
    (_client_error("DataUnavailableException"), "client"),
    (NotImplementedError("get_anomalies"), "missing"),
    (EndpointConnectionError(endpoint_url="https://ce.us-east-1.amazonaws.com"), "botocore"),
    (ValueError("not AWS"), "other"),
])
def test_error_kind_classifies_every_failure_once(exc: BaseException, kind: str) -> None:
    assert aws.error_kind(exc) == kind
    assert isinstance(exc, aws.FAILURES) == (kind != "other")


def test_collectors_and_sources_agree_on_refused_credentials() -> None:
    from finops_lib.activity.collectors.calls import why

    for code in sorted(aws.ACCESS_DENIED_CODES | aws.EXPIRED_CODES):
        assert why(_client_error(code), "EC2") == "EC2: access denied", code
        assert aws.source_error(_client_error(code), "ec2:DescribeInstances").exit_code == 2
    assert why(_client_error("OptInRequiredException"), "EC2") == (
        "EC2: not enabled (opt-in required)")


def test_collector_clients_use_the_one_retry_policy(moto_aws: Any) -> None:
    import boto3

    from finops_lib.activity.collectors.calls import STS_CONFIG, CallRecorder, Clients

    clients = Clients(lambda: boto3.Session(region_name="us-east-1"), CallRecorder())
    expected = {"mode": "adaptive", "total_max_attempts": aws.MAX_ATTEMPTS + 1}
    assert clients.client("ec2", "eu-west-1").meta.config.retries == expected
    # botocore rewrites a config's max_attempts as total_max_attempts once a client used it
    sts = dict(STS_CONFIG.retries or {})
    sts.setdefault("total_max_attempts", sts.pop("max_attempts", 0) + 1)
    sts.pop("max_attempts", None)
    assert sts == expected
    assert STS_CONFIG.read_timeout == aws.READ_TIMEOUT_S


def test_session_factory_opens_profiles_and_assumed_role_credentials(moto_aws: Any) -> None:
    session = aws.make_session(moto_aws.profiles[0])
    assert session.profile_name == moto_aws.profiles[0]
    sts = aws.client(session, "sts")
    role = "arn:aws:iam::222222222222:role/finops-read"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="finops-test")["Credentials"]
    assumed = aws.make_session(credentials=creds)
    frozen = assumed.get_credentials().get_frozen_credentials()
    assert (frozen.access_key, frozen.token) == (creds["AccessKeyId"], creds["SessionToken"])
    who = aws.client(assumed, "sts").get_caller_identity()
    assert who["Account"] == "222222222222"


def test_session_factory_names_an_unknown_profile(moto_aws: Any) -> None:
    with pytest.raises(SourceError, match="AWS profile 'nobody' is not configured"):
        aws.make_session("nobody")
