"""What a store raises. Adapters turn these into their vendor's error envelope.

    StoreError
    ├── NotFound      a named record does not exist (kind, key)
    ├── Conflict      a write collides with an existing record
    ├── Inactive      the session exists but was deleted or ended
    └── Unavailable   the storage cannot take writes now (kind "full": out of space, "io": an
                      I/O error, "readonly", "busy", "closed"); reads may still work. The
                      gateway answers 507 for "full", 503 otherwise, in the dialect's envelope.
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


class Unavailable(StoreError):
    pass
