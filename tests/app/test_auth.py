"""Optional sign-in: with an [auth] section in secrets every page asks to log in first."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from finops_lib.ui.progressive import ONE_PASS_KEY

from .conftest import APP, AS_OF, RUN_TIMEOUT_S, no_exception

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                 "client_id": "id", "client_secret": "secret",
                 "server_metadata_url": "https://login.example.com/.well-known/openid-configuration"}}


def _open(user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
    at.session_state[ONE_PASS_KEY] = True  # AppTest runs no timers: draw pages in one pass
    at.secrets.update(AUTH)
    at.user = user
    at.query_params["as_of"] = AS_OF
    return at.run()


def test_logged_out_users_see_only_the_login_button() -> None:
    at = _open({"is_logged_in": False})
    no_exception(at)
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.main.metric and not at.get("page_link")


def test_logged_in_users_see_the_pages() -> None:
    at = _open({"is_logged_in": True, "email": "ana@example.com"})
    no_exception(at)
    # the caption is escaped Markdown (plain(): "\\@" and a word joiner stop autolinking);
    # what the reader sees is the address itself
    shown = [c.value.replace("\\", "").replace("\u2060", "") for c in at.sidebar.caption]
    assert any("ana@example.com" in text for text in shown)
    assert len(at.main.get("page_link")) == 3
