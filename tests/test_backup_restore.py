"""Backup and restore on PostgreSQL: dump, drop, restore; the same journeys and audit trail."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="backup and restore are PostgreSQL tools (CI runs this)"),
    pytest.mark.django_db(transaction=True),
]


def _url(name):
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{name}"


def _rows(url):
    with psycopg.connect(url) as conn:
        journeys = conn.execute("SELECT title, status FROM journeys_journey ORDER BY id").fetchall()
        audit = conn.execute("SELECT action, target_id FROM reisbureau_auditentry ORDER BY id").fetchall()
        triggers = conn.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname").fetchall()
    return journeys, audit, triggers


def test_dump_drop_restore_gives_the_same_portal(tmp_path, adviser, traveller):
    from journeys import services

    journey = services.journey_create(actor=adviser, title="Notuleren met Copilot",
                                      travellers=[traveller])
    services.task_add(journey=journey, actor=adviser, work_task="Notulen uitwerken",
                      expected_minutes_saved=60)
    source = connection.settings_dict["NAME"]
    before = _rows(_url(source))
    assert before[0] and before[1]

    dump = tmp_path / "backup.dump"
    env = {**os.environ, "DATABASE_URL": _url(source)}
    subprocess.run([str(ROOT / "scripts/backup.sh"), str(dump)], env=env, check=True,
                   capture_output=True)
    target = f"{source}_restore"
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        env["DATABASE_URL"] = _url(target)
        subprocess.run([str(ROOT / "scripts/restore.sh"), str(dump)], env=env, check=True,
                       capture_output=True)
        assert _rows(_url(target)) == before
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
