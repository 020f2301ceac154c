from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.validators import MaxLengthValidator

from rake.core.forms import HdsFormMixin


class LoginForm(HdsFormMixin, AuthenticationForm):
    """Django's login form with the Helsinki Design System's classes.

    Django only sets the username input's maxlength; a longer username went on to the login lockout, whose
    table refused it (a 500 on PostgreSQL). It is refused here as too long instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class PasswordSetForm(HdsFormMixin, SetPasswordForm):
    """Django's form for a new password (validated by AUTH_PASSWORD_VALIDATORS) with the HDS classes."""
