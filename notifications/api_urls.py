"""Notification API routes, included under /api/ by netwerk.urls."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from notifications import api

router = SimpleRouter()
router.register("notifications", api.NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/todo/", api.Todo.as_view(), name="api-my-todo"),
    path(
        "notification-preferences/",
        api.NotificationPreferences.as_view(),
        name="api-notification-preferences",
    ),
    *router.urls,
]
