"""The schema of the whole product, as SQLAlchemy 2 models with GeoAlchemy2 geometries.

Design notes (see README.md and docs/SCALING.md):
- Every geometry is SRID 4326 and has a GiST index.
- Reference tables (admin hierarchy, gazetteer, occupations) are small and would be Citus
  reference tables. Person tables (workers, locations, skills, calls, complaints) are keyed
  by ``worker_id`` so that they can be co-located on one distribution column: their
  primary keys include ``worker_id`` and no foreign key crosses between workers.
- Categorical columns are text with CHECK constraints, so adding a value is a one-line
  migration rather than an enum type change.
- There is deliberately no Aadhaar column anywhere.
"""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from atlas.settings import SRID

PRECISIONS = ("village", "post_office", "town", "pincode", "block", "district", "state")
LOCATION_SOURCES = ("survey", "call_centre", "self", "camp", "eshram")
CALL_OUTCOMES = ("reached", "not_reachable", "wrong_number", "refused")
COMPLAINT_CATEGORIES = (
    "unpaid_wages",
    "stranded",
    "accident_injury",
    "death_repatriation",
    "harassment_forced_labour",
    "missing_worker",
    "documents_ration",
    "scheme_benefits",
    "other",
)
DEPARTMENTS = (
    "labour_home",
    "labour_destination",
    "police",
    "district_administration",
    "resident_commissioner",
    "welfare_board",
)
COMPLAINT_STATUSES = ("new", "routed", "in_progress", "resolved", "closed", "rejected")
GAZETTEER_KINDS = ("state", "district_hq", "subdistrict_hq", "village", "post_office", "pincode", "town")
OFFICE_TYPES = ("HO", "SO", "BO")
HINDI_SOURCE = "official: a published Hindi name; transliterated: written from the English name"
TOWN_POINT_SOURCES = ("post_office", "subdistrict_hq", "district_hq", "approximate")
GAZETTEER_QUALITIES = (
    "ok",
    "repaired_swap",
    "suspect",
    "placeholder",
    "missing",
    "approximate",
)
ROLES = ("state_admin", "district_officer", "planner", "call_agent", "auditor", "department")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...], *, nullable: bool = True) -> str:
    allowed = ", ".join(f"'{v}'" for v in values)
    clause = f"{column} IN ({allowed})"
    return f"{column} IS NULL OR {clause}" if nullable else clause


def _point() -> Mapped[object | None]:
    return mapped_column(Geometry("POINT", srid=SRID, spatial_index=True), nullable=True)


def _area() -> Mapped[object | None]:
    return mapped_column(Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True), nullable=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --------------------------------------------------------------------------- admin hierarchy


class State(Base):
    __tablename__ = "states"
    state_code: Mapped[str] = mapped_column(String(2), primary_key=True, comment="Census 2011 state code")
    lgd_code: Mapped[int | None] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(Text)
    name_hi: Mapped[str | None] = mapped_column(Text)
    name_norm: Mapped[str] = mapped_column(Text, index=True)
    geom: Mapped[object | None] = _area()
    point: Mapped[object | None] = _point()


class District(Base):
    """A district: a polygon, or an admin-only district drawn inside one. Keyed by surrogate id: Census
    codes repeat across states.

    The TopoJSON draws Delhi as one polygon and Mumbai as one; Delhi's 11 districts, Mumbai Suburban
    and Sikkim's 2021 districts are rows without ``geom`` whose ``map_district_id`` is the polygon
    they are drawn (and their counts summed) in.
    """

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("state_code", "census_code", "name_norm", postgresql_nulls_not_distinct=True),)
    district_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.state_code"), index=True)
    census_code: Mapped[str | None] = mapped_column(String(3), comment="Census 2011 code; >640 for newer")
    lgd_code: Mapped[int | None] = mapped_column(Integer, index=True)
    name_en: Mapped[str] = mapped_column(Text)
    name_hi: Mapped[str | None] = mapped_column(Text)
    name_hi_source: Mapped[str | None] = mapped_column(Text, comment=HINDI_SOURCE)
    name_norm: Mapped[str] = mapped_column(Text, index=True)
    created_year: Mapped[str | None] = mapped_column(Text)
    hq_name: Mapped[str | None] = mapped_column(Text)
    map_district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.district_id"), index=True, comment="admin-only district: the polygon it is drawn in"
    )
    census_2011_code: Mapped[str | None] = mapped_column(
        String(3), comment="the Census 2011 district; for a later district, the one most of its blocks come from"
    )
    geom: Mapped[object | None] = _area()
    point: Mapped[object | None] = _point()


class DistrictAlias(Base):
    """Old or alternate district names (Purba Champaran = East Champaran = Motihari)."""

    __tablename__ = "district_aliases"
    alias_norm: Mapped[str] = mapped_column(Text, primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.district_id"), primary_key=True)
    alias: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)


class Subdistrict(Base):
    """Sub-district (tehsil / CD block) from the Census 2011 list. In Bihar these are the 534 CD blocks.

    ``district_code_2011`` is its Census 2011 district; ``district_id`` the map district it lies in
    today (a post-2011 district where it has moved). ``point`` is its HQ, NULL where none was found.
    """

    __tablename__ = "subdistricts"
    subdistrict_code: Mapped[str] = mapped_column(String(5), primary_key=True, comment="Census 2011, unique in India")
    state_code: Mapped[str] = mapped_column(ForeignKey("states.state_code"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.district_id"), index=True)
    district_code_2011: Mapped[str] = mapped_column(String(3))
    lgd_code: Mapped[int | None] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(Text)
    name_hi: Mapped[str | None] = mapped_column(Text)
    name_hi_source: Mapped[str | None] = mapped_column(Text, comment=HINDI_SOURCE)
    name_norm: Mapped[str] = mapped_column(Text, index=True)
    geom: Mapped[object | None] = _area()
    geom_is_approximate: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    point: Mapped[object | None] = _point()


class SubdistrictAlias(Base):
    """Names officials use for a block today (LGD names, Hindi names, "Bagaha-1", "Chapra Sadar"), with their source."""

    __tablename__ = "subdistrict_aliases"
    alias_norm: Mapped[str] = mapped_column(Text, primary_key=True)
    subdistrict_code: Mapped[str] = mapped_column(ForeignKey("subdistricts.subdistrict_code"), primary_key=True)
    alias: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)


class Town(Base):
    """A Census 2011 town (statutory or census town) with its district and a point."""

    __tablename__ = "towns"
    __table_args__ = (CheckConstraint(_one_of("point_source", TOWN_POINT_SOURCES), name="point_source"),)
    town_code: Mapped[str] = mapped_column(String(6), primary_key=True, comment="Census 2011; names repeat")
    name: Mapped[str] = mapped_column(Text, comment="the Census 2011 name, without its status")
    name_norm: Mapped[str] = mapped_column(Text, index=True)
    name_variants: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    town_type: Mapped[str | None] = mapped_column(Text, comment="CT census town; M Corp., M Cl, NP, CB, ... statutory")
    state_code: Mapped[str] = mapped_column(ForeignKey("states.state_code"), index=True)
    district_code_2011: Mapped[str] = mapped_column(String(3))
    subdistrict_code: Mapped[str | None] = mapped_column(
        ForeignKey("subdistricts.subdistrict_code"), comment="NULL for towns in no sub-district (99999)"
    )
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.district_id"), index=True)
    point: Mapped[object | None] = _point()
    point_source: Mapped[str | None] = mapped_column(
        Text, comment="post_office | subdistrict_hq | district_hq | approximate (the sub-district's HQ)"
    )


class Village(Base):
    __tablename__ = "villages"
    village_code: Mapped[str] = mapped_column(String(6), primary_key=True, comment="Census 2011")
    subdistrict_code: Mapped[str] = mapped_column(ForeignKey("subdistricts.subdistrict_code"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.district_id"), index=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.state_code"))
    lgd_code: Mapped[int | None] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(Text)
    name_hi: Mapped[str | None] = mapped_column(Text)
    name_norm: Mapped[str] = mapped_column(Text, index=True)
    source_district_code: Mapped[str | None] = mapped_column(
        String(3), comment="district code as the source file gave it; a cross-check that can fail"
    )
    geom: Mapped[object | None] = _area()
    point: Mapped[object | None] = _point()
    point_source: Mapped[str | None] = mapped_column(Text, comment="post_office | block_hq")


class Gazetteer(Base):
    """Every place the geocoder can match, with its admin codes and a quality flag."""

    __tablename__ = "gazetteer"
    __table_args__ = (
        CheckConstraint(_one_of("kind", GAZETTEER_KINDS, nullable=False), name="kind"),
        CheckConstraint(_one_of("quality", GAZETTEER_QUALITIES, nullable=False), name="quality"),
        CheckConstraint(_one_of("office_type", OFFICE_TYPES), name="office_type"),
        Index(
            "ix_gazetteer_name_trgm", "name_norm", postgresql_using="gin", postgresql_ops={"name_norm": "gin_trgm_ops"}
        ),
        Index("ix_gazetteer_scope", "state_code", "district_id", "kind"),
    )
    gazetteer_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source_ref: Mapped[str] = mapped_column(Text, unique=True, comment="natural key for idempotent loads")
    kind: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    name_variants: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    name_norm: Mapped[str] = mapped_column(Text)
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.state_code"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    subdistrict_code: Mapped[str | None] = mapped_column(String(5))
    village_code: Mapped[str | None] = mapped_column(String(6))
    pincode: Mapped[str | None] = mapped_column(String(6), index=True)
    point: Mapped[object | None] = _point()
    source: Mapped[str] = mapped_column(Text)
    quality: Mapped[str] = mapped_column(Text, server_default="ok")
    quality_note: Mapped[str | None] = mapped_column(Text)
    office_type: Mapped[str | None] = mapped_column(Text, comment="post offices: HO head, SO sub, BO branch")
    named_district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.district_id"), comment="post offices: the district the directory names"
    )


# --------------------------------------------------------------------------- occupations


class Occupation(Base):
    """NCO-2015 occupation, with the e-Shram sector it belongs to."""

    __tablename__ = "occupations"
    nco_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    label_en: Mapped[str] = mapped_column(Text)
    label_hi: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(Text)
    skill_group: Mapped[str | None] = mapped_column(Text, comment="coarse group used in maps")


# --------------------------------------------------------------------------- loads


class LoadBatch(Base):
    __tablename__ = "load_batches"
    __table_args__ = (UniqueConstraint("kind", "file_sha256"),)
    batch_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(Text, comment="reference | survey | eshram | tracking | complaints")
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = _created()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(Text, server_default="running")
    rows_total: Mapped[int] = mapped_column(Integer, server_default="0")
    rows_loaded: Mapped[int] = mapped_column(Integer, server_default="0")
    rows_updated: Mapped[int] = mapped_column(Integer, server_default="0")
    rows_rejected: Mapped[int] = mapped_column(Integer, server_default="0")
    report_path: Mapped[str | None] = mapped_column(Text)
    loaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))


class RejectedRow(Base):
    """A row that failed validation, kept whole with every reason, so nothing is lost."""

    __tablename__ = "rejected_rows"
    __table_args__ = (UniqueConstraint("batch_id", "row_number"),)
    rejected_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("load_batches.batch_id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    raw: Mapped[dict[str, object] | None] = mapped_column(JSONB)
    errors: Mapped[list[dict[str, object]]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()
    #: Who loaded the batch, and their state: whose rows these are (row-level security reads the row alone).
    loaded_by: Mapped[int | None] = mapped_column(Integer)
    loader_state_code: Mapped[str | None] = mapped_column(String(2))


class GeocodeReview(Base):
    """Unresolved and low-confidence geocodes, waiting for a person to check them."""

    __tablename__ = "geocode_reviews"
    __table_args__ = (UniqueConstraint("input_norm"),)
    review_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    input_text: Mapped[str] = mapped_column(Text)
    input_norm: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, object]] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    occurrences: Mapped[int] = mapped_column(Integer, server_default="1")
    status: Mapped[str] = mapped_column(Text, server_default="open")
    created_at: Mapped[datetime] = _created()


# --------------------------------------------------------------------------- people


class Worker(Base):
    __tablename__ = "workers"
    __table_args__ = (
        CheckConstraint("gender IS NULL OR gender IN ('M', 'F', 'T')", name="gender"),
        CheckConstraint(_one_of("home_precision", PRECISIONS), name="home_precision"),
        CheckConstraint("uan IS NULL OR uan ~ '^[0-9]{12}$'", name="uan_digits"),
        CheckConstraint("phone IS NULL OR phone ~ '^[6-9][0-9]{9}$'", name="phone_digits"),
        Index("uq_workers_uan", "uan", unique=True, postgresql_where=text("uan IS NOT NULL")),
        Index("ix_workers_home_scope", "home_state_code", "home_district_id", "home_block_code"),
        Index("ix_workers_current_scope", "current_state_code", "current_district_id"),
    )
    worker_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    natural_key: Mapped[str] = mapped_column(Text, unique=True, comment="uan:<UAN> or pnv:<phone>|<name>|<village>")
    uan: Mapped[str | None] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(Text)
    name_norm: Mapped[str] = mapped_column(Text)
    father_name: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    phone: Mapped[str | None] = mapped_column(String(10), index=True)
    phone_alt: Mapped[str | None] = mapped_column(String(10))
    home_address_raw: Mapped[str | None] = mapped_column(Text)
    home_point: Mapped[object | None] = _point()
    home_state_code: Mapped[str | None] = mapped_column(ForeignKey("states.state_code"))
    home_district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    home_block_code: Mapped[str | None] = mapped_column(ForeignKey("subdistricts.subdistrict_code"))
    home_village_code: Mapped[str | None] = mapped_column(ForeignKey("villages.village_code"))
    home_precision: Mapped[str | None] = mapped_column(Text)
    home_confidence: Mapped[float | None] = mapped_column(Float)
    # The latest location, kept in step with worker_locations so that maps need no window query.
    current_location_id: Mapped[int | None] = mapped_column(BigInteger)
    current_state_code: Mapped[str | None] = mapped_column(ForeignKey("states.state_code"))
    current_district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    current_observed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_reached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_interstate_migrant: Mapped[bool] = mapped_column(
        Boolean,
        Computed("coalesce(current_state_code <> home_state_code, false)", persisted=True),
    )
    source: Mapped[str] = mapped_column(Text)
    gig_platform_type: Mapped[str | None] = mapped_column(Text)
    is_synthetic: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    first_batch_id: Mapped[int | None] = mapped_column(ForeignKey("load_batches.batch_id"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()
    # Set when the person's personal data was erased (atlas.rights): the row keeps only what counts need.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The departments this worker's complaints are routed to (``atlas_sync_routing``): they see the worker.
    routed_departments: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))


class WorkerName(Base):
    """Each normalised worker name once, for fuzzy name search (trigram index); no link to any worker."""

    __tablename__ = "worker_names"
    __table_args__ = (
        Index(
            "ix_worker_names_trgm", "name_norm", postgresql_using="gist", postgresql_ops={"name_norm": "gist_trgm_ops"}
        ),
    )
    name_norm: Mapped[str] = mapped_column(Text, primary_key=True)


class CarriesHome:
    """The worker's home, copied on to a person row, because row-level security on Citus reads only the row's
    own columns (migration f1a2b3c4d5e6; kept by the loaders and queries, ``ingest.follow_homes``)."""

    home_state_code: Mapped[str | None] = mapped_column(String(2))
    home_district_id: Mapped[int | None] = mapped_column(Integer)


class WorkerSkill(CarriesHome, Base):
    __tablename__ = "worker_skills"
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    nco_code: Mapped[str] = mapped_column(ForeignKey("occupations.nco_code"), primary_key=True, index=True)
    source: Mapped[str | None] = mapped_column(Text)


class WorkerLocation(CarriesHome, Base):
    """Where a worker works, as observed. History only grows; the latest row is current."""

    __tablename__ = "worker_locations"
    __table_args__ = (
        CheckConstraint(_one_of("source", LOCATION_SOURCES, nullable=False), name="source"),
        CheckConstraint(_one_of("precision", PRECISIONS), name="precision"),
        UniqueConstraint("worker_id", "observed_at", "source"),
        Index("ix_worker_locations_scope", "state_code", "district_id"),
    )
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    location_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(Text)
    raw_address: Mapped[str | None] = mapped_column(Text)
    employer: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(Text)
    point: Mapped[object | None] = _point()
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.state_code"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    block_code: Mapped[str | None] = mapped_column(String(5))
    precision: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("load_batches.batch_id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    created_at: Mapped[datetime] = _created()


class WorkerCorrection(CarriesHome, Base):
    """A field of a worker's record corrected at their request (DPDP Act 2023), before and after."""

    __tablename__ = "worker_corrections"
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    correction_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = _created()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    field: Mapped[str] = mapped_column(Text)
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class CallAttempt(CarriesHome, Base):
    """Every call-centre attempt to reach a worker, whatever its outcome."""

    __tablename__ = "call_attempts"
    __table_args__ = (
        CheckConstraint(_one_of("outcome", CALL_OUTCOMES, nullable=False), name="outcome"),
        UniqueConstraint("worker_id", "called_at"),
    )
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    call_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    called_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(Text)
    location_id: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("load_batches.batch_id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    #: The recording form's key: a repeated submission finds this row instead of adding another.
    submission_key: Mapped[str | None] = mapped_column(Text)


class CallClaim(CarriesHome, Base):
    """A worker taken from the call queue by one agent, until the lease runs out or the call is recorded."""

    __tablename__ = "call_claims"
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    claimed_at: Mapped[datetime] = _created()
    lease_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ComplaintNotification(Base):
    """A complaint routed to a department, due to be sent to it (an SMS or e-mail gateway stamps ``sent_at``).
    Written by a trigger on ``complaints``; carries the complaint's home so that its scope needs no join."""

    __tablename__ = "complaint_notifications"
    __table_args__ = (
        ForeignKeyConstraint(
            ["worker_id", "complaint_id"], ["complaints.worker_id", "complaints.complaint_id"], ondelete="CASCADE"
        ),
    )
    worker_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    notification_id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(BigInteger)
    department: Mapped[str] = mapped_column(Text)
    home_state_code: Mapped[str | None] = mapped_column(String(2))
    home_district_id: Mapped[int | None] = mapped_column(Integer)
    district_id: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(Text)
    is_emergency: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = _created()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AlertAcknowledgement(Base):
    """An officer has acted on a distress alert (a week of unusually many complaints of one category in one
    destination district; see ``atlas.early_warning``). Alerts are computed; only their acknowledgement is kept."""

    __tablename__ = "alert_acknowledgements"
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.district_id"), primary_key=True)
    category: Mapped[str] = mapped_column(Text, primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True, comment="the Monday of the alert's week (IST)")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    note: Mapped[str] = mapped_column(Text)
    acknowledged_at: Mapped[datetime] = _created()


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(_one_of("category", COMPLAINT_CATEGORIES, nullable=False), name="category"),
        CheckConstraint(_one_of("department", DEPARTMENTS), name="department"),
        CheckConstraint(_one_of("status", COMPLAINT_STATUSES, nullable=False), name="status"),
        Index(
            "uq_complaints_external_ref", "external_ref", unique=True, postgresql_where=text("external_ref IS NOT NULL")
        ),
        Index(
            "ix_complaints_open",
            "home_district_id",
            "status",
            postgresql_where=text("status NOT IN ('resolved', 'closed', 'rejected')"),
        ),
    )
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    external_ref: Mapped[str | None] = mapped_column(Text, comment="ticket number from the importing system")
    category: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(Text, comment="call_centre | walk_in | web | letter | import")
    description: Mapped[str | None] = mapped_column(Text)
    point: Mapped[object | None] = _point()
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.state_code"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    block_code: Mapped[str | None] = mapped_column(String(5))
    home_district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    home_block_code: Mapped[str | None] = mapped_column(String(5))
    department: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default="new")
    is_emergency: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    lodged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    route_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_action_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolve_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    routed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_action_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The deadline (routing, first_action, resolution) the complaint was last escalated to the state for.
    escalated_for: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("load_batches.batch_id"))
    #: The logging form's key: a repeated submission finds this complaint instead of filing another.
    submission_key: Mapped[str | None] = mapped_column(Text)


class ComplaintEvent(CarriesHome, Base):
    """Who did what to a complaint, and when."""

    __tablename__ = "complaint_events"
    __table_args__ = (
        ForeignKeyConstraint(
            ["worker_id", "complaint_id"], ["complaints.worker_id", "complaints.complaint_id"], ondelete="CASCADE"
        ),
        Index("ix_complaint_events_complaint", "complaint_id"),
    )
    worker_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    action: Mapped[str] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(Text)
    to_status: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    #: The complaint's department now (``atlas_sync_routing``): that department sees the timeline.
    complaint_department: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------- registration drives


class RegistrationCamp(Base):
    __tablename__ = "registration_camps"
    camp_id: Mapped[str] = mapped_column(Text, primary_key=True)
    drive: Mapped[str] = mapped_column(Text, comment="name of the registration drive")
    name: Mapped[str] = mapped_column(Text)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.state_code"))
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.district_id"), index=True)
    block_code: Mapped[str | None] = mapped_column(ForeignKey("subdistricts.subdistrict_code"))
    point: Mapped[object | None] = _point()
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    daily_target: Mapped[int] = mapped_column(Integer)
    is_synthetic: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class CampRegistration(CarriesHome, Base):
    __tablename__ = "camp_registrations"
    __table_args__ = (Index("ix_camp_registrations_camp_day", "camp_id", "registered_on"),)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.worker_id", ondelete="CASCADE"), primary_key=True)
    camp_id: Mapped[str] = mapped_column(ForeignKey("registration_camps.camp_id"), primary_key=True)
    registered_on: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(Text, comment="csc | self | camp")
    is_gig_worker: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    platform_type: Mapped[str | None] = mapped_column(
        Text, comment="food_delivery | ecommerce | ride_hailing | home_services"
    )
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("load_batches.batch_id"))


# --------------------------------------------------------------------------- access and audit


class Role(Base):
    __tablename__ = "roles"
    role: Mapped[str] = mapped_column(Text, primary_key=True)
    description_en: Mapped[str] = mapped_column(Text)
    description_hi: Mapped[str | None] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    user_id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    full_name: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(ForeignKey("roles.role"))
    scope_state_code: Mapped[str | None] = mapped_column(ForeignKey("states.state_code"))
    scope_district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.district_id"))
    #: The page the user opens on (a URL path such as ``drives``); NULL: their role's first page.
    home_page: Mapped[str | None] = mapped_column(Text)
    #: A department user's department (``DEPARTMENTS``): they see the complaints routed to it in their state.
    department: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    failed_logins: Mapped[int] = mapped_column(Integer, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_user", "user_id", "at"))
    audit_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = _created()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    username: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(
        Text, comment="login | login_failed | search | view | edit | status | upload | export"
    )
    target: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, object] | None] = mapped_column(JSONB)
    client: Mapped[str | None] = mapped_column(INET)
