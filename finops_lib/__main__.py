"""`python -m finops_lib`."""

import os
import sys
import threading

from .cli import main

code = main()
if code and any(t.is_alive() and not t.daemon for t in threading.enumerate()
                if t is not threading.main_thread()):
    # A deadline or a signal ended the command while worker threads still wait on AWS: their
    # calls cannot be cancelled, and waiting for them is what --timeout promised not to do.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
