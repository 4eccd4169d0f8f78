from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("about", views.about, name="about"),
    path("admin/dashboard/", views.dashboard, name="dashboard"),
    path("admin/dashboard/<slug:name>.svg", views.chart, name="chart"),
]
