from django.urls import path

from . import views

app_name = "administration"
urlpatterns = [
    path("", views.users, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_detail, name="user"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/password-link/", views.user_password_link, name="user_password_link"),
    path("users/<int:pk>/memberships/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("phenomena/", views.phenomena, name="phenomena"),
    path("phenomena/new/", views.phenomenon_new, name="phenomenon_new"),
    path("phenomena/<int:pk>/", views.phenomenon_edit, name="phenomenon"),
]
