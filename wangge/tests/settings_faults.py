"""Settings of the servers the fault tests start: the test settings, a recording SMS
channel, and a task queue that takes back a dead worker's tasks after seconds, not minutes."""

import os

from wangge.settings_test import *  # noqa: F403

WANGGE_SMS_BACKEND = "wangge.tests.recording.RecordingSmsBackend"
WANGGE_SMS_OPTIONS = {
    "path": os.environ.get("WANGGE_FAULTS_SMS_LOG", ""),
    "seconds": float(os.environ.get("WANGGE_FAULTS_SMS_SECONDS", "0")),
}
# `retry` (seconds before a task pulled by a worker that never acknowledged it is pulled
# again) must exceed `timeout` (the longest a task may run), as in the real settings.
Q_CLUSTER = {**Q_CLUSTER, "timeout": 4, "retry": 6, "poll": 0.2}  # noqa: F405
