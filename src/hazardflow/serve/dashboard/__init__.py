"""The county dashboard served by `hazardflow serve` under ``/dashboard``: server-rendered pages
(Jinja2 templates, SVG drawn on the server, every asset in the package, no JavaScript) over the
same Ledger and tokens as the HTTP API, read-only.

Pages: the overview of a jurisdiction on a day (``/dashboard/``), the month's 调度表 as its
attachment prints it (``/dashboard/dispatch``, with XLSX/PDF/CSV from the API's report endpoint),
the 清单 with filters and pages (``/dashboard/register``), one hazard (``/dashboard/hazards/{id}``).

Who is looking: the API's bearer token, sent as ``Authorization: Bearer …`` (scripts, the tests) or,
for a browser, entered once in the login form (``/dashboard/login``), which keeps it in an
``HttpOnly``, ``SameSite=Strict`` cookie scoped to ``/dashboard`` — the token itself, so revoking it
(`hazardflow token revoke`) logs the browser out at once and there is no second credential to keep.
What a token sees is what the API lets it see: an enterprise's people only their enterprise's hazards
(the overview and the 调度表 are 403 for them, as the API's reports are; the 清单 shows only their
rows; another enterprise's hazard page is 403); a department or government the jurisdictions its
token was made for.
"""

from hazardflow.serve.dashboard.pages import dashboard

__all__ = ["dashboard"]
