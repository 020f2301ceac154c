"""validated_body: DRF's answers for a request body, with one serializer instance per class (ADR 0010)."""

import pytest
from django.utils import translation
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from rake.core.api import validated_body
from rake.core.errors import ValidationError


class Body(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(required=False, min_value=1)
    tags = serializers.ListField(child=serializers.CharField(), required=False, max_length=2)


def request_with(data):
    factory_request = APIRequestFactory().post("/", data, format="json")
    return APIView().initialize_request(factory_request)


def drf_answer(data):
    serializer = Body(data=data)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    return serializer.errors


def answer(data):
    try:
        return validated_body(Body, request_with(data))
    except DrfValidationError as refused:
        return refused.detail


@pytest.mark.parametrize("data", [
    {"name": "abc"},
    {"name": "abc", "count": "3", "tags": ["x"]},
    {"name": "too long"},
    {"count": 0},
    {"name": "abc", "tags": ["x", "y", "z"]},
    {"name": ["not", "text"], "count": "many"},
])
def test_the_same_answers_as_is_valid(data):
    assert answer(data) == drf_answer(data)


def test_one_refusal_does_not_leak_into_the_next_answer():
    assert "name" in answer({"name": "too long"})
    assert answer({"name": "ok"}) == {"name": "ok"}
    assert answer({"count": "x"}) == drf_answer({"count": "x"})


def test_anything_but_an_object_is_refused():
    with pytest.raises(ValidationError) as refused:
        validated_body(Body, request_with(["name"]))

    assert list(refused.value.field_errors) == ["non_field_errors"]


def test_each_language_gets_its_own_messages():
    """DRF formats a length message once and keeps the text: a shared instance would answer every user
    in the language of the first refusal it gave."""
    too_long = {"name": "too long", "tags": ["x", "y", "z"]}
    answers = {}
    for language in ("fi", "sv", "en", "fi"):
        with translation.override(language):
            answers.setdefault(language, []).append(
                {field: [str(message) for message in messages] for field, messages in answer(too_long).items()})

    assert answers["en"] == [{"name": ["Ensure this field has no more than 5 characters."],
                              "tags": ["Ensure this field has no more than 2 elements."]}]
    assert answers["sv"][0]["tags"] == ["Det här fältet får ha högst 2 element."]
    assert answers["fi"][0]["tags"] == ["Tässä kentässä saa olla enintään 2 kohdetta."]
    assert answers["fi"][0] == answers["fi"][1]
    assert len({str(answer_) for answer_ in (answers["fi"][0], answers["sv"][0], answers["en"][0])}) == 3
