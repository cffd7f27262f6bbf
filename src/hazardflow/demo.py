"""The in-memory demonstration: a handful of hazards through the loop, with their histories.

Deterministic: fixed actors and dates (2023, 沈应急发〔2023〕27号's campaign year), no clock read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import hazardflow as hf

ENTERPRISE = "沈阳某钢铁公司"
STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE)
CHECKER = hf.Actor("赵六", hf.Role.ENTERPRISE, ENTERPRISE)
PRINCIPAL = hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE)
INSPECTOR = hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局")
DISTRICT = hf.Actor("钱七", hf.Role.DEPARTMENT, "铁西区应急管理局")


def t(month: int, day: int, hour: int = 9) -> datetime:
    """A moment of 2023 in Beijing time."""
    return hf.at_date(date(2023, month, day), hour)


def _scenarios() -> list[tuple[str, Callable[[], hf.Hazard]]]:
    def found(description: str, level: hf.Level, source: hf.Source = hf.Source.SELF_CHECK,
              by: hf.Actor = STAFF) -> hf.Hazard:
        return hf.Hazard.found(description=description, level=level, source=source, enterprise=ENTERPRISE,
                               sector="金属冶炼", unit="铁西区", at=t(6, 1, 9), by=by)

    def major_closed() -> hf.Hazard:
        h = found("煤气柜未设置一氧化碳泄漏报警", hf.Level.MAJOR)
        h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=t(6, 1, 10), by=PRINCIPAL)
        plan = hf.Plan("李四", "加装一氧化碳报警仪并联网", Decimal("50000"), date(2023, 6, 30), "煤气泄漏应急预案")
        h.assign(plan=plan, at=t(6, 2, 9), by=PRINCIPAL)
        h.rectify(at=t(6, 5, 9), by=STAFF)
        h.submit(evidence="已加装报警仪并接入监控平台", at=t(6, 20, 9), by=STAFF)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=t(6, 20, 10), by=PRINCIPAL)
        h.close(at=t(6, 25, 9), by=INSPECTOR)
        return h

    def general_on_spot() -> hf.Hazard:
        h = found("配电箱门未关闭", hf.Level.GENERAL)
        h.fix_on_spot(measures="已关闭并上锁", at=t(6, 1, 10), by=STAFF)
        h.close(at=t(6, 1, 11), by=CHECKER)
        return h

    def listed_and_rejected() -> hf.Hazard:
        h = found("转炉煤气回收系统未设置隔断装置", hf.Level.MAJOR, hf.Source.DEPARTMENT, INSPECTOR)
        h.report(kind=hf.ReportKind.FOUND, to="铁西区应急管理局", at=t(6, 1, 10), by=PRINCIPAL)
        h.list_for_supervision(title="关于对沈阳某钢铁公司重大事故隐患挂牌督办的通知", number="铁应急督〔2023〕3号",
                               at=t(6, 2, 9), by=DISTRICT)
        h.assign(plan=hf.Plan("李四", "设置隔断水封", Decimal("120000"), date(2023, 7, 31), "煤气中毒应急预案"),
                 at=t(6, 3, 9), by=PRINCIPAL)
        h.rectify(at=t(6, 5, 9), by=STAFF)
        h.submit(evidence="已设置隔断水封", at=t(7, 20, 9), by=STAFF)
        h.reject(reason="水封高度不足", at=t(7, 22, 9), by=DISTRICT)
        return h

    return [("重大事故隐患：自查、双报告、五落实、监管部门验收销号", major_closed),
            ("一般事故隐患：即查即改、签名验收", general_on_spot),
            ("部门检查发现的重大事故隐患：挂牌督办、验收不合格退回", listed_and_rejected)]


def run_in_memory(echo: Callable[[str], None]) -> None:
    """Drive the demonstration hazards and print each history, then show a refusal with its rules."""
    for title, scenario in _scenarios():
        h = scenario()
        echo(f"\n【{title}】{h.description}（{h.level.label}，当前阶段：{h.stage.label}）")
        for e in h.events:
            echo(f"  {e.at:%Y-%m-%d %H:%M}  {hf.TRIGGER_LABELS[e.trigger]:<8} "
                 f"{e.from_stage.label if e.from_stage else '—'} → {e.to_stage.label}  {e.actor}")
    refused = hf.Hazard.found(description="有限空间作业未检测气体", level=hf.Level.MAJOR, source=hf.Source.SELF_CHECK,
                              enterprise=ENTERPRISE, sector="有限空间", unit="铁西区",
                              at=t(6, 1, 9), by=STAFF)
    echo("\n【规则拒绝示例】重大事故隐患未报告、方案缺资金即交办：")
    for reason in refused.why_not("assign", at=t(6, 2, 9), by=PRINCIPAL,
                                  plan=hf.Plan("李四", "作业前检测", None, date(2023, 6, 10), "有限空间应急预案")):
        echo(f"  {reason}")
