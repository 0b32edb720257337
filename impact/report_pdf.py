"""A published progress report as a PDF, drawn on the server with reportlab (charts included).

Only what the report froze is drawn: aggregates, no person's name. The pages are not
compressed, so the text can be found in the file (and tested) without a PDF reader."""

import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BLUE = colors.HexColor("#01689b")


def _p(text, style):
    return Paragraph(escape(str(text)), style)


def _table(rows, widths):
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _bar_chart(title, labels, values, *, horizontal=False):
    height = 70 * mm if not horizontal else max(40 * mm, 9 * mm * len(values) + 20 * mm)
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (45 * mm, 8 * mm) if horizontal else (12 * mm, 18 * mm)
    chart.width = 120 * mm if horizontal else 150 * mm
    chart.height = height - (16 * mm if horizontal else 28 * mm)
    chart.data = [list(values)]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontSize = 7
    if not horizontal:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BLUE
    drawing.add(chart)
    drawing.add(String(0, height - 4 * mm, title, fontName="Helvetica-Bold", fontSize=9))
    return drawing


def render(report, *, comparison: dict, previous, step_titles: dict, indicator_labels: dict,
           total_labels: dict, municipality: str) -> bytes:
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["Italic"]
    figures = report.figures or {}
    story = [
        _p(report.title, styles["Title"]),
        _p(_("%(municipality)s, period %(start)s to %(end)s, published on %(published)s.") % {
            "municipality": municipality,
            "start": date_format(report.period_start, "j F Y"),
            "end": date_format(report.period_end, "j F Y"),
            "published": date_format(report.published_at, "j F Y")}, body),
    ]
    if previous is not None:
        story.append(_p(_("Compared with the previous report (%(title)s).") % {
            "title": previous.title}, body))
    story.append(Spacer(1, 4 * mm))

    na = _("not measured yet")
    rows = [[_("Figure"), _("This report"), _("Previous report"), _("Change")]]
    for t in comparison["totals"]:
        rows.append([total_labels.get(t["key"], t["key"]),
                     na if t["value"] is None else t["value"],
                     "–" if t["previous"] is None else t["previous"],
                     "–" if t["delta"] is None else f"{t['delta']:+}"])
    story += [_p(_("Totals for the period"), styles["Heading2"]),
              _table(rows, [70 * mm, 32 * mm, 32 * mm, 26 * mm])]
    if figures.get("hidden"):
        story.append(_p(_("Fewer than %(n)s employees in the selection: the figures are "
                          "hidden.") % {"n": figures.get("min_group")}, small))

    trend = figures.get("trend") or []
    if trend:
        story += [Spacer(1, 4 * mm), _bar_chart(
            _("Hours saved a week"), [w["week"][5:] for w in trend],
            [w["hours"] or 0 for w in trend])]
    groups = figures.get("groups") or []
    if groups:
        story += [Spacer(1, 4 * mm), _bar_chart(
            _("Hours saved in the period per function group"),
            [g["name"][:28] for g in groups], [g["hours"] or 0 for g in groups],
            horizontal=True)]

    for step in comparison["steps"]:
        rows = [[_("Indicator"), _("Measured"), _("Previous report")]]
        for r in step["rows"]:
            rows.append([_p(indicator_labels.get(r["key"], r["key"]), body),
                         _p(na if r["value"] is None else r["value"], body),
                         _p("–" if r["previous"] is None else r["previous"], body)])
        story += [_p(step_titles.get(step["step"], step["step"]), styles["Heading2"]),
                  _table(rows, [60 * mm, 55 * mm, 55 * mm])]

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=report.title, author=municipality,
                            leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, pageCompression=0, invariant=1)
    doc.build(story)
    return out.getvalue()
