"""Users in each role (the groups made by migration 0004) for the trustworthy-record tests."""

from django.contrib.auth.models import Group, User


def user_in(role, username=None, **extra):
    user = User.objects.create_user(username or role.lower(), password="pw", is_staff=True, **extra)
    if role != "none":
        user.groups.add(Group.objects.get(name=role))
    return user
