"""The app factory: nothing global until asked for."""

import gc

from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings


def test_freeze_gc_moves_startup_objects_out_of_the_collectors_reach(db):
    gc.unfreeze()
    try:
        with TestClient(build_app(Settings(db=db))) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() == 0  # off by default: embedding apps keep their GC
        with TestClient(build_app(Settings(db=db), freeze_gc=True)) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 10_000  # modules, tokenizer, store
    finally:
        gc.unfreeze()
