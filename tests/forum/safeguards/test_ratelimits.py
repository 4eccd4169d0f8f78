"""Who is never rate limited is decided by accounts' one "staff or moderator"
rule, registered from above; safeguards itself knows no roles."""

import pytest

from accounts.roles import is_staff_or_moderator
from forum.safeguards import ratelimits
from tests.factories import GroupFactory


def test_the_exemption_is_accounts_one_rule():
    assert ratelimits._exempt == [is_staff_or_moderator]


@pytest.mark.django_db
def test_staff_and_site_moderators_are_exempt(staff, moderator, member, anonymous):
    assert ratelimits.is_exempt(staff)
    assert ratelimits.is_exempt(moderator)
    assert not ratelimits.is_exempt(member)
    assert not ratelimits.is_exempt(anonymous)


@pytest.mark.django_db
def test_a_category_moderator_is_limited_like_any_member(member, category, settings):
    mods = GroupFactory(name="support-mods")
    category.moderator_groups.add(mods)
    member.groups.add(mods)
    settings.FORUM_FLAGS_PER_DAY = [0, 0, 0]
    with pytest.raises(ratelimits.RateLimited, match="limit of 0 flags"):
        ratelimits.check_rate_limit(member, "flag")


@pytest.mark.django_db
def test_the_registered_rule_decides(member, staff, settings, monkeypatch):
    settings.FORUM_FLAGS_PER_DAY = [0, 0, 0]
    monkeypatch.setattr(ratelimits, "_exempt", [lambda user: user.pk == member.pk])
    ratelimits.check_rate_limit(member, "flag")
    with pytest.raises(ratelimits.RateLimited):
        ratelimits.check_rate_limit(staff, "flag")
