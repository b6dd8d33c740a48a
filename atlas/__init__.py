"""Shramik Atlas core: settings, database gateway, schema and the one query layer."""
