"""Webhooks: the case moments a department's or a node's own case system subscribes to."""
