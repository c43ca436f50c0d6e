"""The writers of linkage: one module per mechanism, each write one transaction."""
