"""Messages of Django REST framework that its Finnish and Swedish catalogs do not translate.

DRF shows these to API users (validation errors, the throttle's wait) or writes them into the OpenAPI
schema, but the fi and sv catalogs it ships lack them, so they came out in English. Listed here with
gettext_noop so that `make makemessages` keeps them in our catalogs (it drops entries no source file
uses); Django looks up LOCALE_PATHS first, so our translation answers DRF's own gettext call.
`test_framework_messages.py` fails when DRF's catalogs and this list together leave one of them out.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    # Validation errors.
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop('Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Invalid input."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("The number of days must be between {min_days} and {max_days}."),
    gettext_noop("This dictionary may not be empty."),
    # The throttle's 429 adds one of these to "Request was throttled." (DRF translates each as it stands).
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    # Descriptions in the OpenAPI schema.
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("A search term."),
    gettext_noop("A {value_type} identifying this {name}."),
    gettext_noop("Number of results to return per page."),
    gettext_noop("The initial index from which to return the results."),
    gettext_noop("The pagination cursor value."),
    gettext_noop("UUID string"),
    gettext_noop("Which field to use when ordering the results."),
    gettext_noop("unique integer value"),
    gettext_noop("unique value"),
]
