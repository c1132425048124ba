import pytest
from django.contrib.auth.models import Permission

from tests.factories import CommunicationsFactory, ModeratorFactory, UserFactory


@pytest.fixture
def revealer(client, site_pages):
    """A moderator allowed to reveal original texts, logged in."""
    user = ModeratorFactory(username="revealer")
    user.user_permissions.add(Permission.objects.get(codename="view_raw_testimony"))
    client.force_login(user)
    return user


@pytest.fixture(params=["anonymous", "communications", "staff_without_role"])
def outsider(request, client, site_pages):
    """Someone who may not touch testimonies: nobody, communications staff, or staff with no role; logged in."""
    if request.param == "communications":
        client.force_login(CommunicationsFactory())
    elif request.param == "staff_without_role":
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
    return request.param
