"""Holding a database to a number of pages, the portable stand-in for a full disk."""


class _Quiet(Exception):
    pass


async def set_max_pages(writer, pages: int) -> None:
    """Sets ``max_page_count`` on the writer's connection (a connection setting, kept when a
    job rolls back) in a job that then fails with an error of its own: nothing commits, so the
    writer learns nothing about the disk from it (a commit would tell it writes work)."""
    def job(conn, cache):
        conn.execute(f"PRAGMA max_page_count={int(pages)}")
        raise _Quiet()

    try:
        await writer.submit(job)
    except _Quiet:
        pass
