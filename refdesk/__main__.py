"""``python -m refdesk``."""

from refdesk.app import main

raise SystemExit(main())
