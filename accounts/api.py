"""Sign-up, tokens, and the signed-in person's own account: read, change, export, delete."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.export import export_user_data
from accounts.serializers import (
    MeSerializer,
    RegisteredSerializer,
    RegisterSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from accounts.services import delete_account, register_user


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
