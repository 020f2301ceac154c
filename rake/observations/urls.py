from django.urls import path

app_name = "observations"
urlpatterns = []
