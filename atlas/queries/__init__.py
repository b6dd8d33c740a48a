"""The one query layer. Every SQL statement of the product lives in this package.

Modules by concern: ``reference`` (admin geography and gazetteer). Functions take a
SQLAlchemy ``Connection`` first and return DataFrames with fixed columns, or counts.
Values always travel as bound parameters.
"""
