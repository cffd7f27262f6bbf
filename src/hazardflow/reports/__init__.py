"""Reports from the store: the monthly 调度表 and the 重大隐患（重点隐患）清单, their renderers, the state diagrams.

May import the store and the domain below it; only cli and bdd import it.
"""

from hazardflow.reports.dispatch import DispatchRow, DispatchTable, dispatch_table
from hazardflow.reports.register import RegisterRow, RegisterTable, register

__all__ = ["DispatchRow", "DispatchTable", "RegisterRow", "RegisterTable", "dispatch_table", "register"]
