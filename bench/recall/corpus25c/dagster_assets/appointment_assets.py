import pandas as pd
import requests
from dagster import (
    AssetExecutionContext,
    ConfigurableResource,
    Definitions,
    EnvVar,
    MetadataValue,
    asset,
)


class AppointmentsApi(ConfigurableResource):
    base_url: str
    token: str

    def iter_appointments(self):
        page = 1
        while True:
            r = requests.get(
                f"{self.base_url}/v1/appointments",
                params={"page": page, "page_size": 100},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=30,
            )
            r.raise_for_status()
            body = r.json()
            yield from body["data"]
            if page >= body["meta"]["total_pages"]:
                break
            page += 1


@asset
def raw_appointments(api: AppointmentsApi) -> pd.DataFrame:
    # max_level=1 turns the nested link lists into "urls.<kind>" columns
    return pd.json_normalize(list(api.iter_appointments()), max_level=1)


@asset
def appointment_links(context: AssetExecutionContext, raw_appointments: pd.DataFrame) -> pd.DataFrame:
    df = raw_appointments
    out = pd.DataFrame({"appointment_id": df["id"]})
    out["cancel"] = df["urls.cancel"].str[0]
    out["reschedule"] = df["urls.reschedule"].str.get(0)
    out["confirm"] = df["confirm_url"]
    out["ics_variants"] = df["urls.ics"].str.len()
    context.add_output_metadata(
        {"rows": len(out), "preview": MetadataValue.md(out.head().to_markdown())}
    )
    return out


@asset
def join_link_inventory(raw_appointments: pd.DataFrame) -> pd.DataFrame:
    exploded = raw_appointments[["id", "urls.join"]].explode("urls.join")
    exploded.columns = ["appointment_id", "join_link"]
    return exploded.dropna()


defs = Definitions(
    assets=[raw_appointments, appointment_links, join_link_inventory],
    resources={"api": AppointmentsApi(base_url=EnvVar("APPTS_BASE_URL"), token=EnvVar("APPTS_TOKEN"))},
)
