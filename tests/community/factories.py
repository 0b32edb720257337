import factory
from django.utils import timezone

from community import services
from community.constants import TopicKind, Visibility
from community.models import Prompt, PromptVersion, Reply, Topic, WeeklyTip
from tests.factories import UserFactory


class PromptFactory(factory.django.DjangoModelFactory):
    """A published prompt for everyone, with its first version (as the service makes it)."""

    class Meta:
        model = Prompt
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Samenvatting maken {n}")
    text = "Vat {{onderwerp}} samen in vijf punten."
    author = factory.SubFactory(UserFactory, roles=["traveller"])
    department = factory.SelfAttribute("author.department")
    visibility = Visibility.EVERYONE
    is_published = True

    class Params:
        private = factory.Trait(visibility=Visibility.PRIVATE)
        for_department = factory.Trait(visibility=Visibility.DEPARTMENT)
        draft = factory.Trait(is_published=False)

    @factory.post_generation
    def first_version(self, create, extracted, **kwargs):
        if create:
            PromptVersion.objects.create(prompt=self, number=1, title=self.title,
                                         text=self.text, created_by=self.author)
            services._update_search_vector(self)  # as prompt_create does (PostgreSQL only)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    kind = TopicKind.QUESTION
    title = factory.Sequence(lambda n: f"Vraag {n} over Copilot")
    body = "Hoe maak ik **actiepunten**?"
    author = factory.SubFactory(UserFactory, roles=["traveller"])


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory, roles=["traveller"])
    body = "Vraag om een tabel met eigenaar en datum."


class WeeklyTipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyTip

    title = factory.Sequence(lambda n: f"Tip {n}")
    body = "Controleer altijd de bronnen."
    publish_on = factory.LazyFunction(timezone.localdate)
    author = factory.SubFactory(UserFactory, roles=["agency_staff"])

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))
