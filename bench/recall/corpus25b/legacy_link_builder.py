# util/links.py -- written in 2023 when webhooks only carried the appointment id.
# (billing-platform team; "temporary")
import posixpath
from string import Template
from urllib.parse import urljoin

SAVVYCAL_ROOT = "https://savvycal.com/"
ACTIONS = ("cancel", "reschedule", "confirm", "ics", "join")


def cancel_url(appt_id: str) -> str:
    return urljoin(SAVVYCAL_ROOT, f"c/appointments/{appt_id}/cancel")


def reschedule_url(appt_id: str, root: str = "https://savvycal.com") -> str:
    return Template("$root/c/appointments/$appt_id/reschedule").substitute(root=root, appt_id=appt_id)


def ics_url(appt_id: str) -> str:
    return "https://savvycal.com/c/appointments/%s/ics" % appt_id


def confirm_url(appt_id: str, host: str) -> str:
    return "/".join(["https:/", host, "c", "appointments", appt_id, "confirm"])


def join_path(appt_id: str) -> str:
    return posixpath.join("/c/appointments", appt_id, "join")


def all_links(appt_id: str, host: str = "savvycal.com") -> dict[str, str]:
    return {a: "https://{h}/c/appointments/{i}/{a}".format(h=host, i=appt_id, a=a) for a in ACTIONS}


def booking_page(link_id: str) -> str:
    return SAVVYCAL_ROOT + "c/book/" + link_id


def internal_admin_url(appt_id: str) -> str:
    return f"https://admin.northwind.example/appointments/{appt_id}/edit"


def api_resource_path(appt_id: str) -> str:
    return f"/v1/appointments/{appt_id}/cancel"
