"""The trust boundary of the app: a link chooses only among what the operator allowed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from finops_lib.app_model import check_profiles, from_link, lenient_from_params
from finops_lib.errors import OptionError
from finops_lib.iam import policy_document
from finops_lib.options import resolve
from finops_lib.server_policy import DATA_DIRS_ENV, check_data_path, server_settings

AS_OF = "2026-11-26"


@pytest.fixture
def roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """Two allowed roots (one holding a FOCUS file) and a secret outside both."""
    data, more = tmp_path / "data", tmp_path / "more"
    data.mkdir()
    more.mkdir()
    (data / "focus.csv").write_text("BilledCost\n1\n")
    (data / "sub").mkdir()
    (data / "sub" / "focus.csv").write_text("BilledCost\n1\n")
    secret = tmp_path / "secret" / "credentials"
    secret.parent.mkdir()
    secret.write_text("[default]\naws_access_key_id = AKIA...\n")
    (more / "escape.csv").symlink_to(secret)
    (more / "escape-dir").symlink_to(secret.parent, target_is_directory=True)
    monkeypatch.setenv(DATA_DIRS_ENV, os.pathsep.join([str(data), str(more)]))
    return data, more, secret


def test_paths_inside_the_roots_are_allowed_and_made_absolute(roots) -> None:
    data, _, _ = roots
    assert check_data_path(str(data / "focus.csv")) == str(data / "focus.csv")
    assert check_data_path("sub/focus.csv") == str(data / "sub" / "focus.csv")
    assert check_data_path(str(data)) == str(data)
    assert check_data_path(str(data / "*.csv")) == str(data / "*.csv")


@pytest.mark.parametrize("path", [
    "../secret/credentials", "sub/../../secret/credentials", "escape.csv",
    "escape-dir/credentials", "/etc/passwd", "/root/.aws/credentials", "~/.aws/credentials",
    "escape-dir/*", "/etc/*", "escape*", "../*", "{more}", "{more}/*.csv", "{more}/**",
])
def test_paths_outside_the_roots_are_refused_naming_only_the_roots(roots, path: str) -> None:
    data, more, secret = roots
    with pytest.raises(OptionError) as info:
        check_data_path(path.format(more=more))
    line = info.value.one_line()
    assert str(data) in line and str(more) in line
    assert str(secret) not in line and "passwd" not in line and "aws" not in line


def test_without_finops_data_dirs_the_app_offers_no_files(monkeypatch) -> None:
    monkeypatch.delenv(DATA_DIRS_ENV, raising=False)
    with pytest.raises(OptionError, match="no local files") as info:
        check_data_path("/etc/passwd")
    assert "/etc" not in info.value.one_line()


def test_a_link_naming_a_server_file_is_ignored_with_a_message(roots) -> None:
    opts, errors = lenient_from_params("executive", {"as_of": AS_OF, "source": "files",
                                                     "path": "/root/.aws/credentials"})
    assert opts.path is None and opts.source == "auto"
    assert any(e.startswith("path=/root/.aws/credentials (only files under") for e in errors)


def test_athena_settings_come_from_the_server_never_from_the_link(monkeypatch) -> None:
    monkeypatch.setenv("FINOPS_ATHENA_OUTPUT", "s3://operator-results/finops/")
    monkeypatch.setenv("FINOPS_ATHENA_DATABASE", "cur")
    opts, errors = lenient_from_params("executive", {
        "as_of": AS_OF, "athena_output": "s3://someone-elses-bucket/", "athena_table": "x"})
    assert opts.athena_output == "s3://operator-results/finops/"
    assert opts.athena_database == "cur" and opts.athena_table is None
    assert sorted(errors) == ["athena_output=s3://someone-elses-bucket/ (set by the server)",
                              "athena_table=x (set by the server)"]
    assert from_link("sre", {"athena_output": "s3://evil/"}).athena_output == \
        "s3://operator-results/finops/"
    assert server_settings({"FINOPS_ATHENA_TABLE": " "}) == {}


@pytest.mark.parametrize(("params", "message"), [
    ({"as_of": "1900-01-01"}, "as_of=1900-01-01 (before 2000-01-01)"),
    ({"spike_threshold": "nan"}, "spike_threshold=nan (not a finite number)"),
    ({"month": "0000-01"}, "month=0000-01 (before 2000-01)"),
    ({"baseline_weeks": "100000000"}, "baseline_weeks=100000000 (above 52)"),
    ({"cost_threshold": "inf"}, "cost_threshold=inf (not a finite number)"),
    ({"top_n": "x" * 5000}, "top_n=" + "x" * 60 + "… (5000 characters) (not a number)"),
    ({"timeframe": "<img src=x onerror=alert(1)>"}, "timeframe=<img src=x onerror=alert(1)> "
                                                    "(not one of"),
    ({"filter": ["nonsense"]}, "filter=nonsense (cannot read nonsense)"),
])
def test_bad_link_values_are_named_and_the_default_is_used(params, message: str) -> None:
    opts, errors = lenient_from_params("sre", params)
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert opts == resolve("sre", {"as_of": opts.as_of})


def test_profile_refusal_does_not_list_the_servers_profiles() -> None:
    opts = resolve("sre", {"profile": "attacker-guess", "as_of": AS_OF})
    with pytest.raises(OptionError) as info:
        check_profiles(opts, ["prod-admin", "billing-root"])
    line = info.value.one_line()
    assert "attacker-guess" in line
    assert "prod-admin" not in line and "billing-root" not in line


def test_the_iam_policy_grants_object_reads_and_writes_only_on_placeholders() -> None:
    doc = json.loads(policy_document())
    for statement in doc["Statement"]:
        objects = {"s3:PutObject", "s3:GetObject"} & set(statement["Action"])
        if statement["Resource"] == "*":
            assert not objects, statement
        elif objects:
            assert all("RESULTS_BUCKET" in r or "EXPORT_BUCKET" in r
                       for r in statement["Resource"])
    granted = {a for s in doc["Statement"] for a in s["Action"]}
    assert {"s3:PutObject", "s3:GetObject"} <= granted


def test_sources_the_operator_did_not_set_up_are_refused_in_the_app(monkeypatch) -> None:
    monkeypatch.delenv(DATA_DIRS_ENV, raising=False)
    for name in ("FINOPS_ATHENA_DATABASE", "FINOPS_ATHENA_TABLE", "FINOPS_ATHENA_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(OptionError, match="not offered by this server"):
        from_link("executive", {"source": "files", "path": "x.csv"})
    with pytest.raises(OptionError, match="not set up on this server"):
        from_link("executive", {"source": "athena"})
    _, errors = lenient_from_params("executive", {"source": "athena", "as_of": AS_OF})
    assert errors == ["source=athena (not set up on this server (no Athena table))"]


def test_streamlit_config_keeps_the_safe_server_defaults() -> None:
    import tomllib

    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] in ("type", "none", False)
