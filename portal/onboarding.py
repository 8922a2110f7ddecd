"""Joining Beckon as a business: the account and its business in one step."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.services import register_user
from vendors.models import Vendor
from vendors.services import create_vendor, update_vendor


def join_as_vendor(
    *, name: str, email: str, password: str, business_name: str, time_zone: str = ""
) -> tuple[User, Vendor]:
    """A vendor account (as the API's registration makes one) owning a business called
    `business_name`, in the browser's time zone when it sent one."""
    with transaction.atomic():
        user, _token = register_user(
            email=email, password=password, role=User.Role.VENDOR, name=name
        )
        vendor = user.membership.vendor
        changes = {"name": business_name}
        if time_zone:
            changes["time_zone"] = time_zone
            User.objects.filter(pk=user.pk).update(time_zone=time_zone)
        update_vendor(vendor, **changes)
    return user, vendor


def start_business(user: User, business_name: str) -> Vendor:
    """Someone with an account already (a customer, say) starts a business they own."""
    return create_vendor(owner=user, name=business_name, time_zone=user.time_zone)
