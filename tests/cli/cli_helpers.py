"""Shared by the CLI tests: the actors' options, the runner's type, the JSON a command printed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result

ENTERPRISE = "沈阳某钢铁公司"
STAFF = ("--by", "张三", "--role", "企业", "--org", ENTERPRISE)
PRINCIPAL = ("--by", "李四", "--role", "PRINCIPAL", "--org", ENTERPRISE)
INSPECTOR = ("--by", "王五", "--role", "监管部门", "--org", "沈阳市应急管理局")

Run = Callable[..., Result]


def data(result: Result) -> Any:
    """The JSON a command printed."""
    return json.loads(result.stdout)
