"""Staff accounts in a role, as a Beheerder would set them up (pleegzorg.roles)."""

from django.contrib.auth.models import Group, User
from django.test import Client

from actions.models import PlanEditor
from municipalities.models import EditorProvince, Province


def staff_in_role(role, provinces=(), plans=(), username=None):
    """A logged-in test Client for a new staff user in `role` ("Lezer", "Redacteur", ...), bound to
    the provinces with these ISO codes and to these plans. The user is `client.user`."""
    user = User.objects.create_user(username or f"{role.lower()}-{len(User.objects.all())}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for iso in provinces:
        EditorProvince.objects.create(user=user, province=Province.objects.get(iso_code=iso))
    for plan in plans:
        PlanEditor.objects.create(user=user, plan=plan)
    client = Client()
    client.force_login(user)
    client.user = user
    return client
