"""All SQL lives here, behind small async repository functions (one module per table group).

Exceptions:
    StorageError
    └── SchemaTooNewError   the database was written by a newer newsdigest
"""
from storage.db import Database, SchemaTooNewError, StorageError, open_database

__all__ = ["Database", "SchemaTooNewError", "StorageError", "open_database"]
