"""Sign-up, tokens, and the signed-in person's own account: read, change, export, delete."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import verification
from accounts.blocks import block_vendor, blocks_of, unblock_vendor
from accounts.export import export_user_data
from accounts.models import VendorBlock
from accounts.serializers import (
    MeSerializer,
    RegisteredSerializer,
    RegisterSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    VendorBlockSerializer,
    VerifyEmailSerializer,
)
from accounts.services import delete_account, register_user
from core.api import ErrorSerializer
from core.errors import Conflict


class Register(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_scope = "auth"

    @extend_schema(request=RegisterSerializer, responses={201: RegisteredSerializer})
    def post(self, request):
        incoming = RegisterSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user, token = register_user(**incoming.validated_data)
        return Response(
            RegisteredSerializer({"user": user, "token": token.key}).data,
            status=status.HTTP_201_CREATED,
        )


class ObtainToken(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        incoming = TokenRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=incoming.validated_data["email"].lower(),
            password=incoming.validated_data["password"],
        )
        if user is None:
            raise ValidationError({"non_field_errors": ["Email or password is not right."]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class Me(APIView):
    throttle_scope = "writes"

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request):
        incoming = MeSerializer(
            request.user, data=request.data, partial=True, context={"request": request}
        )
        incoming.is_valid(raise_exception=True)
        incoming.save()
        return Response(incoming.data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        delete_account(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class Export(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        response = Response(export_user_data(request.user))
        response["Content-Disposition"] = 'attachment; filename="beckon-my-data.json"'
        return response


class VerifyEmail(APIView):
    """Confirm the address with the token from the e-mail (held intents then go out)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_scope = "auth"

    @extend_schema(request=VerifyEmailSerializer, responses=MeSerializer)
    def post(self, request):
        incoming = VerifyEmailSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            user = verification.confirm_email(incoming.validated_data["token"])
        except verification.InvalidToken as error:
            raise ValidationError({"token": [error.message]}) from error
        request.user = user
        return Response(MeSerializer(user, context={"request": request}).data)


class ResendVerification(APIView):
    throttle_scope = "auth"

    @extend_schema(request=None, responses={202: None, 409: ErrorSerializer})
    def post(self, request):
        if request.user.email_verified:
            raise Conflict("Your e-mail is already confirmed.", "already_verified")
        verification.send_verification_email(request.user)
        return Response(status=status.HTTP_202_ACCEPTED)


class BlockList(generics.ListCreateAPIView):
    """The businesses you blocked: never matched with you again."""

    serializer_class = VendorBlockSerializer
    throttle_scope = "writes"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VendorBlock.objects.none()
        return blocks_of(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = block_vendor(self.request.user, serializer.validated_data["vendor"])


class Unblock(APIView):
    throttle_scope = "writes"

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, vendor_id: int):
        if not unblock_vendor(request.user, vendor_id):
            raise NotFound("You have not blocked that business.")
        return Response(status=status.HTTP_204_NO_CONTENT)
