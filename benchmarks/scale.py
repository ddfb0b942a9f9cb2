"""Reads at scale: the same reads against a small store and a large one, in one run.

``python benchmarks/scale.py [--messages 1000000] [--small 10000] [--duration 3]``

For each size it writes an export file of generated data and loads it with ``rosetta import``
(timed, with the import's peak RSS), then starts ``rosetta serve`` on the store and drives each
read through HTTP with ``load.py`` (keep-alive connections, 127.0.0.1 only, bounded in time):
one client, then 16, p50 and p99; and a GET by id from one client while another repeats a
common-word search. Prints a Markdown table.

The data (fixed seed): 900 sessions in workspace ``default``, one of them ("big") holding 10% of
the messages (100,000 of 1,000,000), 50 peers, English-like text of 50-500 characters drawn from
a Zipf-weighted vocabulary (a few hundred common words, then a long tail of made-up ones), half
of the messages with metadata. This is not a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import drive, free_port, start  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261207
SESSIONS, PEERS, WS = 900, 50, "default"
COMMON = (
    "the of and to a in is that it was for on are as with his they at be this from have or by one"
    " had not but what all were when we there can an your which their said if do will each about how"
    " up out them then she many some so these would other into has more her two like him see time"
    " could no make than first been its who now people my made over did down only way find use may"
    " water long little very after words called just where most know get through back much before go"
    " good new write our used me man too any day same right look think also around another came come"
    " work three word must because does part even place well such here take why things help put years"
    " different away again off went old number great tell men say small every found still between name"
    " should home big give air line set own under read last never us left end along while might next"
    " sound below saw something thought both few those always looked show large often together asked"
    " house world going want school important until form food keep children feet land side without boy"
    " once animals life enough took sometimes four head above kind began almost live page got earth"
    " need far hand high year mother light parts country father let night following picture being study"
    " second eyes soon times story boys since white days ever paper hard near sentence better best"
    " across during today others however sure means knew its try told young miles sun ways thing whole"
    " hear example heard several change answer room sea against top turned learn point city play toward"
    " five using himself usually money seen car morning given trees body family later turn move face"
    " door cut done group true leave color red friends easy"
).split()
ONSETS = ("", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
          "br", "cr", "dr", "fl", "gr", "pl", "pr", "sl", "sp", "st", "tr", "ch", "sh", "th")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "io")
CODAS = ("", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng", "rt")
TOPICS = ("billing", "support", "travel", "cooking", "music", "health", "sports", "code")


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    syllables = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]
    tail = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(30000)})
    rng.shuffle(tail)
    words = COMMON + [w for w in tail if w not in COMMON]
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, weights


def texts(rng: random.Random, words: list[str], weights: list[float]):
    """Endless English-like texts of 50-500 characters (drawn in blocks, for speed)."""
    while True:
        block = rng.choices(words, weights, k=60000)
        at = 0
        while at < len(block) - 200:
            target = rng.randint(50, 500)
            out, size = [], 0
            while size < target and at < len(block):
                out.append(block[at])
                size += len(block[at]) + 1
                at += 1
            text = " ".join(out)[:target].rstrip()
            yield text[0].upper() + text[1:] + "."


def write_archive(path: Path, count: int) -> dict:
    """An export file of ``count`` messages; returns the names and queries the reads use."""
    rng = random.Random(SEED)
    words, weights = vocabulary(rng)
    enc = msgspec_encoder()
    stamp = "2026-01-01T00:00:00.000000Z"
    sessions = ["big"] + [f"s{i:03d}" for i in range(1, SESSIONS)]
    counts = {"workspace": 1, "peer": PEERS, "session": SESSIONS, "member": 0, "message": count,
              "record": 0, "alias": 0}
    seqs = dict.fromkeys(sessions, 0)
    rare = words[-1]  # the rarest word: about a hundred messages in a million
    with open(path, "wb") as out:
        out.write(enc({"type": "header", "format": "rosetta", "version": 1}))
        out.write(enc({"type": "workspace", "uid": f"{1:032x}", "name": WS, "metadata": {},
                       "configuration": {}, "extras": {}, "created_at": stamp}))
        for p in range(PEERS):
            out.write(enc({"type": "peer", "workspace": WS, "uid": f"{2:08x}{p:024x}", "name": f"peer{p}",
                           "metadata": {}, "configuration": {}, "extras": {}, "role": None, "created_at": stamp}))
        for i, name in enumerate(sessions):
            out.write(enc({"type": "session", "workspace": WS, "uid": f"{3:08x}{i:024x}", "name": name,
                           "owner": None, "is_active": True, "metadata": {}, "configuration": {},
                           "extras": {}, "created_at": stamp, "ended_at": None}))
        generated = texts(rng, words, weights)
        start_at = 1_767_225_600  # 2026-01-01
        for n in range(count):
            session = "big" if rng.random() < 0.1 else sessions[rng.randrange(1, SESSIONS)]
            seqs[session] += 1
            content = next(generated)
            moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start_at + n)) + ".000000Z"
            meta = {"topic": rng.choice(TOPICS), "n": rng.randrange(1000)} if rng.random() < 0.5 else {}
            out.write(enc({"type": "message", "workspace": WS, "session": session, "uid": f"{4:08x}{n:024x}",
                           "seq": seqs[session], "role": rng.choice(("user", "assistant")),
                           "peer": f"peer{rng.randrange(PEERS)}", "sender": None, "content": content,
                           "metadata": meta, "extras": {}, "token_count": max(1, len(content) // 4),
                           "created_at": moment}))
        out.write(enc({"type": "end", "counts": counts}))
    return {"big": seqs["big"], "rare": rare, "common": words[0], "phrase": f"{words[1]} {words[0]}",
            "session_common": words[3]}


def msgspec_encoder():
    import msgspec

    encoder = msgspec.json.Encoder()
    return lambda row: encoder.encode(row) + b"\n"


def load(archive: Path, db: Path) -> dict:
    """``rosetta import`` in a child process: seconds and the child's peak RSS."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "gateway.cli", "import", str(archive), "--db", str(db)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise RuntimeError(f"import failed ({status})")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024}


def reads(url: str, info: dict) -> dict:
    """The requests of each read (method, path, body), with ids looked up through the API."""
    s = f"/v3/workspaces/{WS}/sessions/big"
    first = httpx.post(f"{url}{s}/messages/list?size=50").json()
    message_id = first["items"][10]["id"]
    page1 = httpx.get(f"{url}/v1/threads/big/messages?order=desc&limit=20").json()
    pages = -(-info["big"] // 50)
    search = lambda q: json.dumps({"query": q, "limit": 10})  # noqa: E731
    return {
        "GET message by id": ("GET", f"{s}/messages/{message_id}", None),
        "first page (Honcho v3 list, 50)": ("POST", f"{s}/messages/list?size=50", None),
        "workspace search, rare word": ("POST", f"/v3/workspaces/{WS}/search", search(info["rare"])),
        "workspace search, common word": ("POST", f"/v3/workspaces/{WS}/search", search(info["common"])),
        "workspace search, two-word phrase": ("POST", f"/v3/workspaces/{WS}/search", search(info["phrase"])),
        "session search (big), rare word": ("POST", f"{s}/search", search(info["rare"])),
        "session search (big), common word": ("POST", f"{s}/search", search(info["session_common"])),
        "Honcho v3 page= near the end (big)": ("POST", f"{s}/messages/list?size=50&page={pages - 1}", None),
        "Zep cursor= deep (big)": ("GET", f"/api/v2/sessions/big/messages?limit=50&cursor={pages - 2}", None),
        "Zep lastn=50 (big)": ("GET", "/api/v2/sessions/big/memory?lastn=50", None),
        "OpenAI after, order=desc, page 2": (
            "GET", f"/v1/threads/big/messages?order=desc&limit=20&after={page1['last_id']}", None),
        "Honcho v3 list, metadata filter (big)": (
            "POST", f"{s}/messages/list?size=50", json.dumps({"filters": {"metadata": {"topic": "music"}}})),
        **console_reads(info),
    }


CONSOLE = "console: "  # the web console's pages (issue target: p99 <= 100 ms at the large size)


def console_reads(info: dict) -> dict:
    last = (info["big"] - 1) // 50 * 50
    return {
        CONSOLE + "workspaces": ("GET", "/console/pages/workspaces", None),
        CONSOLE + "a workspace's sessions": ("GET", f"/console/pages/workspace?w={WS}", None),
        CONSOLE + "first page of the big session": ("GET", f"/console/pages/session?w={WS}&s=big", None),
        CONSOLE + "last page of the big session": ("GET", f"/console/pages/session?w={WS}&s=big&offset={last}", None),
        CONSOLE + "search, common word": ("GET", f"/console/pages/search?w={WS}&q={info['common']}", None),
    }


def measure(port: int, requests: dict, duration: float) -> dict:
    out = {}
    for name, request in requests.items():
        one = drive(port, [request], duration, 1)
        many = drive(port, [request], duration, 16)
        out[name] = {"p50": one["p50_ms"], "p99": one["p99_ms"], "p50_16": many["p50_ms"],
                     "p99_16": many["p99_ms"], "errors": one["errors"] + many["errors"]}
        print(f"  {name}: p50 {one['p50_ms']:.2f} ms, 16 clients p99 {many['p99_ms']:.2f} ms", file=sys.stderr)
    return out


def cold_filters(url: str) -> float:
    """p50 of a filtered list (the big session) whose total was never counted: one request per
    topic, each a first (the store keeps a filtered total until the next write)."""
    path = f"{url}/v3/workspaces/{WS}/sessions/big/messages/list?size=50"
    times = []
    with httpx.Client() as client:
        for topic in TOPICS:
            if topic == "music":  # counted by the measured reads already
                continue
            body = {"filters": {"metadata": {"topic": topic}}}
            started = time.perf_counter()
            client.post(path, json=body).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2]


def get_while_searching(port: int, requests: dict, duration: float) -> dict:
    """GET by id from one client while another repeats a common-word search."""
    found = {}
    searcher = threading.Thread(target=lambda: found.setdefault(
        "search", drive(port, [requests["workspace search, common word"]], duration + 1, 1)))
    searcher.start()
    time.sleep(0.5)
    found["get"] = drive(port, [requests["GET message by id"]], duration, 1)
    searcher.join()
    return {"get_p50": found["get"]["p50_ms"], "get_p99": found["get"]["p99_ms"],
            "search_p50": found["search"]["p50_ms"], "searches": found["search"]["requests"]}


def run_size(tmp: Path, count: int, duration: float) -> dict:
    archive, db = tmp / f"data-{count}.jsonl", tmp / f"store-{count}.db"
    print(f"{count} messages: writing the export file", file=sys.stderr)
    info = write_archive(archive, count)
    print(f"{count} messages: importing", file=sys.stderr)
    imported = load(archive, db)
    archive.unlink()
    port = free_port()
    server = start([sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), "--db", str(db),
                    "--log-level", "warning"], port, "/health")
    try:
        requests = reads(f"http://127.0.0.1:{port}", info)
        print(f"{count} messages: reads", file=sys.stderr)
        results = measure(port, requests, duration)
        contended = get_while_searching(port, requests, duration)
        contended["cold_filter_ms"] = cold_filters(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"count": count, "info": info, "import": imported, "reads": results, "contended": contended,
            "db_mb": db.stat().st_size / 2**20}


def report(small: dict, large: dict) -> str:
    n, m = f"{small['count']:,}", f"{large['count']:,}"
    lines = [f"| read | {n} p50 | {m} p50 | {m} p99 | {m} 16 clients p50 / p99 | target at {m} (p50) |",
             "|---|---|---|---|---|---|"]
    for name, big in large["reads"].items():
        base = small["reads"][name]["p50"]
        target = max(2 * base, 10.0)
        mark = "ok" if big["p50"] <= target else "MISSED"
        lines.append(f"| {name} | {base:.2f} ms | {big['p50']:.2f} ms | {big['p99']:.2f} ms |"
                     f" {big['p50_16']:.2f} / {big['p99_16']:.2f} ms | <= {target:.1f} ms ({mark}) |")
    lines.append("")
    for size in (small, large):
        c, i = size["contended"], size["import"]
        lines.append(f"- {size['count']:,} messages: GET by id while another client searches: p50 "
                     f"{c['get_p50']:.2f} ms, p99 {c['get_p99']:.2f} ms (target <= 20 ms; the search ran "
                     f"{c['searches']} times, p50 {c['search_p50']:.1f} ms); import "
                     f"{size['count'] / i['seconds']:,.0f} messages/s ({i['seconds']:.1f} s), peak RSS "
                     f"{i['peak_rss_mb']:.0f} MB; store {size['db_mb']:,.0f} MB; a filtered list of the big"
                     f" session counted for the first time: {c['cold_filter_ms']:.1f} ms (p50 of 7).")
    searches = [v["p99"] for k, v in large["reads"].items() if "search" in k and not k.startswith(CONSOLE)]
    lines.append(f"- worst search p99 at {m}, one client: {max(searches):.2f} ms (target <= 50 ms).")
    pages = [v["p99"] for k, v in large["reads"].items() if k.startswith(CONSOLE)]
    lines.append(f"- worst console page p99 at {m}, one client: {max(pages):.2f} ms (target <= 100 ms).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--keep", help="a folder to keep the stores in (default: a temporary one, removed)")
    args = parser.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="rosetta-scale-"))
    tmp.mkdir(exist_ok=True)
    try:
        small = run_size(tmp, args.small, args.duration)
        large = run_size(tmp, args.messages, args.duration)
    finally:
        if not args.keep:
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    print(report(small, large))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps([small, large], indent=1))


if __name__ == "__main__":
    main()
