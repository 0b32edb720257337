"""Submissions from before the AI Act decision aid get an outcome, so every page can show one:
the category and reasons their old questionnaire gave, marked as not assessed with the full
decision aid (submitting the task again assesses it)."""

from django.db import migrations

NOTE = ("Niet beoordeeld met de volledige beslishulp AI-verordening: afgeleid uit de eerdere "
        "vragenlijst. Dien de taak opnieuw in om haar te beoordelen.")


def legacy_outcomes(apps, schema_editor):
    Submission = apps.get_model("customs", "Submission")
    batch = []
    old = Submission.objects.filter(ai_act_outcome={}).only(
        "pk", "proposed_ai_act", "proposal").order_by("pk")
    for submission in old.iterator(chunk_size=2000):
        reasons = (submission.proposal or {}).get("ai_act_reasons") or []
        submission.ai_act_outcome = {
            "category": submission.proposed_ai_act, "roles": [], "duties": [],
            "complete": False, "version": "",
            "reasons": [{"question": "", "answer": "", "text": text, "article": ""}
                        for text in [NOTE, *reasons]]}
        batch.append(submission)
        if len(batch) >= 2000:
            Submission.objects.bulk_update(batch, ["ai_act_outcome"])
            batch = []
    if batch:
        Submission.objects.bulk_update(batch, ["ai_act_outcome"])


class Migration(migrations.Migration):

    dependencies = [
        ("customs", "0008_ai_act_decision_aid"),
    ]

    operations = [
        migrations.RunPython(legacy_outcomes, migrations.RunPython.noop),
    ]
