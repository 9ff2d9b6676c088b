"""Optional sign-in: when .streamlit/secrets.toml has an [auth] section, pages require st.login."""

from __future__ import annotations

import streamlit as st

from .text import plain

__all__ = ["require_login"]


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def require_login() -> None:
    """Stop the run with a log-in button unless auth is off or the user is logged in."""
    if not _auth_configured():
        return
    if not st.user.is_logged_in:
        st.title("FinOps dashboard")
        st.button("Log in", on_click=st.login, icon="🔐")
        st.stop()
    with st.sidebar:
        # the name comes from the identity provider: text, never markup
        st.caption(f"Signed in as {plain(st.user.get('email') or st.user.get('name'))}")
        st.button("Log out", on_click=st.logout)
