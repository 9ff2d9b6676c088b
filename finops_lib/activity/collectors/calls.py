"""AWS call plumbing shared by the collectors: request counting, IAM action mapping, pagination
and turning a failed call into the reason a signal is unknown."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import boto3
from botocore.exceptions import ClientError
from botocore.loaders import create_loader

from ...errors import FinopsError
from ...sources import aws
from ...sources.aws import FAILURES

__all__ = [
    "FAILURES",
    "CallRecorder",
    "Clients",
    "action_for",
    "pages",
    "why",
]

# Where an IAM action's name differs from the API operation (S3 mostly) or its prefix differs
# from the endpoint prefix (CloudWatch is "monitoring").
_PREFIXES = {"monitoring": "cloudwatch"}
_OPERATION_ACTIONS = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:ListObjectsV2": "s3:ListBucket",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:ListBucketMetricsConfigurations": "s3:GetMetricsConfiguration",
}

def action_for(endpoint_prefix: str, operation: str) -> str:
    """The IAM action an API call needs, e.g. ('monitoring', 'GetMetricData')."""
    prefix = _PREFIXES.get(endpoint_prefix, endpoint_prefix)
    name = f"{prefix}:{operation}"
    return _OPERATION_ACTIONS.get(name, name)


class CallRecorder:
    """Counts every AWS request made through the sessions it is attached to (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.actions: Counter[str] = Counter()

    def attach(self, session: boto3.Session) -> boto3.Session:
        """Register the before-call hook on a session (before its clients are created)."""
        session.events.register("before-call", self._record)
        return session

    def _record(self, model: Any = None, **_: Any) -> None:
        if model is None:
            return
        action = action_for(model.service_model.endpoint_prefix, model.name)
        with self._lock:
            self.actions[action] += 1

    def by_service(self) -> dict[str, int]:
        """Request counts per service prefix (cloudwatch, ec2, s3…)."""
        out: Counter[str] = Counter()
        with self._lock:
            for action, n in self.actions.items():
                out[action.split(":")[0]] += n
        return dict(sorted(out.items()))


def pages(client: Any, method: str, key: str, **kwargs: Any) -> Iterator[Any]:
    """Items under `key` across every page of `method`."""
    for page in client.get_paginator(method).paginate(**kwargs):
        yield from page.get(key, [])


_NOT_ENABLED = {"OptInRequiredException": "not enabled (opt-in required)",
                "DataUnavailableException": "no data yet",
                "TrailNotFoundException": "no trail",
                "404": "not available from this endpoint"}


def why(exc: BaseException, service: str) -> str:
    """A short reason for a failed call, naming the service: 'SSM: access denied'."""
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", "error"))
        message = str(exc.response.get("Error", {}).get("Message", ""))
        if aws.error_kind(exc) in ("denied", "expired"):  # the credentials were refused
            text = "access denied"
        elif code in _NOT_ENABLED:
            text = _NOT_ENABLED[code]
        else:
            text = "not enabled" if "not enabled" in message.lower() else code
    elif isinstance(exc, FinopsError):  # already one clear line (e.g. paging stopped)
        text = exc.message.rstrip(".")
    elif isinstance(exc, NotImplementedError):
        text = "not available from this endpoint"
    elif aws.error_kind(exc) == "botocore":
        text = type(exc).__name__
    else:
        text = f"{type(exc).__name__}: {exc}"
    return f"{service}: {text}"


# CloudTrail (2/s) and Cost Explorer throttle hard: every client, STS's too, backs off with the
# one retry and timeout policy (sources.aws), so a silent endpoint cannot hang a worker.
STS_CONFIG = aws.client_config()


class Clients:
    """boto3 clients for one account, cached per thread (clients are not shared across threads,
    and building a session per task would reload the service models every time)."""

    def __init__(self, make_session: Callable[[], boto3.Session], recorder: CallRecorder,
                 loader: Any = None) -> None:
        self._make = make_session
        self._recorder = recorder
        self._loader = loader or create_loader()
        self._local = threading.local()

    def client(self, service: str, region_name: str) -> Any:
        """A client for `service` in `region_name`, made once per thread."""
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("clients", {})
        key = (service, region_name)
        if key not in cache:
            if "session" not in self._local.__dict__:
                session = self._make()
                session._session.register_component("data_loader", self._loader)
                self._local.session = self._recorder.attach(session)
            cache[key] = self._local.session.client(service, region_name=region_name,
                                                    config=aws.client_config())
        return cache[key]
