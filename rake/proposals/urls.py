from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("follow-ups/", views.proposal_follow_ups, name="follow_ups"),
    path("new/", views.proposal_new, name="new"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/action/<slug:name>/", views.proposal_action, name="action"),
    # Anyone, no login: a proposal of a published report.
    path("public/<int:pk>/", views.proposal_public, name="public"),
]
