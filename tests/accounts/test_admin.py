import pytest
from django.urls import reverse

from accounts import services
from accounts.models import GroupJoinRequest, JoinRequestStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["accounts_user", "auth_group", "accounts_groupjoinrequest"]
)
def test_admin_lists_load(superuser_client, collaboration, name):
    services.ensure_group_profile(group=collaboration, title="Collab")
    response = superuser_client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


def test_admin_group_page_edits_the_profile(superuser_client, collaboration):
    services.ensure_group_profile(group=collaboration, title="Collab")

    response = superuser_client.get(
        reverse("admin:auth_group_change", args=[collaboration.pk])
    )

    assert response.status_code == 200
    assert "allow_join_requests" in response.text


def test_admin_approves_join_requests(superuser_client, collaboration, member):
    profile = services.ensure_group_profile(
        group=collaboration, allow_join_requests=True
    )
    join_request = services.request_to_join(profile=profile, user=member)

    response = superuser_client.post(
        reverse("admin:accounts_groupjoinrequest_changelist"),
        {"action": "approve", "_selected_action": [join_request.pk]},
    )

    assert response.status_code == 302
    assert GroupJoinRequest.objects.get().status == JoinRequestStatus.APPROVED
    assert member.groups.filter(pk=collaboration.pk).exists()
