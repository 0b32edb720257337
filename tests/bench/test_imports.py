"""bench.imports: the usage import measured against a plain COPY, on a small file."""

import pytest
from django.db import connection

from impact.models import UsageImport, UsageRecord

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="PostgreSQL only: the baseline is PostgreSQL's COPY"),
]


def test_measure_import_compares_with_copy_and_cleans_up(make_user):
    from bench.imports import measure_import

    for i in range(7):
        make_user("traveller", email=f"bench{i}@voorbeeldstad.example")
    result = measure_import(2_000)
    assert result["rows"] == 2_000 and result["small_rows"] == 200
    assert result["copy_seconds"] > 0 and result["import_seconds"] > 0
    assert result["ratio"] > 0
    assert 0 < result["peak_mb_small"] and 0 < result["peak_mb_large"]
    assert not UsageRecord.objects.exists() and not UsageImport.objects.exists()
