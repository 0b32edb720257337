"""The learning models, taken over from the community app without touching a row.

The tables keep their community_* names (`db_table`), so the models are created in Django's state
only (community 0004 removed them there). The content types move with them: permissions (role
groups, per-user and django-guardian object permissions) and audit entries point at a content
type by id, so renaming its app_label keeps every one of them attached to the same model."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["keyuserprofile", "promptathon", "promptathonchallenge", "promptathonteam",
         "promptathonsubmission", "promptathonvote", "teammembership", "toolkitpage",
         "trainingsession", "trainingregistration"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new, model__in=MOVED)
                .values_list("model", flat=True))
    # A model that already has a content type under the new label (a database that ran the new
    # code before this migration) keeps it; the rest move.
    ContentType.objects.filter(app_label=old, model__in=MOVED).exclude(model__in=taken)\
        .update(app_label=new)
    from django.contrib.contenttypes.models import ContentType as CachedContentType

    CachedContentType.objects.clear_cache()


def content_types_to_learning(apps, schema_editor):
    _relabel(apps, "community", "learning")


def content_types_to_community(apps, schema_editor):
    _relabel(apps, "learning", "community")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('community', '0004_move_learning_to_its_own_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='KeyUserProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('expertise', models.CharField(max_length=300, verbose_name='expertise')),
                        ('appointed_at', models.DateTimeField(auto_now_add=True, verbose_name='appointed at')),
                        ('appointed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='key_user_profile', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'key user',
                        'verbose_name_plural': 'key users',
                        'db_table': 'community_keyuserprofile',
                    },
                ),
                migrations.CreateModel(
                    name='Promptathon',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('held_on', models.DateField(verbose_name='date')),
                        ('submission_deadline', models.DateTimeField(verbose_name='submissions close at')),
                        ('voting_closes_at', models.DateTimeField(verbose_name='voting closes at')),
                        ('team_size', models.PositiveSmallIntegerField(verbose_name='team size')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='organiser')),
                    ],
                    options={
                        'verbose_name': 'promptathon',
                        'verbose_name_plural': 'promptathons',
                        'db_table': 'community_promptathon',
                        'ordering': ['-held_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PromptathonChallenge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('title', models.CharField(max_length=200, verbose_name='challenge')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('promptathon', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='challenges', to='learning.promptathon')),
                    ],
                    options={
                        'verbose_name': 'challenge',
                        'verbose_name_plural': 'challenges',
                        'db_table': 'community_promptathonchallenge',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PromptathonTeam',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='team name')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('promptathon', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='teams', to='learning.promptathon')),
                    ],
                    options={
                        'verbose_name': 'team',
                        'verbose_name_plural': 'teams',
                        'db_table': 'community_promptathonteam',
                        'ordering': ['name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PromptathonSubmission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('prompt', models.TextField(verbose_name='prompt')),
                        ('result', models.TextField(verbose_name='result')),
                        ('submitted_at', models.DateTimeField(auto_now=True, verbose_name='submitted at')),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='learning.promptathonchallenge')),
                        ('published_prompt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='community.prompt')),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='learning.promptathonteam')),
                    ],
                    options={
                        'verbose_name': 'submission',
                        'verbose_name_plural': 'submissions',
                        'db_table': 'community_promptathonsubmission',
                        'ordering': ['challenge__order', 'team__name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PromptathonVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='learning.promptathonchallenge')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='learning.promptathonsubmission')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='promptathon_votes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'community_promptathonvote',
                    },
                ),
                migrations.CreateModel(
                    name='TeamMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('joined_at', models.DateTimeField(auto_now_add=True)),
                        ('promptathon', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='learning.promptathon')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='learning.promptathonteam')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='promptathon_teams', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'community_teammembership',
                        'ordering': ['joined_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ToolkitPage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('section', models.CharField(max_length=100, verbose_name='section')),
                        ('title', models.CharField(max_length=200, unique=True, verbose_name='title')),
                        ('body', models.TextField(help_text='Markdown: headings, lists, links.', verbose_name='text')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'toolkit page',
                        'verbose_name_plural': 'toolkit pages',
                        'db_table': 'community_toolkitpage',
                        'ordering': ['section', 'order', 'title', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('kind', models.CharField(choices=[('introduction', 'Introduction'), ('advanced', 'Advanced'), ('tool', 'Per tool')], default='introduction', max_length=20, verbose_name='kind of training')),
                        ('tool', models.CharField(blank=True, choices=[('copilot_word', 'Copilot in Word'), ('copilot_teams', 'Copilot in Teams'), ('copilot_outlook', 'Copilot in Outlook'), ('copilot_excel', 'Copilot in Excel'), ('copilot_powerpoint', 'Copilot in PowerPoint'), ('copilot_chat', 'Copilot Chat'), ('other', 'Other approved tool')], max_length=30, verbose_name='tool')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('starts_at', models.DateTimeField(db_index=True, verbose_name='starts at')),
                        ('ends_at', models.DateTimeField(verbose_name='ends at')),
                        ('location', models.CharField(blank=True, max_length=200, verbose_name='location')),
                        ('seats', models.PositiveIntegerField(verbose_name='seats')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('trainer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='trainings_given', to=settings.AUTH_USER_MODEL, verbose_name='trainer')),
                    ],
                    options={
                        'verbose_name': 'training session',
                        'verbose_name_plural': 'training sessions',
                        'db_table': 'community_trainingsession',
                        'ordering': ['starts_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingRegistration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('registered', 'Registered'), ('waiting', 'On the waiting list'), ('cancelled', 'Cancelled'), ('attended', 'Attended'), ('absent', 'Absent')], db_index=True, default='registered', max_length=20, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='registered at')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_registrations', to=settings.AUTH_USER_MODEL, verbose_name='employee')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='learning.trainingsession')),
                    ],
                    options={
                        'verbose_name': 'training registration',
                        'verbose_name_plural': 'training registrations',
                        'db_table': 'community_trainingregistration',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='promptathon',
                    constraint=models.CheckConstraint(condition=models.Q(('team_size__gte', 1)), name='promptathon_team_size_min'),
                ),
                migrations.AddConstraint(
                    model_name='promptathon',
                    constraint=models.CheckConstraint(condition=models.Q(('voting_closes_at__gt', models.F('submission_deadline'))), name='promptathon_voting_after_deadline'),
                ),
                migrations.AddConstraint(
                    model_name='promptathonteam',
                    constraint=models.UniqueConstraint(fields=('promptathon', 'name'), name='promptathon_team_name_unique'),
                ),
                migrations.AddConstraint(
                    model_name='promptathonsubmission',
                    constraint=models.UniqueConstraint(fields=('team', 'challenge'), name='promptathon_submission_unique'),
                ),
                migrations.AddConstraint(
                    model_name='promptathonvote',
                    constraint=models.UniqueConstraint(fields=('challenge', 'user'), name='promptathon_vote_unique'),
                ),
                migrations.AddConstraint(
                    model_name='teammembership',
                    constraint=models.UniqueConstraint(fields=('promptathon', 'user'), name='promptathon_member_unique'),
                ),
                migrations.AddConstraint(
                    model_name='trainingsession',
                    constraint=models.CheckConstraint(condition=models.Q(('seats__gte', 1)), name='training_seats_min'),
                ),
                migrations.AddConstraint(
                    model_name='trainingsession',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='training_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='trainingregistration',
                    constraint=models.UniqueConstraint(fields=('session', 'user'), name='training_registration_unique'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_learning, content_types_to_community),
    ]
