"""require_login: no [auth] secrets → nothing; logged out → only a Log in button; logged in →
the e-mail (as text) and a Log out button in the sidebar."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                 "client_id": "id", "client_secret": "secret",
                 "server_metadata_url": "https://login.example.com/.well-known/openid-configuration"}}


def _page() -> None:
    import streamlit as st

    from finops_lib.ui.auth import require_login

    require_login()
    st.markdown("page body")


def _run(secrets: dict[str, object], user: dict[str, object]) -> AppTest:
    at = AppTest.from_function(_page)
    at.secrets.update(secrets)
    at.user = user
    return at.run()


def test_without_auth_secrets_the_page_is_open() -> None:
    at = _run({}, {"is_logged_in": False})
    assert not at.exception
    assert [m.value for m in at.main.markdown] == ["page body"]
    assert not at.button


def test_logged_out_users_get_only_the_login_button() -> None:
    at = _run(AUTH, {"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.main.markdown  # the run stopped before the page


def test_logged_in_users_see_who_they_are_as_text_and_can_log_out() -> None:
    at = _run(AUTH, {"is_logged_in": True, "email": "**ana**@example.com"})
    assert not at.exception
    assert [m.value for m in at.main.markdown] == ["page body"]
    assert [b.label for b in at.sidebar.button] == ["Log out"]
    caption = at.sidebar.caption[0].value
    assert caption.startswith("Signed in as ") and "\\*\\*ana\\*\\*" in caption
