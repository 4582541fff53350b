import logging
import os

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler, ContextTypes

log = logging.getLogger(__name__)

BOT_TOKEN = os.environ["TG_BOT_TOKEN"]
TELEGRAM_API = f"https://api.telegram.org/bot{BOT_TOKEN}"
SUPPORT_CHAT = "https://t.me/acme_support"
WEB_BASE = os.environ.get("BOOKING_WEB_BASE", "https://book.acme.com")
APPTS = httpx.AsyncClient(
    base_url=os.environ["APPTS_API_URL"],
    headers={"Authorization": "Bearer " + os.environ["APPTS_KEY"]},
)


async def _load(appointment_id: str) -> dict:
    r = await APPTS.get(f"/v1/public/appointments/{appointment_id}")
    r.raise_for_status()
    return r.json()["data"]


def keyboard_for(appt: dict) -> InlineKeyboardMarkup:
    u = appt.get("urls", {})
    rows = []
    if appt["rescheduling"]["allowed"]:
        rows.append([InlineKeyboardButton("🔁 Reschedule", url=u["reschedule"][0])])
    if appt["cancellation"]["allowed"]:
        rows.append([InlineKeyboardButton("✖ Cancel", url=appt.get("cancel_url") or u["cancel"][0])])
    rows.append(
        [
            InlineKeyboardButton("📅 Add to calendar", url=appt["add_to_calendar_url"]),
            InlineKeyboardButton("⬇ .ics", url=next(iter(u["ics"]))),
        ]
    )
    rows.append([InlineKeyboardButton("💬 Talk to us", url=SUPPORT_CHAT)])
    return InlineKeyboardMarkup(rows)


async def booking(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not context.args:
        await update.message.reply_text("Usage: /booking <appointment id>")
        return
    appt = await _load(context.args[0])
    text = f"Your appointment on {appt['start_at']['utc']} is {appt['status']}."
    await update.message.reply_text(text, reply_markup=keyboard_for(appt))


async def links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    appt = await _load(context.args[0])
    lines = [f"{name}: {', '.join(vals)}" for name, vals in appt["urls"].items()]
    await update.message.reply_text("\n".join(lines) or "no links", disable_web_page_preview=True)


async def book(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/book <booking link id> -- shared by the sales team in group chats."""
    link_id = context.args[0]
    r = await APPTS.get(f"/v1/booking_links/{link_id}")
    if r.status_code == 200:
        url = r.json()["data"]["url"]
    else:
        url = WEB_BASE + "/c/book/" + link_id
    await update.message.reply_text(f"Book here: {url}")


async def notify_admin(text: str) -> None:
    async with httpx.AsyncClient() as c:
        await c.post(f"{TELEGRAM_API}/sendMessage", json={"chat_id": os.environ["TG_ADMIN_CHAT"], "text": text})


def main() -> None:
    app = Application.builder().token(BOT_TOKEN).build()
    app.add_handler(CommandHandler("booking", booking))
    app.add_handler(CommandHandler("links", links))
    app.add_handler(CommandHandler("book", book))
    app.run_polling()


if __name__ == "__main__":
    main()
