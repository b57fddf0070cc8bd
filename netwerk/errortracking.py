"""Optional error tracking with Sentry (or a self-hosted Sentry, or GlitchTip), on only when
SENTRY_DSN is set.

Schools' data must not leave the platform in an error report: no people's names or ids, no
cookies, no request bodies (pupil-data uploads), no query strings (search terms) and no
local variables of the failing code, which can hold any of these. What remains is the
exception, its stack trace with source lines, the route, and the request id that finds the
request's log lines."""

from __future__ import annotations

import sentry_sdk


def init_error_tracking(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        max_request_body_size="never",
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
    )
