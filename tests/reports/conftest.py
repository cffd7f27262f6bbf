"""Report fixtures: the store's back ends (a fresh SQLite file, a fresh PostgreSQL database), so that
the reports' SQL runs on both."""

from store.conftest import pg_url, sqlite_url, url

__all__ = ["pg_url", "sqlite_url", "url"]
