"""The console in a real browser (Debian's chromium driven by Playwright) against a live gateway:
log in with an admin key, browse, page, search, copy an id and use it through the vendor's SDK,
download a workspace's export. Skipped, with the reason, where chromium or Playwright is missing."""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path

import httpx
import pytest

from store import archive
from tests.sdk.conftest import report, start
from tests.sdk.envs import run_python_flow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt install chromium)")

ADMIN = "console-admin-key"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    process, gateway = start(tmp_path_factory.mktemp("console"), "--api-key", f"{ADMIN}=*")
    auth = {"Authorization": f"Bearer {ADMIN}"}
    url = gateway.url
    httpx.post(f"{url}/v3/workspaces", json={"id": "acme"}, headers=auth)
    for first in range(0, 120, 60):
        httpx.post(f"{url}/v3/workspaces/acme/sessions/support-1/messages", headers=auth, json={"messages": [
            {"peer_id": "alice" if i % 2 else "bot", "content": f"turn {i}: the parcel was {'late' if i == 7 else 'fine'}"}
            for i in range(first, first + 60)]})
    thread = httpx.post(f"{url}/v1/threads", headers=auth,
                        json={"messages": [{"role": "user", "content": "where is my refund?"}]}).json()["id"]
    yield gateway, thread
    gateway.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, gateway):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=gateway[0].url)
    tab = context.new_page()
    tab.goto(gateway[0].url + "/console")
    tab.fill("#key", ADMIN)
    tab.click("#key-form button")
    tab.wait_for_selector("#workspaces")
    yield tab
    context.close()


def test_browse_page_and_search_a_conversation(page, tmp_path):
    shots = [_shot(page, tmp_path / "workspaces.png")]
    page.click("#workspaces >> text=acme")
    page.wait_for_selector("#sessions >> text=support-1")
    shots.append(_shot(page, tmp_path / "workspace.png"))
    page.click("#sessions >> text=support-1")
    page.wait_for_selector("#messages .message")
    assert page.locator("#messages .message").count() == 50
    assert "1–50 of 120" in page.inner_text(".pager")
    shots.append(_shot(page, tmp_path / "session.png"))
    page.click(".pager >> text=last")
    page.wait_for_selector("text=turn 119: the parcel was fine")
    assert page.locator("#messages .message").count() == 20
    page.click(".crumbs >> text=acme")
    page.fill("form.search input", "late")
    page.press("form.search input", "Enter")
    page.wait_for_selector("#hits .message")
    assert page.locator("#hits .message").count() == 1
    assert "turn 7" in page.inner_text("#hits")
    shots.append(_shot(page, tmp_path / "search.png"))
    page.click("#hits a")  # a hit links to its session
    page.wait_for_selector("#messages .message")
    assert all(shots)


def test_copy_an_openai_id_and_use_it_through_the_sdk(page, gateway):
    url, thread = gateway
    page.click("#workspaces >> text=default")
    page.click(f"#sessions >> text={thread}")
    page.wait_for_selector("#messages .message")
    page.click("#messages details summary")
    button = page.locator("#messages .ids dt:has-text('OpenAI') + dd button.copy")
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("msg_")
    done = run_python_flow("openai-3", Path(__file__).with_name("flow_openai_get.py"),
                           {"OPENAI_BASE_URL": url.url + "/v1", "OPENAI_API_KEY": ADMIN}, args=(thread, copied))
    assert done.returncode == 0, report(done)
    assert json.loads(done.stdout.strip().splitlines()[-1])["text"] == "where is my refund?"


def test_download_a_workspace_export(page, tmp_path):
    page.click("#workspaces >> text=acme")
    page.wait_for_selector("a.download")
    with page.expect_download() as waiting:
        page.click("a.download")
    saved = tmp_path / "acme.jsonl"
    waiting.value.save_as(saved)
    rows = archive.decode_lines(saved.read_bytes().splitlines(keepends=True))
    assert sum(isinstance(r, archive.MessageRow) for r in rows) == 120


def test_a_wrong_key_is_refused_and_forgotten(browser, gateway):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(gateway[0].url + "/console")
    assert "Enter an admin key" in tab.inner_text("#view")
    tab.fill("#key", "wrong")
    tab.click("#key-form button")
    tab.wait_for_selector("text=That key was refused")
    assert tab.evaluate("sessionStorage.length") == 0
    context.close()


def _shot(page, path: Path) -> bool:
    """Take a screenshot and say whether it shows anything (more than a few colours)."""
    page.screenshot(path=str(path), full_page=True)
    return len(set(_pixels(path.read_bytes()))) > 16


def _pixels(png: bytes) -> bytes:
    """The raw (filtered) scanline bytes of a PNG: enough to tell a blank image from a page."""
    position, data = 8, b""
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        if kind == b"IDAT":
            data += png[position + 8:position + 8 + length]
        position += 12 + length
    return zlib.decompress(data)


@pytest.fixture(scope="module")
def vendor(tmp_path_factory):
    """Another gateway playing the vendor to migrate from (Honcho v3, workspace "legacy")."""
    process, other = start(tmp_path_factory.mktemp("vendor"))
    httpx.post(f"{other.url}/v3/workspaces/legacy/sessions/old-chat/messages", json={"messages": [
        {"peer_id": "carol", "content": f"archived line {i}"} for i in range(40)]})
    yield other
    other.stop()


def test_run_a_migration_between_two_gateways_and_watch_it_finish(page, vendor, tmp_path):
    page.click("header >> text=Migrations")
    page.wait_for_selector("#migrate")
    page.select_option("#migrate select[name=vendor]", "honcho-v3")
    page.fill("#migrate input[name=url]", vendor.url)
    page.fill("#migrate input[name=workspace]", "legacy")
    page.click("#migrate button")
    page.wait_for_selector("#run[data-state=done]", timeout=60_000)
    assert "1/1 sessions, 40 messages" in page.inner_text("#run")
    assert _shot(page, tmp_path / "migration.png")
    page.click("header >> text=Workspaces")
    page.click("#workspaces >> text=legacy")
    page.click("#sessions >> text=old-chat")
    page.wait_for_selector("text=archived line 39")
