"""The WSGI entry point for production servers: `westandbyyou.service.wsgi:app`."""

from westandbyyou.service import create_app

app = create_app()
