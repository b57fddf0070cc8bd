from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from netwerk.accounts import LoginView

from frontend import (
    account_views,
    calendar_views,
    capacity_views,
    case_views,
    coaching_views,
    dataset_views,
    leadership_views,
    library_views,
    measure_views,
    meeting_views,
    notification_views,
    privacy_views,
    room_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profiel/", account_views.profile, name="profile"),
    path("uitnodigingen/", account_views.invite, name="invite"),
    path("uitnodiging/<str:token>/", account_views.accept, name="invitation-accept"),
    path("netwerken/", views.network_list, name="network-list"),
    path("netwerken/<int:pk>/", views.network_detail, name="network-detail"),
    path("meldingen/", notification_views.notification_list, name="notification-list"),
    path(
        "meldingen/instellingen/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
    path("bijeenkomsten/", meeting_views.session_list, name="session-list"),
    path(
        "netwerken/<int:network_pk>/bijeenkomsten/",
        meeting_views.session_list,
        name="session-list",
    ),
    path(
        "netwerken/<int:network_pk>/bijeenkomsten/nieuw/",
        meeting_views.session_create,
        name="session-create",
    ),
    path("bijeenkomsten/<int:pk>/", meeting_views.session_detail, name="session-detail"),
    path("bijeenkomsten/<int:pk>/bewerken/", meeting_views.session_edit, name="session-edit"),
    path("bijeenkomsten/<int:pk>/ruimte/", meeting_views.session_room, name="session-room"),
    path("bijeenkomsten/<int:pk>/agenda.ics", calendar_views.session_ics, name="session-ics"),
    path("bijeenkomsten/agenda/<str:token>.ics", calendar_views.session_feed, name="session-feed"),
    path("bijeenkomsten/agenda/vernieuwen/", calendar_views.renew_feed, name="session-feed-renew"),
    path("bijdragen/regels/", capacity_views.contribution_rules, name="contribution-rules"),
    path(
        "netwerken/<int:network_pk>/bijdragen/",
        capacity_views.ledger,
        name="contribution-ledger",
    ),
    path(
        "netwerken/<int:network_pk>/dashboard/",
        capacity_views.network_dashboard_page,
        name="network-dashboard",
    ),
    path(
        "netwerken/<int:network_pk>/dashboard/export.<str:fmt>",
        capacity_views.network_dashboard_export,
        name="network-dashboard-export",
    ),
    path(
        "scholen/<int:school_pk>/dashboard/",
        capacity_views.school_dashboard_page,
        name="school-dashboard",
    ),
    path(
        "scholen/<int:school_pk>/dashboard/export.<str:fmt>",
        capacity_views.school_dashboard_export,
        name="school-dashboard-export",
    ),
    path("ruimtes/", room_views.room_list, name="room-list"),
    path("ruimtes/<int:pk>/", room_views.room_detail, name="room-detail"),
    path("scholen/", views.school_list, name="school-list"),
    path("scholen/nieuw/", views.school_create, name="school-create"),
    path("scholen/<int:pk>/", views.school_detail, name="school-detail"),
    path("datateams/", views.datateam_list, name="datateam-list"),
    path("datateams/<int:pk>/", views.datateam_detail, name="datateam-detail"),
    path("datateams/<int:datateam_pk>/casus/", case_views.start_case, name="case-start"),
    path("casussen/<int:pk>/", case_views.case_detail, name="case-detail"),
    path("metingen/<int:pk>/", measure_views.measure_detail, name="measure-detail"),
    path("netwerken/<int:network_pk>/bibliotheek/", library_views.library, name="library"),
    path("publicaties/<int:pk>/", library_views.publication_detail, name="publication-detail"),
    path(
        "publicaties/<int:pk>/bespreken/",
        library_views.discuss_publication,
        name="publication-discuss",
    ),
    path("scholen/<int:school_pk>/datasets/", dataset_views.dataset_list, name="dataset-list"),
    path("datasets/<int:pk>/", dataset_views.dataset_detail, name="dataset-detail"),
    path("datasets/<int:pk>/status/", dataset_views.dataset_status, name="dataset-status"),
    path("datasets/<int:pk>/download/", dataset_views.dataset_download, name="dataset-download"),
    path("datacoaches/", coaching_views.coach_list, name="coach-list"),
    path("datacoaches/<int:pk>/", coaching_views.coach_detail, name="coach-detail"),
    path(
        "datacoaches/<int:pk>/zelfevaluatie/",
        coaching_views.self_assessment,
        name="coach-self-assessment",
    ),
    path("datacoaches/<int:pk>/feedback/", coaching_views.give_feedback, name="coach-feedback"),
    path(
        "scholen/<int:school_pk>/leiderschap/",
        leadership_views.overview,
        name="leadership-overview",
    ),
    path(
        "scholen/<int:school_pk>/leiderschap/<str:period>/",
        leadership_views.period_detail,
        name="leadership-period",
    ),
    path("scholen/<int:school_pk>/logboek/", privacy_views.audit_log, name="audit-log"),
    path("mijn-gegevens/", privacy_views.my_data, name="my-data"),
]
