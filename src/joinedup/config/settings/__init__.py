"""Settings by environment: ``dev`` (the default), ``test`` and ``production``."""
