import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.safeguards.errors import status_for
from forum.safeguards.ratelimits import RateLimited


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ValidationError("Too short."), 400),
        (PermissionDenied("Closed."), 403),
        (RateLimited("You have reached the limit.", retry_after=60), 429),
    ],
)
def test_each_service_error_has_its_status(error, status):
    assert status_for(error) == status


def test_an_unexpected_error_is_not_given_a_status():
    with pytest.raises(TypeError, match="KeyError"):
        status_for(KeyError("x"))
