"""The ``rosetta`` command as a user meets it: --version, choices, environment variables, export
and import on missing files, a closed pipe, migrate against an unreachable URL, bad keys."""

import asyncio
import os
import subprocess
import sys
import time

import pytest

from gateway import cli
from gateway.settings import BadSetting, from_env
from store import open_store
from store.model import NewMessage
from tests.faults.process import ROOT, Server, cli as run, environment, free_port, one_line


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("rosetta 0.")


def test_log_level_offers_choices(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["serve", "--log-level", "foo"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'foo'" in err and "debug" in err and "Traceback" not in err


def test_every_serve_flag_has_an_environment_variable_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    text = capsys.readouterr().out
    for var in ("ROSETTA_HOST", "ROSETTA_PORT", "ROSETTA_DB", "ROSETTA_DURABILITY", "ROSETTA_API_KEYS",
                "ROSETTA_MAX_BODY_BYTES", "ROSETTA_LOG_LEVEL"):
        assert var in " ".join(text.split()), var
    readme = (ROOT / "README.md").read_text()
    for var in ("ROSETTA_HOST", "ROSETTA_PORT", "ROSETTA_LOG_LEVEL"):
        assert f"`{var}`" in readme


def test_settings_come_from_the_environment_and_flags_win():
    env = {"ROSETTA_HOST": "0.0.0.0", "ROSETTA_PORT": "9001", "ROSETTA_LOG_LEVEL": "debug",
           "ROSETTA_DURABILITY": "fast", "ROSETTA_MAX_BODY_BYTES": "10", "ROSETTA_DB": "x.db"}
    got = from_env(env)
    assert (got.host, got.port, got.log_level, got.durability, got.max_body_bytes, got.db) == (
        "0.0.0.0", 9001, "debug", "fast", 10, "x.db")
    assert from_env(env, port=7, host="127.0.0.1").port == 7
    for bad in ({"ROSETTA_PORT": "eighty"}, {"ROSETTA_PORT": "70000"}, {"ROSETTA_LOG_LEVEL": "loud"},
                {"ROSETTA_DURABILITY": "maybe"}):
        with pytest.raises(BadSetting) as failed:
            from_env(bad)
        assert next(iter(bad)) in str(failed.value)


def test_a_bad_environment_value_is_one_line(tmp_path):
    done = run("serve", "--db", str(tmp_path / "r.db"), env={"ROSETTA_PORT": "eighty"})
    one_line(done, "ROSETTA_PORT")
    assert os.listdir(tmp_path) == []


def test_host_and_port_from_the_environment_and_a_warning_for_an_open_unauthenticated_bind(tmp_path):
    port = free_port()
    log = (tmp_path / "log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "gateway.cli", "serve", "--db", str(tmp_path / "r.db")],
                               cwd=ROOT, env=environment({"ROSETTA_HOST": "0.0.0.0", "ROSETTA_PORT": str(port)}),
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while f"listening on http://0.0.0.0:{port}" not in (tmp_path / "log").read_text():
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "log").read_text()
            time.sleep(0.1)
        text = (tmp_path / "log").read_text()
        warnings = [line for line in text.splitlines() if "auth off" in line and "warning" in line]
        assert len(warnings) == 1 and "0.0.0.0" in warnings[0]
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_no_warning_on_loopback_or_with_keys(tmp_path):
    with Server(tmp_path / "a.db") as quiet:
        pass
    with Server(tmp_path / "b.db", "--host", "0.0.0.0", "--api-key", "k=*") as keyed:
        pass
    assert "rosetta: warning" not in quiet.output() + keyed.output()


def test_export_of_a_missing_database_fails_and_creates_nothing(tmp_path):
    done = run("export", "--db", str(tmp_path / "typo.db"), "-o", str(tmp_path / "out.jsonl"))
    one_line(done, str(tmp_path / "typo.db"), "does not exist")
    assert os.listdir(tmp_path) == []


def test_import_of_a_missing_file_fails_and_creates_nothing(tmp_path):
    done = run("import", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "r.db"))
    one_line(done, str(tmp_path / "missing.jsonl"), "No such file")
    assert os.listdir(tmp_path) == []
    archive = tmp_path / "empty.jsonl"
    archive.write_text('{"type":"header","format":"rosetta","version":1}\n{"type":"end","counts":{}}\n')
    done = run("import", str(archive), "--db", str(tmp_path / "nodir" / "r.db"))
    one_line(done, str(tmp_path / "nodir"), "does not exist")
    assert os.listdir(tmp_path) == ["empty.jsonl"]


def test_export_into_a_closed_pipe_ends_quietly(db):

    async def fill():
        store = await open_store(db)
        await store.add_messages("w", "s", [NewMessage(content="m" * 200, sender="p")] * 2000)
        await store.close()
    asyncio.run(fill())
    with subprocess.Popen([sys.executable, "-m", "gateway.cli", "export", "--db", db], cwd=ROOT,
                          env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout.read(100)
        process.stdout.close()  # `| head -c 100`
        err = process.stderr.read().decode()
        process.wait(timeout=30)
    assert err == "" and process.returncode == 141


def test_migrate_from_an_unreachable_url_fails_fast_in_one_line(tmp_path):
    started = time.monotonic()
    done = run("migrate", "--from", "zep", "--url", f"http://127.0.0.1:{free_port()}", "--db",
               str(tmp_path / "r.db"))
    assert time.monotonic() - started < 10
    err = one_line(done, "cannot reach", "127.0.0.1", "nothing was copied")
    assert "copied:" not in done.stdout and "copied" not in err.replace("nothing was copied", "")
    from gateway.migrate import status

    (run_status,) = status.runs(str(tmp_path / "r.db"))  # the console lists it as failed, saying why
    assert run_status.state == "failed" and "cannot reach" in " ".join(run_status.report)


def test_keys_outside_printable_ascii_are_refused_at_start(tmp_path):
    for key in ("caf\u00e9=*", "k\u00a0=*", "\u0085key=ws"):
        done = run("serve", "--db", str(tmp_path / "r.db"), "--api-key", key)
        one_line(done, "printable ASCII")
        assert key.split("=")[0] not in done.stderr  # the key itself is not echoed
        done = run("serve", "--db", str(tmp_path / "r.db"), env={"ROSETTA_API_KEYS": key})
        one_line(done, "printable ASCII")
    assert os.listdir(tmp_path) == []
