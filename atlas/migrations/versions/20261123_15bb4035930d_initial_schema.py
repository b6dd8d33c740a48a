"""initial schema

Revision ID: 15bb4035930d
Revises: 
Create Date: 2026-11-23 17:22:14.458337
"""

from __future__ import annotations

from collections.abc import Sequence

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

revision: str = '15bb4035930d'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ROLE_DESCRIPTIONS = [
    ("state_admin", "Minister and senior officials: everything in their state", "मंत्री और वरिष्ठ अधिकारी: अपने राज्य का सब कुछ"),
    ("district_officer", "One district: its blocks, records and complaints", "एक ज़िला: उसके प्रखंड, रिकॉर्ड और शिकायतें"),
    ("planner", "Aggregates and exports, no personal records", "केवल समेकित आँकड़े और निर्यात"),
    ("call_agent", "Find and update one worker at a time; log complaints", "एक समय में एक श्रमिक खोजें और अद्यतन करें; शिकायत दर्ज करें"),
    ("auditor", "Reads the audit log", "ऑडिट लॉग पढ़ता है"),
]


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('geocode_reviews',
    sa.Column('review_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('input_text', sa.Text(), nullable=False),
    sa.Column('input_norm', sa.Text(), nullable=False),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('occurrences', sa.Integer(), server_default='1', nullable=False),
    sa.Column('status', sa.Text(), server_default='open', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('review_id', name=op.f('pk_geocode_reviews')),
    sa.UniqueConstraint('input_norm', name=op.f('uq_geocode_reviews_input_norm'))
    )
    op.create_table('occupations',
    sa.Column('nco_code', sa.String(length=12), nullable=False),
    sa.Column('label_en', sa.Text(), nullable=False),
    sa.Column('label_hi', sa.Text(), nullable=True),
    sa.Column('sector', sa.Text(), nullable=True),
    sa.Column('skill_group', sa.Text(), nullable=True, comment='coarse group used in maps'),
    sa.PrimaryKeyConstraint('nco_code', name=op.f('pk_occupations'))
    )
    op.create_table('roles',
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('description_hi', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('role', name=op.f('pk_roles'))
    )
    op.create_geospatial_table('states',
    sa.Column('state_code', sa.String(length=2), nullable=False, comment='Census 2011 state code'),
    sa.Column('lgd_code', sa.Integer(), nullable=True),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_hi', sa.Text(), nullable=True),
    sa.Column('name_norm', sa.Text(), nullable=False),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.PrimaryKeyConstraint('state_code', name=op.f('pk_states'))
    )
    op.create_geospatial_index('idx_states_geom', 'states', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_index('idx_states_point', 'states', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_states_name_norm'), 'states', ['name_norm'], unique=False)
    op.create_geospatial_table('districts',
    sa.Column('district_id', sa.Integer(), sa.Identity(always=False), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('census_code', sa.String(length=3), nullable=True, comment='Census 2011 code; >640 for newer'),
    sa.Column('lgd_code', sa.Integer(), nullable=True),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_hi', sa.Text(), nullable=True),
    sa.Column('name_norm', sa.Text(), nullable=False),
    sa.Column('created_year', sa.Text(), nullable=True),
    sa.Column('hq_name', sa.Text(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_districts_state_code_states')),
    sa.PrimaryKeyConstraint('district_id', name=op.f('pk_districts')),
    sa.UniqueConstraint('state_code', 'census_code', 'name_norm', name=op.f('uq_districts_state_code_census_code_name_norm'), postgresql_nulls_not_distinct=True)
    )
    op.create_geospatial_index('idx_districts_geom', 'districts', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_index('idx_districts_point', 'districts', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_districts_lgd_code'), 'districts', ['lgd_code'], unique=False)
    op.create_index(op.f('ix_districts_name_norm'), 'districts', ['name_norm'], unique=False)
    op.create_index(op.f('ix_districts_state_code'), 'districts', ['state_code'], unique=False)
    op.create_table('district_aliases',
    sa.Column('alias_norm', sa.Text(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_district_aliases_district_id_districts')),
    sa.PrimaryKeyConstraint('alias_norm', 'district_id', name=op.f('pk_district_aliases'))
    )
    op.create_geospatial_table('gazetteer',
    sa.Column('gazetteer_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('source_ref', sa.Text(), nullable=False, comment='natural key for idempotent loads'),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_variants', postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('name_norm', sa.Text(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('subdistrict_code', sa.String(length=5), nullable=True),
    sa.Column('village_code', sa.String(length=6), nullable=True),
    sa.Column('pincode', sa.String(length=6), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('quality', sa.Text(), server_default='ok', nullable=False),
    sa.Column('quality_note', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('state', 'district_hq', 'subdistrict_hq', 'village', 'post_office', 'pincode', 'town')", name=op.f('ck_gazetteer_kind')),
    sa.CheckConstraint("quality IN ('ok', 'repaired_swap', 'suspect', 'placeholder', 'missing', 'approximate')", name=op.f('ck_gazetteer_quality')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_gazetteer_district_id_districts')),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_gazetteer_state_code_states')),
    sa.PrimaryKeyConstraint('gazetteer_id', name=op.f('pk_gazetteer')),
    sa.UniqueConstraint('source_ref', name=op.f('uq_gazetteer_source_ref'))
    )
    op.create_geospatial_index('idx_gazetteer_point', 'gazetteer', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index('ix_gazetteer_name_trgm', 'gazetteer', ['name_norm'], unique=False, postgresql_using='gin', postgresql_ops={'name_norm': 'gin_trgm_ops'})
    op.create_index(op.f('ix_gazetteer_pincode'), 'gazetteer', ['pincode'], unique=False)
    op.create_index('ix_gazetteer_scope', 'gazetteer', ['state_code', 'district_id', 'kind'], unique=False)
    op.create_geospatial_table('subdistricts',
    sa.Column('subdistrict_code', sa.String(length=5), nullable=False, comment='Census 2011, unique in India'),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('district_code_2011', sa.String(length=3), nullable=False),
    sa.Column('lgd_code', sa.Integer(), nullable=True),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_hi', sa.Text(), nullable=True),
    sa.Column('name_norm', sa.Text(), nullable=False),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('geom_is_approximate', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_subdistricts_district_id_districts')),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_subdistricts_state_code_states')),
    sa.PrimaryKeyConstraint('subdistrict_code', name=op.f('pk_subdistricts'))
    )
    op.create_geospatial_index('idx_subdistricts_geom', 'subdistricts', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_index('idx_subdistricts_point', 'subdistricts', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_subdistricts_district_id'), 'subdistricts', ['district_id'], unique=False)
    op.create_index(op.f('ix_subdistricts_name_norm'), 'subdistricts', ['name_norm'], unique=False)
    op.create_index(op.f('ix_subdistricts_state_code'), 'subdistricts', ['state_code'], unique=False)
    op.create_table('users',
    sa.Column('user_id', sa.Integer(), sa.Identity(always=False), nullable=False),
    sa.Column('username', sa.Text(), nullable=False),
    sa.Column('full_name', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('scope_state_code', sa.String(length=2), nullable=True),
    sa.Column('scope_district_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['role'], ['roles.role'], name=op.f('fk_users_role_roles')),
    sa.ForeignKeyConstraint(['scope_district_id'], ['districts.district_id'], name=op.f('fk_users_scope_district_id_districts')),
    sa.ForeignKeyConstraint(['scope_state_code'], ['states.state_code'], name=op.f('fk_users_scope_state_code_states')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_log',
    sa.Column('audit_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.Text(), nullable=True),
    sa.Column('action', sa.Text(), nullable=False, comment='login | login_failed | search | view | edit | status | upload | export'),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('client', postgresql.INET(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.user_id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('audit_id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'], unique=False)
    op.create_index('ix_audit_log_user', 'audit_log', ['user_id', 'at'], unique=False)
    op.create_table('load_batches',
    sa.Column('batch_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False, comment='reference | survey | eshram | tracking | complaints'),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Text(), server_default='running', nullable=False),
    sa.Column('rows_total', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_loaded', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_updated', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_rejected', sa.Integer(), server_default='0', nullable=False),
    sa.Column('report_path', sa.Text(), nullable=True),
    sa.Column('loaded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['loaded_by'], ['users.user_id'], name=op.f('fk_load_batches_loaded_by_users')),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_load_batches')),
    sa.UniqueConstraint('kind', 'file_sha256', name=op.f('uq_load_batches_kind_file_sha256'))
    )
    op.create_geospatial_table('registration_camps',
    sa.Column('camp_id', sa.Text(), nullable=False),
    sa.Column('drive', sa.Text(), nullable=False, comment='name of the registration drive'),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('block_code', sa.String(length=5), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('daily_target', sa.Integer(), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['block_code'], ['subdistricts.subdistrict_code'], name=op.f('fk_registration_camps_block_code_subdistricts')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_registration_camps_district_id_districts')),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_registration_camps_state_code_states')),
    sa.PrimaryKeyConstraint('camp_id', name=op.f('pk_registration_camps'))
    )
    op.create_geospatial_index('idx_registration_camps_point', 'registration_camps', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_registration_camps_district_id'), 'registration_camps', ['district_id'], unique=False)
    op.create_geospatial_table('villages',
    sa.Column('village_code', sa.String(length=6), nullable=False, comment='Census 2011'),
    sa.Column('subdistrict_code', sa.String(length=5), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('lgd_code', sa.Integer(), nullable=True),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('name_hi', sa.Text(), nullable=True),
    sa.Column('name_norm', sa.Text(), nullable=False),
    sa.Column('source_district_code', sa.String(length=3), nullable=True, comment='district code as the source file gave it; a cross-check that can fail'),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('point_source', sa.Text(), nullable=True, comment='post_office | block_hq'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_villages_district_id_districts')),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_villages_state_code_states')),
    sa.ForeignKeyConstraint(['subdistrict_code'], ['subdistricts.subdistrict_code'], name=op.f('fk_villages_subdistrict_code_subdistricts')),
    sa.PrimaryKeyConstraint('village_code', name=op.f('pk_villages'))
    )
    op.create_geospatial_index('idx_villages_geom', 'villages', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_index('idx_villages_point', 'villages', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_villages_district_id'), 'villages', ['district_id'], unique=False)
    op.create_index(op.f('ix_villages_name_norm'), 'villages', ['name_norm'], unique=False)
    op.create_index(op.f('ix_villages_subdistrict_code'), 'villages', ['subdistrict_code'], unique=False)
    op.create_table('rejected_rows',
    sa.Column('rejected_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('batch_id', sa.BigInteger(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('raw', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('errors', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['load_batches.batch_id'], name=op.f('fk_rejected_rows_batch_id_load_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rejected_id', name=op.f('pk_rejected_rows')),
    sa.UniqueConstraint('batch_id', 'row_number', name=op.f('uq_rejected_rows_batch_id_row_number'))
    )
    op.create_index(op.f('ix_rejected_rows_batch_id'), 'rejected_rows', ['batch_id'], unique=False)
    op.create_geospatial_table('workers',
    sa.Column('worker_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('natural_key', sa.Text(), nullable=False, comment='uan:<UAN> or pnv:<phone>|<name>|<village>'),
    sa.Column('uan', sa.String(length=12), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_norm', sa.Text(), nullable=False),
    sa.Column('father_name', sa.Text(), nullable=True),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birth_year', sa.SmallInteger(), nullable=True),
    sa.Column('phone', sa.String(length=10), nullable=True),
    sa.Column('phone_alt', sa.String(length=10), nullable=True),
    sa.Column('home_address_raw', sa.Text(), nullable=True),
    sa.Column('home_point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('home_state_code', sa.String(length=2), nullable=True),
    sa.Column('home_district_id', sa.Integer(), nullable=True),
    sa.Column('home_block_code', sa.String(length=5), nullable=True),
    sa.Column('home_village_code', sa.String(length=6), nullable=True),
    sa.Column('home_precision', sa.Text(), nullable=True),
    sa.Column('home_confidence', sa.Float(), nullable=True),
    sa.Column('current_location_id', sa.BigInteger(), nullable=True),
    sa.Column('current_state_code', sa.String(length=2), nullable=True),
    sa.Column('current_district_id', sa.Integer(), nullable=True),
    sa.Column('current_observed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_reached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_interstate_migrant', sa.Boolean(), sa.Computed('coalesce(current_state_code <> home_state_code, false)', persisted=True), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('first_batch_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("gender IS NULL OR gender IN ('M', 'F', 'T')", name=op.f('ck_workers_gender')),
    sa.CheckConstraint("home_precision IS NULL OR home_precision IN ('village', 'post_office', 'pincode', 'block', 'district', 'state')", name=op.f('ck_workers_home_precision')),
    sa.CheckConstraint("phone IS NULL OR phone ~ '^[6-9][0-9]{9}$'", name=op.f('ck_workers_phone_digits')),
    sa.CheckConstraint("uan IS NULL OR uan ~ '^[0-9]{12}$'", name=op.f('ck_workers_uan_digits')),
    sa.ForeignKeyConstraint(['current_district_id'], ['districts.district_id'], name=op.f('fk_workers_current_district_id_districts')),
    sa.ForeignKeyConstraint(['current_state_code'], ['states.state_code'], name=op.f('fk_workers_current_state_code_states')),
    sa.ForeignKeyConstraint(['first_batch_id'], ['load_batches.batch_id'], name=op.f('fk_workers_first_batch_id_load_batches')),
    sa.ForeignKeyConstraint(['home_block_code'], ['subdistricts.subdistrict_code'], name=op.f('fk_workers_home_block_code_subdistricts')),
    sa.ForeignKeyConstraint(['home_district_id'], ['districts.district_id'], name=op.f('fk_workers_home_district_id_districts')),
    sa.ForeignKeyConstraint(['home_state_code'], ['states.state_code'], name=op.f('fk_workers_home_state_code_states')),
    sa.ForeignKeyConstraint(['home_village_code'], ['villages.village_code'], name=op.f('fk_workers_home_village_code_villages')),
    sa.PrimaryKeyConstraint('worker_id', name=op.f('pk_workers')),
    sa.UniqueConstraint('natural_key', name=op.f('uq_workers_natural_key'))
    )
    op.create_geospatial_index('idx_workers_home_point', 'workers', ['home_point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index('ix_workers_current_scope', 'workers', ['current_state_code', 'current_district_id'], unique=False)
    op.create_index('ix_workers_home_scope', 'workers', ['home_state_code', 'home_district_id', 'home_block_code'], unique=False)
    op.create_index('ix_workers_name_trgm', 'workers', ['name_norm'], unique=False, postgresql_using='gin', postgresql_ops={'name_norm': 'gin_trgm_ops'})
    op.create_index(op.f('ix_workers_phone'), 'workers', ['phone'], unique=False)
    op.create_index('uq_workers_uan', 'workers', ['uan'], unique=True, postgresql_where=sa.text('uan IS NOT NULL'))
    op.create_table('call_attempts',
    sa.Column('worker_id', sa.BigInteger(), nullable=False),
    sa.Column('call_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('location_id', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('batch_id', sa.BigInteger(), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("outcome IN ('reached', 'not_reachable', 'wrong_number', 'refused')", name=op.f('ck_call_attempts_outcome')),
    sa.ForeignKeyConstraint(['agent_id'], ['users.user_id'], name=op.f('fk_call_attempts_agent_id_users')),
    sa.ForeignKeyConstraint(['batch_id'], ['load_batches.batch_id'], name=op.f('fk_call_attempts_batch_id_load_batches')),
    sa.ForeignKeyConstraint(['worker_id'], ['workers.worker_id'], name=op.f('fk_call_attempts_worker_id_workers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', 'call_id', name=op.f('pk_call_attempts')),
    sa.UniqueConstraint('worker_id', 'called_at', name=op.f('uq_call_attempts_worker_id_called_at'))
    )
    op.create_table('camp_registrations',
    sa.Column('worker_id', sa.BigInteger(), nullable=False),
    sa.Column('camp_id', sa.Text(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('mode', sa.Text(), nullable=False, comment='csc | self | camp'),
    sa.Column('is_gig_worker', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('platform_type', sa.Text(), nullable=True, comment='food_delivery | ecommerce | ride_hailing | home_services'),
    sa.Column('batch_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['load_batches.batch_id'], name=op.f('fk_camp_registrations_batch_id_load_batches')),
    sa.ForeignKeyConstraint(['camp_id'], ['registration_camps.camp_id'], name=op.f('fk_camp_registrations_camp_id_registration_camps')),
    sa.ForeignKeyConstraint(['worker_id'], ['workers.worker_id'], name=op.f('fk_camp_registrations_worker_id_workers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', 'camp_id', name=op.f('pk_camp_registrations'))
    )
    op.create_index('ix_camp_registrations_camp_day', 'camp_registrations', ['camp_id', 'registered_on'], unique=False)
    op.create_geospatial_table('complaints',
    sa.Column('worker_id', sa.BigInteger(), nullable=False),
    sa.Column('complaint_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('external_ref', sa.Text(), nullable=True, comment='ticket number from the importing system'),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('channel', sa.Text(), nullable=False, comment='call_centre | walk_in | web | letter | import'),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('state_code', sa.String(length=2), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('block_code', sa.String(length=5), nullable=True),
    sa.Column('home_district_id', sa.Integer(), nullable=True),
    sa.Column('home_block_code', sa.String(length=5), nullable=True),
    sa.Column('department', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), server_default='new', nullable=False),
    sa.Column('is_emergency', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('lodged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('route_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_action_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolve_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('routed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_action_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('batch_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("category IN ('unpaid_wages', 'stranded', 'accident_injury', 'death_repatriation', 'harassment_forced_labour', 'missing_worker', 'documents_ration', 'scheme_benefits', 'other')", name=op.f('ck_complaints_category')),
    sa.CheckConstraint("department IS NULL OR department IN ('labour_home', 'labour_destination', 'police', 'district_administration', 'resident_commissioner', 'welfare_board')", name=op.f('ck_complaints_department')),
    sa.CheckConstraint("status IN ('new', 'routed', 'in_progress', 'resolved', 'closed', 'rejected')", name=op.f('ck_complaints_status')),
    sa.ForeignKeyConstraint(['batch_id'], ['load_batches.batch_id'], name=op.f('fk_complaints_batch_id_load_batches')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_complaints_district_id_districts')),
    sa.ForeignKeyConstraint(['home_district_id'], ['districts.district_id'], name=op.f('fk_complaints_home_district_id_districts')),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_complaints_state_code_states')),
    sa.ForeignKeyConstraint(['worker_id'], ['workers.worker_id'], name=op.f('fk_complaints_worker_id_workers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', 'complaint_id', name=op.f('pk_complaints'))
    )
    op.create_geospatial_index('idx_complaints_point', 'complaints', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index('ix_complaints_open', 'complaints', ['home_district_id', 'status'], unique=False, postgresql_where=sa.text("status NOT IN ('resolved', 'closed', 'rejected')"))
    op.create_index('uq_complaints_external_ref', 'complaints', ['external_ref'], unique=True, postgresql_where=sa.text('external_ref IS NOT NULL'))
    op.create_geospatial_table('worker_locations',
    sa.Column('worker_id', sa.BigInteger(), nullable=False),
    sa.Column('location_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('raw_address', sa.Text(), nullable=True),
    sa.Column('employer', sa.Text(), nullable=True),
    sa.Column('sector', sa.Text(), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('state_code', sa.String(length=2), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('block_code', sa.String(length=5), nullable=True),
    sa.Column('precision', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('batch_id', sa.BigInteger(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("precision IS NULL OR precision IN ('village', 'post_office', 'pincode', 'block', 'district', 'state')", name=op.f('ck_worker_locations_precision')),
    sa.CheckConstraint("source IN ('survey', 'call_centre', 'self', 'camp', 'eshram')", name=op.f('ck_worker_locations_source')),
    sa.ForeignKeyConstraint(['batch_id'], ['load_batches.batch_id'], name=op.f('fk_worker_locations_batch_id_load_batches')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.district_id'], name=op.f('fk_worker_locations_district_id_districts')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.user_id'], name=op.f('fk_worker_locations_recorded_by_users')),
    sa.ForeignKeyConstraint(['state_code'], ['states.state_code'], name=op.f('fk_worker_locations_state_code_states')),
    sa.ForeignKeyConstraint(['worker_id'], ['workers.worker_id'], name=op.f('fk_worker_locations_worker_id_workers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', 'location_id', name=op.f('pk_worker_locations')),
    sa.UniqueConstraint('worker_id', 'observed_at', 'source', name=op.f('uq_worker_locations_worker_id_observed_at_source'))
    )
    op.create_geospatial_index('idx_worker_locations_point', 'worker_locations', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index('ix_worker_locations_scope', 'worker_locations', ['state_code', 'district_id'], unique=False)
    op.create_table('worker_skills',
    sa.Column('worker_id', sa.BigInteger(), nullable=False),
    sa.Column('nco_code', sa.String(length=12), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['nco_code'], ['occupations.nco_code'], name=op.f('fk_worker_skills_nco_code_occupations')),
    sa.ForeignKeyConstraint(['worker_id'], ['workers.worker_id'], name=op.f('fk_worker_skills_worker_id_workers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', 'nco_code', name=op.f('pk_worker_skills'))
    )
    op.create_index(op.f('ix_worker_skills_nco_code'), 'worker_skills', ['nco_code'], unique=False)
    op.create_table('complaint_events',
    sa.Column('worker_id', sa.BigInteger(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('complaint_id', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('from_status', sa.Text(), nullable=True),
    sa.Column('to_status', sa.Text(), nullable=True),
    sa.Column('department', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.user_id'], name=op.f('fk_complaint_events_actor_user_id_users')),
    sa.ForeignKeyConstraint(['worker_id', 'complaint_id'], ['complaints.worker_id', 'complaints.complaint_id'], name=op.f('fk_complaint_events_worker_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', 'event_id', name=op.f('pk_complaint_events'))
    )
    op.create_index('ix_complaint_events_complaint', 'complaint_events', ['complaint_id'], unique=False)
    # ### end Alembic commands ###
    roles = sa.table("roles", sa.column("role"), sa.column("description_en"), sa.column("description_hi"))
    op.bulk_insert(roles, [dict(zip(("role", "description_en", "description_hi"), r)) for r in ROLE_DESCRIPTIONS])


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_index('ix_complaint_events_complaint', table_name='complaint_events')
    op.drop_table('complaint_events')
    op.drop_index(op.f('ix_worker_skills_nco_code'), table_name='worker_skills')
    op.drop_table('worker_skills')
    op.drop_index('ix_worker_locations_scope', table_name='worker_locations')
    op.drop_geospatial_index('idx_worker_locations_point', table_name='worker_locations', postgresql_using='gist', column_name='point')
    op.drop_geospatial_table('worker_locations')
    op.drop_index('uq_complaints_external_ref', table_name='complaints', postgresql_where=sa.text('external_ref IS NOT NULL'))
    op.drop_index('ix_complaints_open', table_name='complaints', postgresql_where=sa.text("status NOT IN ('resolved', 'closed', 'rejected')"))
    op.drop_geospatial_index('idx_complaints_point', table_name='complaints', postgresql_using='gist', column_name='point')
    op.drop_geospatial_table('complaints')
    op.drop_index('ix_camp_registrations_camp_day', table_name='camp_registrations')
    op.drop_table('camp_registrations')
    op.drop_table('call_attempts')
    op.drop_index('uq_workers_uan', table_name='workers', postgresql_where=sa.text('uan IS NOT NULL'))
    op.drop_index(op.f('ix_workers_phone'), table_name='workers')
    op.drop_index('ix_workers_name_trgm', table_name='workers', postgresql_using='gin', postgresql_ops={'name_norm': 'gin_trgm_ops'})
    op.drop_index('ix_workers_home_scope', table_name='workers')
    op.drop_index('ix_workers_current_scope', table_name='workers')
    op.drop_geospatial_index('idx_workers_home_point', table_name='workers', postgresql_using='gist', column_name='home_point')
    op.drop_geospatial_table('workers')
    op.drop_index(op.f('ix_rejected_rows_batch_id'), table_name='rejected_rows')
    op.drop_table('rejected_rows')
    op.drop_index(op.f('ix_villages_subdistrict_code'), table_name='villages')
    op.drop_index(op.f('ix_villages_name_norm'), table_name='villages')
    op.drop_index(op.f('ix_villages_district_id'), table_name='villages')
    op.drop_geospatial_index('idx_villages_point', table_name='villages', postgresql_using='gist', column_name='point')
    op.drop_geospatial_index('idx_villages_geom', table_name='villages', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('villages')
    op.drop_index(op.f('ix_registration_camps_district_id'), table_name='registration_camps')
    op.drop_geospatial_index('idx_registration_camps_point', table_name='registration_camps', postgresql_using='gist', column_name='point')
    op.drop_geospatial_table('registration_camps')
    op.drop_table('load_batches')
    op.drop_index('ix_audit_log_user', table_name='audit_log')
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('users')
    op.drop_index(op.f('ix_subdistricts_state_code'), table_name='subdistricts')
    op.drop_index(op.f('ix_subdistricts_name_norm'), table_name='subdistricts')
    op.drop_index(op.f('ix_subdistricts_district_id'), table_name='subdistricts')
    op.drop_geospatial_index('idx_subdistricts_point', table_name='subdistricts', postgresql_using='gist', column_name='point')
    op.drop_geospatial_index('idx_subdistricts_geom', table_name='subdistricts', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('subdistricts')
    op.drop_index('ix_gazetteer_scope', table_name='gazetteer')
    op.drop_index(op.f('ix_gazetteer_pincode'), table_name='gazetteer')
    op.drop_index('ix_gazetteer_name_trgm', table_name='gazetteer', postgresql_using='gin', postgresql_ops={'name_norm': 'gin_trgm_ops'})
    op.drop_geospatial_index('idx_gazetteer_point', table_name='gazetteer', postgresql_using='gist', column_name='point')
    op.drop_geospatial_table('gazetteer')
    op.drop_table('district_aliases')
    op.drop_index(op.f('ix_districts_state_code'), table_name='districts')
    op.drop_index(op.f('ix_districts_name_norm'), table_name='districts')
    op.drop_index(op.f('ix_districts_lgd_code'), table_name='districts')
    op.drop_geospatial_index('idx_districts_point', table_name='districts', postgresql_using='gist', column_name='point')
    op.drop_geospatial_index('idx_districts_geom', table_name='districts', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('districts')
    op.drop_index(op.f('ix_states_name_norm'), table_name='states')
    op.drop_geospatial_index('idx_states_point', table_name='states', postgresql_using='gist', column_name='point')
    op.drop_geospatial_index('idx_states_geom', table_name='states', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('states')
    op.drop_table('roles')
    op.drop_table('occupations')
    op.drop_table('geocode_reviews')
    # ### end Alembic commands ###
