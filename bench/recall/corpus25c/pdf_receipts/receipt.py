from io import BytesIO

import qrcode
from jsonpath_ng.ext import parse as jp
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

RESCHEDULE = jp("$.urls.reschedule[0]")
ICS = jp("$.ics_url")
ALL_LINKS = jp("$.urls.*[*]")
FOOTER = "Questions? https://acme.com/help"


def qr_png(data: str) -> BytesIO:
    img = qrcode.make(data, box_size=4, border=2)
    buf = BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return buf


def receipt(appt: dict) -> bytes:
    out = BytesIO()
    c = canvas.Canvas(out, pagesize=A5)
    w, h = A5
    c.setFont("Helvetica-Bold", 14)
    c.drawString(15 * mm, h - 20 * mm, f"Booking {appt['id']}")
    c.setFont("Helvetica", 10)
    c.drawString(15 * mm, h - 28 * mm, appt["start_at"]["utc"])
    resched = [m.value for m in RESCHEDULE.find(appt)]
    if resched:
        c.drawImage(ImageReader(qr_png(resched[0])), w - 45 * mm, h - 50 * mm, 30 * mm, 30 * mm)
        c.drawString(15 * mm, h - 40 * mm, "Scan to reschedule")
    ics = ICS.find(appt)[0].value
    c.drawString(15 * mm, 32 * mm, f"Cancel: {appt['urls']['cancel'][0]}")
    c.drawString(15 * mm, 26 * mm, f"Add to calendar: {ics}")
    c.drawString(15 * mm, 20 * mm, f"{len(ALL_LINKS.find(appt))} links on file")
    c.drawString(15 * mm, 14 * mm, FOOTER)
    c.showPage()
    c.save()
    return out.getvalue()
