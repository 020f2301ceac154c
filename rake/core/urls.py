from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("admin-tools/audit/", views.audit_log, name="audit"),
    path("admin-tools/status/", views.status, name="status"),
]
