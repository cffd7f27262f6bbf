"""`hazardflow serve`: the HTTP API (`hazardflow.serve`) on uvicorn; needs the ``serve`` extra."""

from __future__ import annotations

import importlib.util
import os

import click

from hazardflow.cli.common import CliError, database_url, db_option, main


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 (the address to listen on)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="端口 (the port)")
@click.option("--synchronous", default="FULL", show_default=True, type=click.Choice(["FULL", "NORMAL"]),
              help="持久性（SQLite）：FULL 断电不丢，NORMAL 进程崩溃不丢 (durability)")
def serve(db: str, host: str, port: int, synchronous: str) -> None:
    """台账的 HTTP 接口（OpenAPI 见 /openapi.json），请求须带令牌（`hazardflow token create`） (the HTTP API)。"""
    if importlib.util.find_spec("uvicorn") is None or importlib.util.find_spec("starlette") is None:
        raise CliError("缺少依赖 (missing extra): pip install 'hazardflow[serve]'")
    import uvicorn

    os.environ["HAZARDFLOW_DB"] = database_url(db)
    os.environ["HAZARDFLOW_SYNCHRONOUS"] = synchronous
    uvicorn.run("hazardflow.serve.app:create_app", factory=True, host=host, port=port, log_level="warning")
