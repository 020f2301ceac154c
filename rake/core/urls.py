from django.http import HttpResponse
from django.urls import path

app_name = "core"
urlpatterns = [path("", lambda request: HttpResponse("Rake"), name="home")]
