"""Request and store metrics, kept as plain counters and written in the Prometheus text format.

Counting costs a dict lookup and a bisect per request (prometheus-client's labelled metrics
cost several times that on the hot path); the exposition format is written here and a test
parses it with prometheus-client's own parser.

With several worker processes each one writes a snapshot of its counters to ``snapshot_dir``
(once a second and when it stops); a scrape, answered by whichever worker gets it, adds up
every snapshot but its own and its own live counters, so one scrape sees every worker.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from pathlib import Path

import msgspec

from store.model import StoreStats

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Route = tuple[str, str, str]  # (dialect, method, route template)


class Snapshot(msgspec.Struct, array_like=True):
    """One process's counters: requests by route and status, and latency buckets by route
    (len(BUCKETS) + 1 counts, then the sum of seconds)."""

    requests: list[tuple[str, str, str, int, int]] = []
    latency: list[tuple[str, str, str, list[float]]] = []
    messages_written: int = 0


class Metrics:
    def __init__(self, snapshot_dir: str | None = None):
        self.requests: dict[tuple[str, str, str, int], list[int]] = {}
        self.latency: dict[Route, list[float]] = {}
        self.snapshot_dir = snapshot_dir

    def observe(self, dialect: str, method: str, route: str, status: int, seconds: float) -> None:
        key = (dialect, method, route, status)
        count = self.requests.get(key)
        if count is None:
            count = self.requests[key] = [0]
        count[0] += 1
        buckets = self.latency.get(key[:3])
        if buckets is None:
            buckets = self.latency[key[:3]] = [0.0] * (len(BUCKETS) + 2)
        buckets[bisect_left(BUCKETS, seconds)] += 1
        buckets[-1] += seconds

    def snapshot(self, messages_written: int = 0) -> Snapshot:
        return Snapshot(
            requests=[(*k, v[0]) for k, v in self.requests.items()],
            latency=[(*k, list(v)) for k, v in self.latency.items()],
            messages_written=messages_written,
        )

    def save(self, messages_written: int) -> None:
        """Write this process's snapshot for the other workers' scrapes (atomic rename)."""
        if self.snapshot_dir is None:
            return
        path = Path(self.snapshot_dir) / f"{os.getpid()}.msgpack"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(msgspec.msgpack.encode(self.snapshot(messages_written)))
        temporary.replace(path)

    def others(self) -> list[Snapshot]:
        if self.snapshot_dir is None:
            return []
        own = f"{os.getpid()}.msgpack"
        found = []
        for path in sorted(Path(self.snapshot_dir).glob("*.msgpack")):
            if path.name != own:
                try:
                    found.append(msgspec.msgpack.decode(path.read_bytes(), type=Snapshot))
                except (OSError, msgspec.DecodeError):
                    continue  # a worker that never finished its first write
        return found


def exposition(metrics: Metrics, stats: StoreStats) -> str:
    """Every counter of this process and the others' snapshots, in the text format 0.0.4."""
    snapshots = [metrics.snapshot(stats.messages_written)] + metrics.others()
    requests: dict[tuple, int] = {}
    latency: dict[Route, list[float]] = {}
    for snap in snapshots:
        for *key, count in snap.requests:
            requests[tuple(key)] = requests.get(tuple(key), 0) + count
        for *key, buckets in snap.latency:
            total = latency.setdefault(tuple(key), [0.0] * (len(BUCKETS) + 2))
            for i, value in enumerate(buckets):
                total[i] += value
    written = sum(s.messages_written for s in snapshots)
    return "".join([
        *_requests(requests), *_latency(latency), *_store(stats, written),
    ])


def _labels(**values) -> str:
    inner = ",".join(f'{k}="{_escape(str(v))}"' for k, v in values.items())
    return "{" + inner + "}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _head(name: str, kind: str, text: str) -> list[str]:
    return [f"# HELP {name} {text}\n", f"# TYPE {name} {kind}\n"]


def _requests(requests: dict) -> list[str]:
    name = "rosetta_requests_total"
    lines = _head(name, "counter", "HTTP requests answered, by dialect, method, route template and status.")
    for (dialect, method, route, status), count in sorted(requests.items()):
        lines.append(f"{name}{_labels(dialect=dialect, method=method, route=route, status=status)} {count}\n")
    return lines


def _latency(latency: dict) -> list[str]:
    name = "rosetta_request_duration_seconds"
    lines = _head(name, "histogram", "Time from routing a request to its last byte, by route.")
    for (dialect, method, route), buckets in sorted(latency.items()):
        running = 0.0
        for bound, count in zip((*BUCKETS, "+Inf"), buckets):
            running += count
            labels = _labels(dialect=dialect, method=method, route=route, le=bound)
            lines.append(f"{name}_bucket{labels} {int(running)}\n")
        labels = _labels(dialect=dialect, method=method, route=route)
        lines.append(f"{name}_sum{labels} {buckets[-1]!r}\n")
        lines.append(f"{name}_count{labels} {int(running)}\n")
    return lines


def _store(stats: StoreStats, written: int) -> list[str]:
    lines = _head("rosetta_messages_written_total", "counter", "Messages added through any dialect.")
    lines.append(f"rosetta_messages_written_total {written}\n")
    lines += _head("rosetta_store_queue_depth", "gauge", "Writes waiting for the store's writer.")
    lines.append(f"rosetta_store_queue_depth{_labels(backend=stats.backend)} {stats.queue_depth}\n")
    lines += _head("rosetta_store_bytes", "gauge", "Size of the store on disk, by file.")
    lines.append(f"rosetta_store_bytes{_labels(backend=stats.backend, file='database')} {stats.size_bytes}\n")
    lines.append(f"rosetta_store_bytes{_labels(backend=stats.backend, file='wal')} {stats.wal_bytes}\n")
    name = "rosetta_store_commit_group_jobs"
    lines += _head(name, "histogram", "Writes committed together in one transaction (group commit).")
    running = 0
    for bound in sorted(stats.commit_sizes):
        running += stats.commit_sizes[bound]
        lines.append(f"{name}_bucket{_labels(le=float(bound))} {running}\n")
    lines.append(f'{name}_bucket{{le="+Inf"}} {stats.commit_groups}\n')
    lines.append(f"{name}_sum {stats.committed_jobs}\n")
    lines.append(f"{name}_count {stats.commit_groups}\n")
    return lines
