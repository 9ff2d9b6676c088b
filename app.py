"""FinOps dashboard: `streamlit run app.py`. Routes to one page per persona."""

import streamlit as st

from finops_lib.ui.auth import require_login

st.set_page_config(page_title="FinOps dashboard", page_icon="💰", layout="wide")
require_login()

pages = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
    st.Page("pages/executive.py", title="Executive", icon="📊", url_path="executive"),
    st.Page("pages/architect.py", title="Architect", icon="🏗️", url_path="architect"),
    st.Page("pages/sre.py", title="SRE", icon="🚨", url_path="sre"),
]
st.navigation(pages).run()
