#!/usr/bin/env python
"""Django's command-line utility; `joinedup` wraps the commands a user needs."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
