import pytest
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    data = response.json()
    assert data["checks"]["database"]["ok"] and data["checks"]["cache"]["ok"]
    assert set(data["checks"]) == {"database", "cache", "broker"}


def test_health_says_503_when_the_database_is_gone(client, monkeypatch):
    def broken(self, sql, params=None):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"]["ok"] is False


def test_health_is_degraded_when_the_broker_is_down(client, monkeypatch):
    from reisbureau import health

    def down():
        raise ConnectionError

    monkeypatch.setattr(health, "_broker", down)
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
