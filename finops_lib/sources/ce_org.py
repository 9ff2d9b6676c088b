"""STS and Organizations for the `ce` source: the caller, the scope, account names and OUs.

Organizations refusing to answer (not in use, access denied) only costs names and OUs, never
the report. These calls are free, so they are logged but not counted in `api_requests`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..request_log import RequestLog
from . import aws
from .base import Account, Scope

__all__ = ["OrganizationReads"]

_ORG_NOT_AVAILABLE = aws.ACCESS_DENIED_CODES | {
    "AWSOrganizationsNotInUseException", "AccessDeniedForDependencyException",
}


class OrganizationReads:
    """The STS and Organizations half of CostExplorerSource (a mixin: the dataclass holds the
    fields declared here)."""

    profile: str | None
    organization_view: bool
    notices: list[str]
    requests: RequestLog
    other_requests: int
    _caller: str | None
    _org_names: dict[str, str] | None
    _scope: Scope | None

    def client(self, service_name: str) -> Any:
        """The boto3 client for a service (CostExplorerSource caches them)."""
        raise NotImplementedError

    def caller_account(self) -> str:
        """The account id the credentials belong to (sts:GetCallerIdentity, once)."""
        if self._caller is None:
            with aws.aws_errors("sts:GetCallerIdentity", self.profile):
                self._caller = str(self.client("sts").get_caller_identity()["Account"])
            self._log_other("sts:GetCallerIdentity")
        return self._caller

    def scope(self) -> Scope:
        """Organization (--all-profile), payer (management account) or one account."""
        if self._scope is None:
            self._scope = self._read_scope()
        return self._scope

    def _read_scope(self) -> Scope:
        caller = self.caller_account()
        org = self._org_call("organizations:DescribeOrganization",
                             lambda c: c.describe_organization()["Organization"])
        if self.organization_view:
            return self._organization_scope(caller, org)
        if org is not None and org.get("MasterAccountId") == caller:
            return self._payer_scope(caller)
        return Scope("account", f"account {caller}", caller, (Account(caller, caller),))

    def _payer_scope(self, caller: str) -> Scope:
        names = self._organization_names()
        accounts = tuple(Account(i, n) for i, n in sorted(names.items(), key=_by_name))
        flag = f"--all-profile {self.profile}" if self.profile else "--all-profile PROFILE"
        self.notices.append(f"This is the payer (management) account {caller}: Cost Explorer "
                            f"shows every linked account. Use {flag} for the organization view "
                            "with account names and OUs.")
        count = f"{len(accounts)} linked accounts" if accounts else "all linked accounts"
        return Scope("payer", f"payer view: {count}", caller, accounts)

    def _organization_scope(self, caller: str, org: dict[str, Any] | None) -> Scope:
        if org is None:
            self.notices.append("AWS Organizations is not readable with this profile (not in an "
                                "organization, or access denied): accounts are named from Cost "
                                "Explorer and have no OUs.")
            return Scope("organization", "organization (Organizations not readable)", caller)
        accounts = self._walk_organization()
        if accounts is None:
            names = self._organization_names()
            accounts = tuple(Account(i, n) for i, n in sorted(names.items(), key=_by_name))
        label = f"organization {org.get('Id', '')}: {len(accounts)} accounts"
        return Scope("organization", label, caller, accounts)

    def _walk_organization(self) -> tuple[Account, ...] | None:
        """Accounts with the name of the OU that holds them (None when the tree is not readable)."""
        roots = self._org_pages("list_roots", "Roots")
        if roots is None:
            return None
        accounts: list[Account] = []
        pending = [(root["Id"], root.get("Name", "Root")) for root in roots]
        while pending:
            parent, ou_name = pending.pop()
            for item in self._org_pages("list_accounts_for_parent", "Accounts",
                                        ParentId=parent) or []:
                accounts.append(Account(item["Id"], item.get("Name") or item["Id"], ou_name,
                                        item.get("Status", "ACTIVE")))
            for ou in self._org_pages("list_organizational_units_for_parent",
                                      "OrganizationalUnits", ParentId=parent) or []:
                pending.append((ou["Id"], ou.get("Name") or ou["Id"]))
        if self._org_names is None:
            self._org_names = {a.id: a.name for a in accounts}
        return tuple(sorted(accounts, key=lambda a: (a.name.lower(), a.id)))

    def organization_names(self) -> dict[str, str]:
        """Account id → name from organizations:ListAccounts ({} when not permitted)."""
        return self._organization_names()

    def _organization_names(self) -> dict[str, str]:
        """Account id → name from organizations:ListAccounts ({} when not permitted)."""
        if self._org_names is None:
            items = self._org_pages("list_accounts", "Accounts")
            self._org_names = {a["Id"]: a.get("Name") or a["Id"] for a in items or []}
        return self._org_names

    def _org_pages(self, operation: str, key: str, **params: Any) -> list[dict[str, Any]] | None:
        def collect(org: Any) -> list[dict[str, Any]]:
            pages = org.get_paginator(operation).paginate(**params)
            return [item for page in pages for item in page.get(key, [])]

        return self._org_call("organizations:" + _camel(operation), collect)

    def _org_call(self, action: str, call: Callable[[Any], Any]) -> Any:
        """Run an Organizations call; None when Organizations is not in use or not permitted."""
        try:
            result = call(self.client("organizations"))
        except ClientError as exc:
            if aws.error_code(exc) in _ORG_NOT_AVAILABLE:
                self._log_other(f"{action}: not available ({aws.error_code(exc)})")
                return None
            raise aws.source_error(exc, action, self.profile) from exc
        except BotoCoreError as exc:
            raise aws.source_error(exc, action, self.profile) from exc
        self._log_other(action)
        return result

    def _log_other(self, what: str) -> None:
        self.other_requests += 1
        service, _, operation = what.partition(":")
        self.requests.record(service, operation, "(free, not a Cost Explorer request)", free=True)


def _camel(operation: str) -> str:
    return "".join(part.capitalize() for part in operation.split("_"))


def _by_name(item: tuple[str, str]) -> tuple[str, str]:
    return (item[1].lower(), item[0])
