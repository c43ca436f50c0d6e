"""SMS providers for tests: one that records what it was given, one that always fails."""

from wangge.notifications.channels import Channel


class RecordingSmsBackend(Channel):
    """Keeps every message it is given in `sent`, class-wide, in order."""

    sent: list[tuple[str, str]] = []

    def send(self, address: str, body: str, *, subject: str = "") -> None:
        type(self).sent.append((address, body))


class ProviderDown(Exception):
    """The SMS provider refused the connection."""


class FailingSmsBackend(Channel):
    """A provider that is down."""

    def send(self, address: str, body: str, *, subject: str = "") -> None:
        raise ProviderDown("gateway 10.0.0.9 refused the connection")
