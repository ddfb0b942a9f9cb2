"""Faults injected at an SQLite connection: the next matching statement fails as a failing disk
makes it fail."""

import sqlite3


def sqlite_error(code: int, name: str, text: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode, exc.sqlite_errorname = code, name
    return exc


class Faulty:
    """A connection whose next statement starting with ``fail_on`` fails with ``error``, after
    SQLite's own reaction to it (a failed COMMIT rolls the transaction back)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.fail_on, self.error, self.times = conn, None, None, 0

    def arm(self, fail_on: str, error: sqlite3.Error, times: int = 1) -> None:
        self.fail_on, self.error, self.times = fail_on, error, times

    def execute(self, sql: str, params=()):
        if self.times and sql.startswith(self.fail_on):
            self.times -= 1
            if sql == "COMMIT":
                self.conn.execute("ROLLBACK")  # what SQLite does on a full disk
            raise self.error
        return self.conn.execute(sql, params)

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def __getattr__(self, name):  # everything else: the real connection's
        return getattr(self.conn, name)
