"""The Algoritmeregister and the council's progress report: a register entry for most cleared
tasks in use (mostly published, some ready or still a draft, a few withdrawn), and one
published progress report made by the app's own service from the generated figures."""

import json
from datetime import timedelta

from .common import USABLE

STATES = (("published", 70), ("ready", 10), ("draft", 15), ("withdrawn", 5))
THEMES = ("Organisatie en bedrijfsvoering", "Wonen", "Openbare orde en veiligheid",
          "Economie", "Ruimte en infrastructuur")
OTHER = "Overige algoritmes (Categorie C)"


class RegisterMixin:
    def register_entries(self):
        rng, db = self.rng, self.db
        states, weights = zip(*STATES, strict=True)
        officers = self.officers
        rows = []
        for task in self.tasks.values():
            if task["status"] not in USABLE or task["last_clearance"] is None \
                    or rng.random() < 0.2:
                continue
            state = rng.choices(states, weights)[0]
            cleared = task["first_clearance"]
            ready = cleared + timedelta(days=rng.randint(1, 10)) if state != "draft" else None
            ready = min(ready, self.now) if ready else None
            published = min(ready + timedelta(days=rng.randint(1, 5)), self.now) \
                if state in ("published", "withdrawn") else None
            withdrawn = min(published + timedelta(days=rng.randint(5, 60)), self.now) \
                if state == "withdrawn" else None
            snapshot = task["snapshot"]
            name = f"{task['work']} met {snapshot['tool_label']}"[:99]
            rows.append((
                task["id"], state, name,
                f"Medewerkers gebruiken {snapshot['tool_label']} bij: {task['work'].lower()}. "
                "Een medewerker controleert elke uitkomst.",
                json.dumps([rng.choice(THEMES)]), "In gebruik",
                cleared.astimezone(self.tz).strftime("%Y-%m"), "",
                "https://www.bench.example/contact", "", OTHER, "",
                "Tijd besparen bij routinewerk.", "De douane woog voor- en nadelen.",
                "Een medewerker beoordeelt en past de uitkomst aan.",
                task["rationale"] or "Maatregelen van de douane.", "", "", "", "", "", "",
                "", snapshot["data_involved"], "", "", "Een taalmodel stelt tekst voor.",
                "Microsoft", "", task["work"].lower(),
                ready, officers[0] if ready else None, published,
                officers[0] if published else None, withdrawn,
                officers[0] if withdrawn else None,
                "Niet meer in gebruik." if withdrawn else "",
                cleared, withdrawn or published or ready or cleared))
        db.copy("algoritmeregister_registerentry", (
            "task_id", "state", "name", "description_short", "theme", "status", "start_date",
            "end_date", "contact", "link", "publication_category", "source_link",
            "purpose_and_impact", "considerations", "human_intervention", "risk_management",
            "legal_basis", "legal_basis_link", "legal_basis_title", "processing_register_link",
            "impact_assessments", "impact_assessment_link", "impact_assessment_explanation",
            "data", "data_source_link", "data_source_title", "technical_operation", "supplier",
            "source_code_link", "search_terms", "ready_at", "ready_by_id", "published_at",
            "published_by_id", "withdrawn_at", "withdrawn_by_id", "withdraw_reason",
            "created_at", "updated_at"), rows)
        self.log(f"register: {len(rows)} entries")

    def progress_report(self):
        """One published report for the last quarter, through the app's service (after the
        roll-ups: its figures are the dashboard's)."""
        from impact.services.reports import progress_report_publish
        from reisbureau.models import User

        actor = User.objects.get(pk=self.bench["agency_staff"])
        progress_report_publish(actor=actor, period_start=self.today - timedelta(days=90),
                                period_end=self.today, title="Voortgang kwartaal")
        self.db.counts["impact_progressreport"] = 1
