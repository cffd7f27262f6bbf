"""`hazardflow serve`: the HTTP API over the Ledger (the optional ``serve`` extra: Starlette, uvicorn).

Uses only the public API (`hazardflow`) and its JSON functions; see `app` for the routes.
"""
