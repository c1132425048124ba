import pytest
from django.contrib.auth.models import Permission

from tests.factories import ModeratorFactory


@pytest.fixture
def revealer(client, site_pages):
    """A moderator allowed to reveal original texts, logged in."""
    user = ModeratorFactory(username="revealer")
    user.user_permissions.add(Permission.objects.get(codename="view_raw_testimony"))
    client.force_login(user)
    return user
