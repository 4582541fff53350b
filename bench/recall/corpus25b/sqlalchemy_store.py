"""Persistence for the scheduling service (SQLAlchemy 2.0, Postgres JSONB)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, func, select, cast, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class StoredAppointment(Base):
    __tablename__ = "savvycal_appointments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    start_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[dict] = mapped_column(JSONB)


def cancel_links(session: Session) -> list[tuple[str, str]]:
    stmt = select(
        StoredAppointment.id,
        StoredAppointment.body["urls"]["cancel"][0].astext,
    )
    return list(session.execute(stmt))


def reschedule_link_expr():
    return StoredAppointment.body[("urls", "reschedule", 0)].astext


def flat_or_legacy_join():
    return func.coalesce(
        StoredAppointment.body["join_url"].astext,
        StoredAppointment.body["urls"]["join"][0].astext,
    )


def appointments_with_many_ics(session: Session):
    stmt = select(StoredAppointment).where(
        func.jsonb_array_length(StoredAppointment.body["urls"]["ics"]) > 1
    )
    return session.scalars(stmt).all()


def find_by_ics(session: Session, ics_url: str):
    stmt = select(StoredAppointment).where(StoredAppointment.body["ics_url"].astext == ics_url)
    return session.scalars(stmt).first()


def hosts_in_use(session: Session):
    host = func.split_part(StoredAppointment.body["cancel_url"].astext, "/", 3)
    return session.execute(select(host, func.count()).group_by(host)).all()


def legacy_links(session: Session, appt_id: str) -> dict:
    row = session.get(StoredAppointment, appt_id)
    return row.body["urls"] if row else {}


class UrlRegistry(Base):
    """Our own table of outbound links (marketing)."""

    __tablename__ = "url_registry"
    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    urls: Mapped[dict] = mapped_column(JSONB, default=dict)


def registry_first(session: Session, slug: str) -> str:
    reg = session.get(UrlRegistry, slug)
    return reg.urls["primary"][0]
