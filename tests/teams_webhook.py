"""A webhook receiver on loopback for the Teams tests: a real HTTP server in a thread that
records every POST and answers from a script (status, headers, delay), then 202."""

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEST_TEAMS_SETTINGS = {
    "TEAMS_WEBHOOK_HOSTS": ["127.0.0.1"], "TEAMS_WEBHOOK_SCHEMES": ("http", "https"),
    "TEAMS_TIMEOUT_SECONDS": 0.5, "TEAMS_MAX_ATTEMPTS": 3, "TEAMS_BACKOFF_SECONDS": 30,
    "TEAMS_ENQUEUE_GRACE_SECONDS": 60,
}


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []
        self.script: list[tuple] = []  # (status, headers, delay); then 202 for ever
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        port = self.server_address[1]
        return f"http://127.0.0.1:{port}/workflows/abc/triggers/manual?sig=SECRETSIG"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server: Recorder = self.server
        with server.lock:
            status, headers, delay = server.script.pop(0) if server.script else (202, {}, 0)
            server.received.append({"path": self.path, "body": json.loads(body),
                                    "content_type": self.headers.get("Content-Type"),
                                    "answered": status})
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass

    def log_message(self, *args):
        pass


@contextmanager
def webhook_server(settings):
    """Start a Recorder and let the portal post to loopback over http (test settings only)."""
    settings.REISBUREAU = {**settings.REISBUREAU, **TEST_TEAMS_SETTINGS}
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
