"""joinedup: one place for health and social care partnerships."""
