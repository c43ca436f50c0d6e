"""The reads of linkage, each starting from the reader's jurisdiction (outsiders: 404)."""
