"""Pages of the analysis app: dashboards with downloads (rake.analysis.views) and, for coordinators,
keywords and emerging themes (rake.analysis.theme_views)."""

from django.urls import path

from . import theme_views, views

app_name = "analysis"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/download/<slug:table>.<slug:fmt>", views.dashboard_download, name="dashboard_download"),
    path("themes/", theme_views.themes, name="themes"),
]
