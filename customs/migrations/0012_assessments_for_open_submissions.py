"""Open submissions made before DPIA/IAMA tracking get their to-dos, so clearing them waits
for the assessments as it does for new ones (the rule of customs.assessments.required_kinds,
copied: a migration does not import the app's code)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Submission = apps.get_model("customs", "Submission")
    ImpactAssessment = apps.get_model("customs", "ImpactAssessment")
    rows = []
    for s in Submission.objects.filter(status="open").select_related("session").iterator():
        kinds = []
        if s.dpia_needed:
            kinds.append("dpia")
        if s.proposed_ai_act == "high" or (s.proposed_risk in ("high", "excluded")
                                            and s.affects_decisions):
            kinds.append("iama")
        rows += [ImpactAssessment(submission_id=s.pk, task_id=s.task_id, kind=kind,
                                  owner_id=s.submitted_by_id,
                                  due_date=s.session.date if s.session_id else None)
                 for kind in kinds]
    ImpactAssessment.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("customs", "0011_impact_assessments_four_eyes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
