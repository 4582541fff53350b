"""Legacy pydantic v1 models still used by the billing worker."""
from typing import Dict, List, Optional

from pydantic import BaseModel, root_validator, validator


class AppointmentV1(BaseModel):
    id: str
    status: str
    urls: Dict[str, List[str]] = {}
    cancel_url: Optional[str] = None
    reschedule_url: Optional[str] = None
    ics_url: Optional[str] = None

    @validator("cancel_url", pre=True, always=True)
    def default_cancel(cls, v, values):
        return v or values["urls"]["cancel"][0]

    @root_validator(pre=True)
    def default_reschedule(cls, values):
        if not values.get("reschedule_url"):
            values["reschedule_url"] = values["urls"]["reschedule"][0]
        return values

    @validator("urls")
    def single_links(cls, v):
        return {k: links[:1] for k, links in v.items()}

    def invoice_footer(self) -> str:
        return f"Download your calendar file: {self.urls['ics'][0]}"

    def invoice_footer_v16(self) -> str:
        return f"Download your calendar file: {self.ics_url}"


class InvoiceLine(BaseModel):
    description: str
    amount_cents: int
    links: Optional[Dict[str, str]] = None


def line_for(appt: AppointmentV1) -> InvoiceLine:
    return InvoiceLine(
        description=f"Appointment {appt.id}",
        amount_cents=12500,
        links={"cancel": appt.urls["cancel"][0]},
    )
