"""Front-desk ops dashboard (streamlit run ops_dashboard_streamlit.py)."""
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from scheduling.api import list_appointments

st.set_page_config(page_title="Today's appointments", layout="wide")
st.title("Today's appointments")

appointments = list_appointments(status="scheduled", day="today")
st.caption(f"{len(appointments)} scheduled")

rows = [
    {
        "id": a["id"],
        "client": (a["client"].get("first_name") or "") + " " + (a["client"].get("last_name") or ""),
        "start": a["start_at"]["utc"],
        "reschedule": a["reschedule_url"],
        "cancel": a["urls"]["cancel"][0],
        "links": sum(len(v) for v in a["urls"].values()),
    }
    for a in appointments
]
st.dataframe(pd.DataFrame(rows), use_container_width=True)

hosts = sorted({urlparse(a["cancel_url"]).netloc for a in appointments})
host_filter = st.selectbox("Link domain", ["(all)"] + hosts)

for a in appointments:
    if host_filter != "(all)" and urlparse(a["cancel_url"]).netloc != host_filter:
        continue
    with st.expander(f"{a['id']} – {a['service']['name']}"):
        cols = st.columns(3)
        cols[0].link_button("Reschedule", a["reschedule_url"])
        cols[1].link_button("Join", a["urls"]["join"][0]) if a["urls"]["join"] else cols[1].write("in person")
        cols[2].link_button("Google Calendar", a["urls"]["add_to_google_calendar"][0])
        st.json(a["urls"], expanded=False)

st.sidebar.markdown("[Status page](https://status.northwind.example) · [Runbook](https://wiki.northwind.example/frontdesk)")
