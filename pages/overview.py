"""Overview: what each persona page answers, which data source is in use and how to change it."""

import streamlit as st

from finops_lib.app_model import persona_questions, source_in_use
from finops_lib.ui.boot import route_through_app
from finops_lib.ui.cache import configured_profiles
from finops_lib.ui.text import plain

route_through_app()

PAGES = {"executive": "pages/executive.py", "architect": "pages/architect.py",
         "sre": "pages/sre.py"}

st.title("FinOps dashboard")
st.markdown("Three views of the same AWS costs. Every page has a sidebar with the same options "
            "as `python -m finops_lib dashboard`, downloads of every export, and a link that "
            "reproduces it.")

for mode, question in persona_questions().items():
    with st.container(border=True):
        st.page_link(PAGES[mode], label=question, icon="➡️")

st.header("Data source")
used = source_in_use(configured_profiles())
if used.is_demo:
    st.info("Demo data: a synthetic organization (nine accounts), not your AWS bill. "
            "Point the app at AWS as described below.", icon="🧪")
else:
    who = f"profile **{plain(used.profile)}**" if used.profile else "the default credentials"
    st.success(f"Reading the **{used.source}** source with {who}.", icon="☁️")

profiles = ", ".join(plain(p) for p in used.configured_profiles) or "none"
st.markdown(f"""
**Profiles configured on this server:** {profiles}

To read an AWS account:
1. Configure a profile on the server (`aws configure --profile NAME` or `aws configure sso`);
   it must allow the read-only actions in `docs/iam-policy.json`.
2. Pick it as **Profile** (one account) or **All profile** (the management account: the whole
   Organization, per account) in a page's *Scope* options, or start the app with
   `AWS_PROFILE=NAME streamlit run app.py` to make it the default.
3. Or read a FOCUS/CUR export with **Source** = `files` and **Path** = the file or folder;
   the app reads only under the folders listed in `FINOPS_DATA_DIRS` when it was started.
""")
