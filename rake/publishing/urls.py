from django.urls import path

from . import views

app_name = "publishing"

_VERSION = "public/<str:county>/reports/<int:pk>/v<int:number>"

urlpatterns = [
    # The report builder: coordinators of the county.
    path("reports/", views.builder_list, name="list"),
    path("reports/new/", views.builder_new, name="new"),
    path("reports/<int:pk>/", views.builder_edit, name="edit"),
    path("reports/<int:pk>/preview/", views.builder_preview, name="preview"),
    path("reports/<int:pk>/quotes/", views.builder_quotes, name="quotes"),
    path("reports/<int:pk>/quotes/<int:quote_pk>/approve/", views.builder_quote_action, {"action": "approve"},
         name="quote_approve"),
    path("reports/<int:pk>/quotes/<int:quote_pk>/remove/", views.builder_quote_action, {"action": "remove"},
         name="quote_remove"),
    path("reports/<int:pk>/publish/", views.builder_publish, name="publish"),
    # Published reports: anyone, no login.
    path("public/", views.public_index, name="public_index"),
    path("public/<str:county>/", views.public_county, name="public_county"),
    path(f"{_VERSION}/", views.public_version, name="public_version"),
    path(f"{_VERSION}.pdf", views.public_version_pdf, name="public_version_pdf"),
    path(f"{_VERSION}/infographic.svg", views.public_infographic, {"fmt": "svg"}, name="public_infographic_svg"),
    path(f"{_VERSION}/infographic.png", views.public_infographic, {"fmt": "png"}, name="public_infographic_png"),
    path(f"{_VERSION}/tables/<slug:slug>.csv", views.public_table, {"fmt": "csv"}, name="public_table_csv"),
    path(f"{_VERSION}/tables/<slug:slug>.xlsx", views.public_table, {"fmt": "xlsx"}, name="public_table_xlsx"),
]
