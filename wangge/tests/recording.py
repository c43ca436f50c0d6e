"""An SMS channel that writes what it sends to a file: what the fault tests count."""

import os
import time

from wangge.notifications.channels import Channel


class RecordingSmsBackend(Channel):
    """Appends `start <body>` before and `sent <body>` after each send, `seconds` apart.

    Each line is one `write` to a file opened for appending, so lines of two processes do
    not mix. A `start` without its `sent` is a send that was cut off.
    """

    def __init__(self, path: str = "", seconds: float = 0.0, **options) -> None:
        self.path = path
        self.seconds = seconds

    def send(self, address: str, body: str, *, subject: str = "") -> None:
        self._line(f"start {body}")
        time.sleep(self.seconds)
        self._line(f"sent {body}")

    def _line(self, text: str) -> None:
        if not self.path:
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"{text}\n".encode())
        finally:
            os.close(fd)
