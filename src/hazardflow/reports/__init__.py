"""Reports from the store: the monthly 调度表, the 重大隐患（重点隐患）清单 and the typical cases, their
layouts (`reports.layout`, one per attachment) and renderers (text, CSV, XLSX, PDF), the state diagrams.

May import the store and the domain below it; only cli and bdd import it.
"""

from hazardflow.reports.cases import CaseList, typical_cases
from hazardflow.reports.dispatch import DispatchRow, DispatchTable, dispatch_table
from hazardflow.reports.register import RegisterRow, RegisterTable, register

__all__ = ["CaseList", "DispatchRow", "DispatchTable", "RegisterRow", "RegisterTable", "dispatch_table", "register",
           "typical_cases"]
