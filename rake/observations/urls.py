from django.urls import path

from . import views

app_name = "observations"
urlpatterns = [
    path("new/", views.observation_new, name="new"),
    path("mine/", views.observation_mine, name="mine"),
    path("mine/notifications/", views.observation_mine_notifications, name="mine_notifications"),
    path("queue/", views.observation_queue, name="queue"),
    path("<int:pk>/", views.observation_detail, name="detail"),
    path("<int:pk>/edit/", views.observation_edit, name="edit"),
    path("<int:pk>/delete/", views.observation_delete, name="delete"),
    path("<int:pk>/delete-permanently/", views.observation_hard_delete, name="hard_delete"),
    path("<int:pk>/answer/", views.observation_action, {"name": "answer"}, name="answer"),
    path("<int:pk>/action/<slug:name>/", views.observation_action, name="action"),
]
