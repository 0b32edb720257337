"""Dated progress reports: published by agency staff with frozen figures, listed, compared with
the previous one, downloadable as CSV and as a PDF drawn on the server."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from impact import progress, selectors, services
from impact.models import ProgressReport
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry

pytestmark = pytest.mark.django_db


def _period(days=30):
    end = timezone.localdate()
    return end - dt.timedelta(days=days), end


def _publish(actor, title="Rapportage Q1", days=30):
    start, end = _period(days)
    return services.progress_report_publish(actor=actor, period_start=start, period_end=end,
                                            title=title)


def test_agency_staff_publish_a_report_whose_figures_are_frozen(agency_staff, monkeypatch,
                                                                 client):
    report = _publish(agency_staff)
    assert report.figures["steps"] and "totals" in report.figures
    assert [s["step"] for s in report.figures["steps"]] == [1, 2, 3, 4]

    def recomputed(*args, **kwargs):
        raise AssertionError("a published report is not recomputed")

    for module in (selectors, progress):
        monkeypatch.setattr(module, "governance_indicators", recomputed)
        monkeypatch.setattr(module, "dashboard", recomputed)
    client.force_login(agency_staff)
    response = client.get(reverse("impact:progress_report_detail", args=[report.pk]))
    assert response.status_code == 200
    assert "Rapportage Q1" in response.content.decode()


def test_publishing_is_audited_with_ids_only(agency_staff):
    report = _publish(agency_staff)
    entry = AuditEntry.objects.get(action="impact.progress_report_published")
    assert entry.actor_id == agency_staff.pk
    assert entry.data["report"] == report.pk
    text = str(entry.data) + entry.target_repr + entry.actor_label
    assert agency_staff.last_name not in text and agency_staff.email not in text


@pytest.mark.parametrize("role", ["manager", "traveller", "council"])
def test_only_agency_staff_publish(role, make_user):
    with pytest.raises(DomainError):
        _publish(make_user(role))
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ["manager", "council"])
def test_readers_cannot_post_a_publication(role, make_user, client):
    client.force_login(make_user(role))
    start, end = _period()
    response = client.post(reverse("impact:progress_report_publish"),
                           {"period_start": start, "period_end": end})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_period_that_ends_before_it_starts_or_in_the_future_gets_a_dutch_message(
        agency_staff, client):
    client.force_login(agency_staff)
    today = timezone.localdate()
    response = client.post(reverse("impact:progress_report_publish"),
                           {"period_start": today, "period_end": today - dt.timedelta(days=1)})
    assert response.status_code == 400
    assert "De periode eindigt voordat hij begint." in response.content.decode()
    response = client.post(reverse("impact:progress_report_publish"),
                           {"period_start": today, "period_end": today + dt.timedelta(days=9)})
    assert response.status_code == 400
    response = client.post(reverse("impact:progress_report_publish"),
                           {"period_start": "gisteren", "period_end": ""})
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_publishing_through_the_page_lands_on_the_report(agency_staff, client):
    client.force_login(agency_staff)
    start, end = _period()
    response = client.post(reverse("impact:progress_report_publish"),
                           {"period_start": start, "period_end": end, "title": ""})
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.title.startswith("Voortgangsrapportage")


def test_the_report_is_compared_with_the_previous_one(agency_staff, council, client):
    first = _publish(agency_staff, title="Eerste", days=60)
    second = _publish(agency_staff, title="Tweede", days=30)
    ProgressReport.objects.filter(pk=first.pk).update(
        period_end=second.period_end - dt.timedelta(days=31),
        figures={**first.figures, "totals": {**first.figures["totals"], "population": 40}})
    ProgressReport.objects.filter(pk=second.pk).update(
        figures={**second.figures, "totals": {**second.figures["totals"], "population": 55}})
    second.refresh_from_db()
    first.refresh_from_db()
    assert progress.progress_report_previous(second) == first
    assert progress.progress_report_previous(first) is None
    comparison = progress.progress_comparison(second, first)
    population = next(t for t in comparison["totals"] if t["key"] == "population")
    assert (population["value"], population["previous"], population["delta"]) == (55, 40, 15)

    client.force_login(council)
    page = client.get(reverse("impact:progress_reports")).content.decode()
    assert page.index("Tweede") < page.index("Eerste")  # newest period first
    assert "Publiceren" not in page  # readers get no publish form
    detail = client.get(second.get_absolute_url()).content.decode()
    assert "+15" in detail and "Eerste" in detail


def test_the_csv_holds_the_frozen_figures(agency_staff, manager, client):
    report = _publish(agency_staff)
    client.force_login(manager)
    response = client.get(reverse("impact:progress_report_csv", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert "Stap 1: open een reisbureau" in text or "Stap 1" in text


def test_the_pdf_is_drawn_on_the_server_with_the_title_and_a_chart(agency_staff, council,
                                                                   client):
    report = _publish(agency_staff, title="Voortgang PDF-proef")
    ProgressReport.objects.filter(pk=report.pk).update(figures={
        **report.figures, "trend": [{"week": "2026-01-05", "hours": 12.5},
                                    {"week": "2026-01-12", "hours": 20}],
        "groups": [{"name": "Beleidsmedewerker", "hours": 30}]})
    client.force_login(council)
    response = client.get(reverse("impact:progress_report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    assert b"Voortgang PDF-proef" in pdf
    assert b"Beleidsmedewerker" in pdf  # the chart's category label
    assert council.last_name.encode() not in pdf
