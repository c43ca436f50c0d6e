"""A unit's case system in miniature: an HTTP server on 127.0.0.1 (a random port) that
verifies each signature as the README tells receivers to, and applies each event id once.

`answers` lists the status codes of the next requests (then 200): a 500 after applying
is a receiver that crashed before answering, the case its event-id dedup is for.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wangge.webhooks.signing import verify_signature


class Receiver:
    def __init__(self):
        self.secrets: dict[str, str] = {}
        self.answers: list[int] = []
        self.seen: list[dict] = []  # every request: path, event id, headers, verified
        self.applied: dict[str, dict] = {}  # event id → payload, once each
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> Receiver:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def receive(self, path: str, headers, body: bytes) -> int:
        verified = verify_signature(
            self.secrets.get(path, ""),
            headers.get("X-Wangge-Timestamp", ""),
            body,
            headers.get("X-Wangge-Signature", ""),
            now=time.time(),
        )
        event_id = headers.get("X-Wangge-Event-Id", "")
        with self._lock:
            self.seen.append(
                {
                    "path": path,
                    "event_id": event_id,
                    "event": headers.get("X-Wangge-Event", ""),
                    "verified": verified,
                }
            )
            if not verified:
                return 401
            if event_id not in self.applied:
                self.applied[event_id] = json.loads(body)
            return self.answers.pop(0) if self.answers else 200

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.receive(self.path, self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler
