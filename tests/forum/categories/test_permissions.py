import pytest

from accounts.models import User
from forum.categories.models import Access, CategoryPermission
from forum.categories.permissions import category_access
from tests.factories import CategoryFactory, GroupFactory

pytestmark = pytest.mark.django_db


def test_open_category_lets_members_create(member, category):
    access = category_access(member)
    assert category.id in access.can_create


def test_visitors_may_read_but_never_write(anonymous, category):
    access = category_access(anonymous)
    assert category.id in access.visible
    assert category.id not in access.can_reply


def test_restricted_category_invisible_to_outsiders(member, restricted_category):
    assert restricted_category.id not in category_access(member).visible


def test_restricted_category_visible_to_group_member(
    member, collaboration, restricted_category
):
    member.groups.add(collaboration)
    assert restricted_category.id in category_access(member).can_create


def test_staff_see_every_category(staff, restricted_category):
    assert restricted_category.id in category_access(staff).can_create


def test_read_only_everyone_with_group_writers(member, category):
    writers = GroupFactory(name="writers")
    CategoryPermission.objects.create(category=category, group=None, access=Access.SEE)
    CategoryPermission.objects.create(
        category=category, group=writers, access=Access.CREATE
    )
    access = category_access(member)
    assert category.id in access.visible
    assert category.id not in access.can_reply


def test_subcategory_never_more_open_than_parent(member, restricted_category):
    child = CategoryFactory(parent=restricted_category)
    assert child.id not in category_access(member).visible


def test_permission_change_takes_effect_at_once(member, category, collaboration):
    assert category.id in category_access(member).visible
    CategoryPermission.objects.create(category=category, group=collaboration)
    fresh = User.objects.get(pk=member.pk)  # a new request: no per-request memo
    assert category.id not in category_access(fresh).visible


def test_joining_group_takes_effect_at_once(member, collaboration, restricted_category):
    category_access(member)
    member.groups.add(collaboration)
    fresh = User.objects.get(pk=member.pk)
    assert restricted_category.id in category_access(fresh).visible
