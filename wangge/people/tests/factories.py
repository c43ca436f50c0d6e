import factory

from wangge.people.models import Department, Post, User
from wangge.people.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pass-Word-42")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"部门{n}")
    kind = factory.Sequence(lambda n: f"kind{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    user = factory.SubFactory(UserFactory)
    role = Role.GRID_WORKER


def staff(username: str, role: str, region, department=None) -> User:
    """A user holding one post: the standing people of a test."""
    user = UserFactory(username=username)
    PostFactory(user=user, role=role, region=region, department=department)
    return user
