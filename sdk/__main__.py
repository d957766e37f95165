"""`python -m westandbyyou.sdk summary --json`: the same CLI as the `westandbyyou` command."""

from .cli import main

raise SystemExit(main())
