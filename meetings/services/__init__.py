"""Every change to network sessions goes through these services."""

from meetings.services.calendar import calendar_feed_of, renew_calendar_feed
from meetings.services.records import (
    give_feedback,
    record_attendance,
    record_decision,
    remove_attendance,
    remove_decision,
    set_attendance,
    take_up_decision,
    update_decision,
    write_minutes,
)
from meetings.services.sessions import (
    SessionChanges,
    add_agenda_item,
    move_agenda_item,
    plan_session,
    present_case,
    remove_agenda_item,
    remove_presented_case,
    update_agenda_item,
    update_session,
)

__all__ = [
    "SessionChanges",
    "add_agenda_item",
    "calendar_feed_of",
    "give_feedback",
    "move_agenda_item",
    "plan_session",
    "present_case",
    "record_attendance",
    "record_decision",
    "remove_agenda_item",
    "remove_attendance",
    "remove_decision",
    "remove_presented_case",
    "renew_calendar_feed",
    "set_attendance",
    "take_up_decision",
    "update_agenda_item",
    "update_decision",
    "update_session",
    "write_minutes",
]
