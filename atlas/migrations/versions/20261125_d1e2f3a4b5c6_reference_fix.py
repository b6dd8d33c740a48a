"""Reference geography corrected and extended: admin-only districts, towns, block aliases, office types.

Revision ID: d1e2f3a4b5c6
Revises: c9d0e1f2a3b4
Create Date: 2026-11-25

- ``districts.map_district_id``: a district with no polygon of its own (Delhi's 11, Mumbai Suburban,
  Sikkim's 2021 districts) is drawn in, and its counts summed into, this polygon district.
- ``districts.census_2011_code``: the Census 2011 district; for a later one, the 2011 district most of
  its blocks come from.
- ``towns``: the 7,933 Census 2011 towns with district, sub-district and a point.
- ``subdistrict_aliases``: names officials use for blocks today, each with its source.
- ``gazetteer.office_type`` (HO, SO, BO) and ``gazetteer.named_district_id`` (the post office's own district).

The reference loader's version changes with this, so the next ``python -m loaders reference`` reloads.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

revision: str = "d1e2f3a4b5c6"
down_revision: str | None = "c9d0e1f2a3b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"


def _districts_and_gazetteer() -> None:
    op.add_column("districts", sa.Column("map_district_id", sa.Integer(), nullable=True,
                                         comment="admin-only district: the polygon it is drawn in"))
    op.add_column("districts", sa.Column("census_2011_code", sa.String(length=3), nullable=True,
                                         comment="the Census 2011 district; for a later district, the one most of "
                                                 "its blocks come from"))
    op.create_foreign_key(op.f("fk_districts_map_district_id_districts"), "districts", "districts",
                          ["map_district_id"], ["district_id"])
    op.create_index(op.f("ix_districts_map_district_id"), "districts", ["map_district_id"], unique=False)
    op.add_column("gazetteer", sa.Column("office_type", sa.Text(), nullable=True,
                                         comment="post offices: HO head, SO sub, BO branch"))
    op.add_column("gazetteer", sa.Column("named_district_id", sa.Integer(), nullable=True,
                                         comment="post offices: the district the directory names"))
    op.create_foreign_key(op.f("fk_gazetteer_named_district_id_districts"), "gazetteer", "districts",
                          ["named_district_id"], ["district_id"])
    op.create_check_constraint(op.f("ck_gazetteer_office_type"), "gazetteer",
                               "office_type IS NULL OR office_type IN ('HO', 'SO', 'BO')")


def _towns() -> None:
    op.create_table(
        "towns",
        sa.Column("town_code", sa.String(length=6), nullable=False, comment="Census 2011; names repeat"),
        sa.Column("name", sa.Text(), nullable=False, comment="the Census 2011 name, without its status"),
        sa.Column("name_norm", sa.Text(), nullable=False),
        sa.Column("name_variants", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("town_type", sa.Text(), nullable=True,
                  comment="CT census town; M Corp., M Cl, NP, CB, ... statutory"),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("district_code_2011", sa.String(length=3), nullable=False),
        sa.Column("subdistrict_code", sa.String(length=5), nullable=True,
                  comment="NULL for towns in no sub-district (99999)"),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("point", Geometry(geometry_type="POINT", srid=4326, spatial_index=False), nullable=True),
        sa.Column("point_source", sa.Text(), nullable=True,
                  comment="post_office | subdistrict_hq | district_hq | approximate (the sub-district's HQ)"),
        sa.CheckConstraint("point_source IS NULL OR point_source IN "
                           "('post_office', 'subdistrict_hq', 'district_hq', 'approximate')",
                           name=op.f("ck_towns_point_source")),
        sa.ForeignKeyConstraint(["district_id"], ["districts.district_id"], name=op.f("fk_towns_district_id_districts")),
        sa.ForeignKeyConstraint(["state_code"], ["states.state_code"], name=op.f("fk_towns_state_code_states")),
        sa.ForeignKeyConstraint(["subdistrict_code"], ["subdistricts.subdistrict_code"],
                                name=op.f("fk_towns_subdistrict_code_subdistricts")),
        sa.PrimaryKeyConstraint("town_code", name=op.f("pk_towns")),
    )
    op.create_index("idx_towns_point", "towns", ["point"], unique=False, postgresql_using="gist")
    op.create_index(op.f("ix_towns_name_norm"), "towns", ["name_norm"], unique=False)
    op.create_index(op.f("ix_towns_state_code"), "towns", ["state_code"], unique=False)
    op.create_index(op.f("ix_towns_district_id"), "towns", ["district_id"], unique=False)


def _subdistrict_aliases() -> None:
    op.create_table(
        "subdistrict_aliases",
        sa.Column("alias_norm", sa.Text(), nullable=False),
        sa.Column("subdistrict_code", sa.String(length=5), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["subdistrict_code"], ["subdistricts.subdistrict_code"],
                                name=op.f("fk_subdistrict_aliases_subdistrict_code_subdistricts")),
        sa.PrimaryKeyConstraint("alias_norm", "subdistrict_code", name=op.f("pk_subdistrict_aliases")),
    )


def upgrade() -> None:
    _districts_and_gazetteer()
    _towns()
    _subdistrict_aliases()
    op.execute(f"GRANT SELECT ON towns, subdistrict_aliases TO {APP_ROLE}")


def downgrade() -> None:
    op.drop_table("subdistrict_aliases")
    op.drop_index(op.f("ix_towns_district_id"), table_name="towns")
    op.drop_index(op.f("ix_towns_state_code"), table_name="towns")
    op.drop_index(op.f("ix_towns_name_norm"), table_name="towns")
    op.drop_index("idx_towns_point", table_name="towns", postgresql_using="gist")
    op.drop_table("towns")
    op.drop_constraint(op.f("ck_gazetteer_office_type"), "gazetteer", type_="check")
    op.drop_constraint(op.f("fk_gazetteer_named_district_id_districts"), "gazetteer", type_="foreignkey")
    op.drop_column("gazetteer", "named_district_id")
    op.drop_column("gazetteer", "office_type")
    op.drop_index(op.f("ix_districts_map_district_id"), table_name="districts")
    op.drop_constraint(op.f("fk_districts_map_district_id_districts"), "districts", type_="foreignkey")
    op.drop_column("districts", "census_2011_code")
    op.drop_column("districts", "map_district_id")
