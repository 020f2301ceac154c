from django.contrib.auth.forms import AuthenticationForm

from rake.core.forms import HdsFormMixin


class LoginForm(HdsFormMixin, AuthenticationForm):
    """Django's login form with the Helsinki Design System's classes."""
