"""What a store raises. Adapters turn these into their vendor's error envelope.

    StoreError
    ├── NotFound      a named record does not exist (kind, key)
    ├── Conflict      a write collides with an existing record
    └── Inactive      the session exists but was deleted or ended
"""


class StoreError(Exception):
    def __init__(self, kind: str, key: str = "", message: str = ""):
        super().__init__(message or f"{kind} {key}")
        self.kind = kind
        self.key = key


class NotFound(StoreError):
    pass


class Conflict(StoreError):
    pass


class Inactive(StoreError):
    pass


class Unavailable(Exception):
    """The store cannot be opened: ``str()`` is a one-line reason naming what was tried
    (for a PostgreSQL URL: the host and the database), fit for a command-line error."""
