"""Who may act for a vendor business. The membership is read once per request."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from vendors.models import Membership, Vendor


def membership_of(request) -> Membership | None:
    if not hasattr(request, "_beckon_membership"):
        request._beckon_membership = (
            Membership.objects.filter(user_id=request.user.pk).select_related("vendor").first()
            if request.user.is_authenticated
            else None
        )
    return request._beckon_membership


def vendor_of(request) -> Vendor:
    """The business the signed-in person acts for (the permission has checked there is one)."""
    return membership_of(request).vendor


def business_budget(request) -> str:
    """The throttle identity of a rate that is the business's, not each team member's."""
    return f"vendor-{membership_of(request).vendor_id}"


class IsVendorMember(BasePermission):
    message = "Only people working for a vendor business can use the vendor API."

    def has_permission(self, request, view) -> bool:
        return membership_of(request) is not None


class IsVendorOwnerOrReadOnly(BasePermission):
    message = "Only the business's owners can change this; staff can read it."

    def has_permission(self, request, view) -> bool:
        membership = membership_of(request)
        return membership is not None and (request.method in SAFE_METHODS or membership.is_owner)
