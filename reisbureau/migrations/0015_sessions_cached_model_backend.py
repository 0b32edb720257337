"""Sessions signed in through Django's ModelBackend name it; its place in AUTHENTICATION_BACKENDS
went to reisbureau.auth_backends.CachedModelBackend (the same sign-in, permissions cached), and
Django signs out a session whose backend is no longer listed. Rename it in the live sessions, so
nobody is signed out by the upgrade (and back, when migrating backwards)."""

from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "reisbureau.auth_backends.CachedModelBackend"


def _rename(apps, schema_editor, old, new):
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    session_model = apps.get_model("sessions", "Session")
    alias = schema_editor.connection.alias
    store = SessionStore()
    changed = []
    live = session_model.objects.using(alias).filter(expire_date__gt=timezone.now())
    for session in live.iterator(chunk_size=2000):
        data = store.decode(session.session_data)  # {} when unreadable: left as it is
        if data.get("_auth_user_backend") == old:
            data["_auth_user_backend"] = new
            session.session_data = store.encode(data)
            changed.append(session)
    session_model.objects.using(alias).bulk_update(changed, ["session_data"], batch_size=1000)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("reisbureau", "0014_teams"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
