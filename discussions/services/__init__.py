"""Everything that changes a room. Pages, the API, the websocket consumer and the admin
all call these functions; each validates, saves in a transaction and emits its domain
event (discussions.events), which the live broadcast hears after commit.

rules      the checks every service shares, each written once
rooms      opening, closing and reading rooms
posting    posting a message: the one place that holds the posting rules
messages   editing, deleting, reacting to and pinning a message
proposals  proposals and endorsements
polls      decisions: polls, votes and outcomes
topics     topics: resolving, muting, moving messages between them
moderation reports, hiding, removing someone from a room, pinning
adoptions  adoptions into a chosen cycle, and their outcomes (told and measured)
"""

from discussions.services.adoptions import (
    ADOPTED_ACTION_DAYS,
    NewCycle,
    adopt_proposal,
    create_case_study_action,
    evaluate_adoption,
    record_measured_outcomes,
)
from discussions.services.history import (
    HISTORY_WINDOW,
    MAX_HISTORY_WINDOW,
    Window,
    history_window,
)
from discussions.services.messages import delete_message, edit_message, react
from discussions.services.moderation import (
    hide_message,
    pin_message,
    remove_member,
    report_message,
)
from discussions.services.polls import NewOption, close_poll, create_poll, vote, voter_key
from discussions.services.posting import (
    Posted,
    apost_message,
    confirm_message,
    held_drafts,
    post_message,
)
from discussions.services.proposals import (
    Created,
    VersionConflict,
    create_proposal,
    edit_proposal,
    endorse_proposal,
    mark_worked_out,
)
from discussions.services.rooms import (
    SYNC_BATCH,
    archive_room,
    close_room,
    messages_after,
    open_case_room,
    open_session_room,
    open_theme_room,
    reopen_room,
)
from discussions.services.rules import (
    FINDING_LABELS,
    MAX_BODY_CHARS,
    MAX_CLIENT_ID_CHARS,
    MAX_EMOJI_CHARS,
    MAX_MENTIONS,
    MAX_TITLE_CHARS,
    RoomError,
    hold_seconds,
    personal_data_in,
)
from discussions.services.topics import (
    GENERAL,
    TopicSummary,
    clean_topic,
    move_messages,
    mute_topic,
    resolve_topic,
    topics_of,
)

__all__ = [
    "ADOPTED_ACTION_DAYS",
    "FINDING_LABELS",
    "GENERAL",
    "HISTORY_WINDOW",
    "MAX_BODY_CHARS",
    "MAX_CLIENT_ID_CHARS",
    "MAX_EMOJI_CHARS",
    "MAX_HISTORY_WINDOW",
    "MAX_MENTIONS",
    "MAX_TITLE_CHARS",
    "SYNC_BATCH",
    "Created",
    "NewCycle",
    "NewOption",
    "Posted",
    "RoomError",
    "TopicSummary",
    "VersionConflict",
    "Window",
    "adopt_proposal",
    "apost_message",
    "archive_room",
    "clean_topic",
    "close_poll",
    "close_room",
    "confirm_message",
    "create_case_study_action",
    "create_poll",
    "create_proposal",
    "delete_message",
    "edit_message",
    "edit_proposal",
    "endorse_proposal",
    "evaluate_adoption",
    "held_drafts",
    "hide_message",
    "history_window",
    "hold_seconds",
    "mark_worked_out",
    "messages_after",
    "move_messages",
    "mute_topic",
    "open_case_room",
    "open_session_room",
    "open_theme_room",
    "personal_data_in",
    "pin_message",
    "post_message",
    "react",
    "record_measured_outcomes",
    "remove_member",
    "reopen_room",
    "report_message",
    "resolve_topic",
    "topics_of",
    "vote",
    "voter_key",
]
