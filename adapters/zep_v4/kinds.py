"""The record kinds v4 keeps in the canonical store (``Store.put_record``).

    zep.graph         a standalone graph; parent = its developer ``graph_id`` ("" if none)
    zep.episode       a graph episode; parent = the UUID of its graph (a user's graph is
                      addressed by the user's UUID). The Zep v2 graph routes read and write
                      the same records.
    zep.task          a finished task (deletes, episode adds)
    zep.idempotency   a kept answer to a write, by Idempotency-Key (24 h)
"""

GRAPH = "zep.graph"
EPISODE = "zep.episode"
TASK = "zep.task"
IDEMPOTENCY = "zep.idempotency"
