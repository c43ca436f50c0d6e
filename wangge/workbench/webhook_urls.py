"""The webhooks pages of departments and platform nodes."""

from django.urls import path

from wangge.workbench.views import webhooks as views

urlpatterns = [
    path("", views.index, name="webhooks"),
    path("<int:pk>/", views.detail, name="webhook"),
    path("<int:pk>/active/", views.set_active, name="webhook_set_active"),
    path("<int:pk>/delete/", views.delete, name="webhook_delete"),
    path("deliveries/<int:pk>/replay/", views.replay, name="webhook_replay"),
]
