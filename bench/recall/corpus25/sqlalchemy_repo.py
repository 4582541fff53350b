from __future__ import annotations

from sqlalchemy import String, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    savvy_id: Mapped[str] = mapped_column(String(32), unique=True)
    doc: Mapped[dict] = mapped_column(JSONB)

    @hybrid_property
    def join_link(self):
        return self.doc["urls"]["join"][0]


def cancel_links(session: Session) -> dict[str, str]:
    stmt = select(Booking.savvy_id, Booking.doc["urls"]["cancel"][0].astext)
    return dict(session.execute(stmt).all())


def by_reschedule_link(session: Session, link: str) -> Booking | None:
    stmt = select(Booking).where(Booking.doc[("urls", "reschedule", 0)].astext == link)
    return session.scalars(stmt).first()


def multi_ics_rows(session: Session) -> list[Booking]:
    stmt = select(Booking).where(func.jsonb_array_length(Booking.doc["urls"]["ics"]) > 1)
    return list(session.scalars(stmt))


def flat_cancel_links(session: Session) -> list[str]:
    return list(session.scalars(select(Booking.doc["cancel_url"].astext)))


def default_host_rows(session: Session) -> list[Booking]:
    stmt = select(Booking).where(Booking.doc["cancel_url"].astext.like("%savvycal.com%"))
    return list(session.scalars(stmt))


def google_links(session: Session) -> list[str]:
    stmt = select(Booking.doc["urls"]["add_to_google_calendar"][0].astext)
    return list(session.scalars(stmt))


def calendar_links(session: Session) -> list[str]:
    stmt = select(Booking.doc["add_to_calendar_url"].astext).where(Booking.doc["status"].astext == "scheduled")
    return list(session.scalars(stmt))
