"""`/api/v1/register/`: the published register in the Algoritmeregister standard's shape, the
same registrations as `/register/?formaat=json`, never a draft, in a fixed number of queries."""

import json

import pytest
from django.urls import reverse

from tests.algoritmeregister.factories import draft_entry, published_entry
from tests.algoritmeregister.test_exports import _validate

pytestmark = pytest.mark.django_db

URL = reverse("api:register")


def test_the_api_gives_the_published_registrations_as_the_json_export(client, officer,
                                                                       traveller):
    published_entry(officer, submission__task__work_task="Notulen samenvatten")
    draft_entry(officer, submission__task__work_task="Geheime proef")
    client.force_login(traveller)
    body = client.get(URL).json()
    names = [item["name"] for item in body["results"]]
    assert names == ["Notulen samenvatten"]
    for item in body["results"]:
        _validate(item)
    export = json.loads(client.get(reverse("algoritmeregister:index"),
                                   {"formaat": "json"}).content)
    assert body["results"] == export


def test_the_register_endpoint_reads_in_a_fixed_number_of_queries(
        client, officer, traveller, django_assert_max_num_queries):
    published_entry(officer)
    client.force_login(traveller)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    for _ in range(4):
        published_entry(officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 5
