#!/usr/bin/env python
# coding: utf-8

# # Booking funnel – Q2 review
# Exported from `notebooks/booking_funnel_q2.ipynb` (growth analytics).

# In[1]:


import json
import pandas as pd
import matplotlib.pyplot as plt

pd.set_option("display.max_colwidth", 120)


# In[2]:


with open("exports/appointments_2025q2.json") as fh:
    raw = json.load(fh)

df = pd.json_normalize(raw["data"])
df.shape


# In[3]:


# one link per appointment is enough for the click-through join
df["cancel_link"] = df["urls.cancel"].str[0]
df["resched_link"] = df["urls.reschedule"].apply(lambda xs: xs[0] if xs else None)
df["gcal_link"] = df["urls.add_to_google_calendar"].str.get(0)
df["n_join_links"] = df["urls.join"].str.len()


# In[4]:


links = df[["id", "cancel_url", "reschedule_url", "ics_url"]].copy()
links.head()


# In[5]:


# which host do the links point at? (custom domains rolled out in May)
links["host"] = links["cancel_url"].str.extract(r"^https?://([^/]+)/", expand=False)
links["host"].value_counts().plot.bar()
plt.title("cancel link host")


# In[6]:


on_default_host = links[links["host"] == "savvycal.com"]
len(on_default_host) / len(links)


# In[7]:


clicks = pd.read_csv("exports/link_clicks_q2.csv")  # columns: url, clicked_at, utm_source
clicks["url"] = clicks["url"].str.split("?").str[0]
funnel = df.merge(clicks, left_on="cancel_link", right_on="url", how="left")
funnel.groupby("status")["clicked_at"].count()


# In[8]:


df[["id", "urls.ics"]].explode("urls.ics")["urls.ics"].nunique()


# In[9]:


# sanity: flat vs deprecated field agree
mismatch = df[df["cancel_url"] != df["urls.cancel"].map(lambda v: v[0])]
mismatch[["id", "cancel_url"]]


# In[10]:


pypi = pd.read_json("https://pypi.org/pypi/pandas/json", typ="series")
pypi["urls"][0]["url"]
