"""Reports from the store: the monthly 调度表, the 重大隐患（重点隐患）清单 and the typical cases, their
layouts (`reports.layout`, one per attachment) and renderers (text, CSV, XLSX, PDF), the state diagrams.

May import the store and the domain below it; only cli and bdd import it.
"""

from hazardflow.reports.cases import CaseList, typical_cases
from hazardflow.reports.diagrams import transitions
from hazardflow.reports.dispatch import DispatchRow, DispatchTable, dispatch_table
from hazardflow.reports.register import RegisterPage, RegisterRow, RegisterTable, register, register_page
from hazardflow.reports.sheet import Sheet, Span, shown
from hazardflow.reports.summary import Count, Overview, Point, overview

__all__ = ["CaseList", "Count", "DispatchRow", "DispatchTable", "Overview", "Point", "RegisterPage", "RegisterRow",
           "RegisterTable", "Sheet", "Span", "dispatch_table", "overview", "register", "register_page", "shown",
           "transitions", "typical_cases"]
