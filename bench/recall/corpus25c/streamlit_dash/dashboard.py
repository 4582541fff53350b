import os
from urllib.parse import urlparse

import polars as pl
import requests
import streamlit as st

st.set_page_config(page_title="Appointments", layout="wide")
API = os.environ.get("APPTS_API")

DEMO = [
    {
        "id": "appt_demo00000001",
        "object": "appointment",
        "status": "scheduled",
        "start_at": {"utc": "2025-03-01T04:00:00Z", "unix_ts": 1740801600},
        "meeting": None,
        "urls": {
            "cancel": ["https://book.acme.com/c/appointments/appt_demo00000001/cancel"],
            "confirm": ["https://book.acme.com/c/appointments/appt_demo00000001/confirm"],
            "ics": ["https://book.acme.com/c/appointments/appt_demo00000001/ics"],
            "join": ["https://book.acme.com/c/appointments/appt_demo00000001/join"],
            "reschedule": ["https://book.acme.com/c/appointments/appt_demo00000001/reschedule"],
        },
    }
]


@st.cache_data(ttl=300)
def load(day: str) -> list[dict]:
    if not API:
        return DEMO
    r = requests.get(f"{API}/v1/appointments", params={"start_date": day, "end_date": day, "page_size": 250}, timeout=30)
    r.raise_for_status()
    return r.json()["data"]


day = st.date_input("Day").isoformat()
rows = load(day)
if not rows:
    st.info("Nothing booked.")
    st.stop()

df = pl.DataFrame(rows, infer_schema_length=None)
links = df.select(
    pl.col("id"),
    pl.col("status"),
    pl.col("urls").struct.field("cancel").list.first().alias("cancel"),
    pl.col("urls").struct.field("reschedule").list.get(0).alias("reschedule"),
    pl.col("urls").struct.field("ics").list.len().alias("n_ics"),
)
st.dataframe(
    links,
    column_config={"cancel": st.column_config.LinkColumn(), "reschedule": st.column_config.LinkColumn()},
)

st.subheader("Which host are client links served from?")
hosts = [urlparse(r.get("cancel_url", "")).netloc for r in rows]
st.bar_chart(pl.Series("host", hosts).value_counts().to_pandas().set_index("host"))
canonical = sum(h == "savvycal.com" or h.endswith(".savvycal.com") for h in hosts)
st.metric("Links still on the canonical host", canonical)

with st.expander("Raw link sets"):
    pick = st.selectbox("Appointment", [r["id"] for r in rows])
    chosen = next(r for r in rows if r["id"] == pick)
    st.json(chosen["urls"])
    st.link_button("Open join page", chosen["urls"]["join"][0])
    if chosen.get("meeting"):
        st.link_button("Open provider meeting", chosen["meeting"]["join_url"])
