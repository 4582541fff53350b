from __future__ import annotations

from typing import NamedTuple, Optional

from sqlalchemy import Column, DateTime, String, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session


class Base(DeclarativeBase):
    pass


class AppointmentRow(Base):
    __tablename__ = "appointments"

    id = Column(String, primary_key=True)
    status = Column(String, nullable=False)
    payload = Column(JSONB, nullable=False)
    synced_at = Column(DateTime(timezone=True), server_default=func.now())


class Links(NamedTuple):
    cancel: Optional[str]
    reschedule: Optional[str]
    join: Optional[str]


def links_for(session: Session, appointment_id: str) -> Links | None:
    stmt = select(
        AppointmentRow.payload["urls"]["cancel"][0].astext,
        AppointmentRow.payload["reschedule_url"].astext,
        AppointmentRow.payload[("urls", "join", 0)].astext,
    ).where(AppointmentRow.id == appointment_id)
    row = session.execute(stmt).one_or_none()
    return Links(*row) if row else None


def ics_report(session: Session):
    return session.execute(
        text(
            """
            SELECT id, payload->'urls'->'ics'->>0 AS ics
            FROM appointments
            WHERE payload->'urls' ? 'ics'
            ORDER BY synced_at DESC
            """
        )
    ).all()


def pending_confirmation(session: Session):
    return session.scalars(
        select(AppointmentRow).where(
            AppointmentRow.status == "scheduled",
            func.jsonb_array_length(AppointmentRow.payload["urls"]["confirm"]) > 0,
        )
    ).all()


def upsert(session: Session, appt: dict) -> None:
    session.merge(AppointmentRow(id=appt["id"], status=appt["status"], payload=appt))
    session.commit()
