import factory
from django.contrib.auth.models import Group

from reisbureau.models import AgencyStaffing, Department, FunctionGroup, Persona, User


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Afdeling {n}")


class FunctionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunctionGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Functiegroep {n}")


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Persona {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    # Not "medewerkerNN": the demo municipality has medewerker01..60, and a test that builds
    # users on top of the demo would collide with them once the sequence reaches 10.
    email = factory.Sequence(lambda n: f"collega{n}@voorbeeldstad.example")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    department = factory.SubFactory(DepartmentFactory)
    function_group = factory.SubFactory(FunctionGroupFactory)
    password = factory.django.Password("geheim-wachtwoord-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            groups = [Group.objects.get_or_create(name=name)[0] for name in extracted]
            self.groups.set(groups)


class StaffingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyStaffing

    user = factory.SubFactory(UserFactory)
    role = "adviser"
    hours_per_week = 36
