"""Who may act on a hazard, asked of the directory in use (ARCHITECTURE.md principle 8).

With a `Directory` in use (``with directory.in_use(): ...``), every authority rule resolves the actor
to a registered person of a registered organisation and asks: is that organisation competent for the
hazard's sector and jurisdiction (a department supervising the sector over the enterprise's 属地, or
the government or town of that 属地), is it the hazard's own enterprise, the listing organisation, the
enterprise's 职工大会 … An unknown organisation or person is refused ("未在名录中登记"); a refusal says
who would be allowed. With no directory in use the role checks of `guards.py` apply unchanged.

Each function here is the guard the hazard machine runs for its trigger (`lifecycle.TRIGGERS`).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from hazardflow.directory import Directory, Organisation, Person, current
from hazardflow.hazard import guards
from hazardflow.hazard.guards import H2, H4, H5, H6, H7, H8, H9, H10
from hazardflow.hazard.records import Actor, Hazard
from hazardflow.rules import Reason, Rule, guard
from hazardflow.vocab import OrgKind, Position, ReportKind, Role

ACTING: dict[OrgKind, tuple[Position, ...]] = {
    OrgKind.DEPARTMENT: (Position.INSPECTOR, Position.LEADER),
    OrgKind.GOVERNMENT: (Position.LEADER, Position.INSPECTOR),
    OrgKind.TOWN: (Position.LEADER, Position.INSPECTOR),
}
"""Who acts for an authority: a department's 执法人员 or 领导, a government's or town's 领导 (or 执法人员)."""
MANAGING = (Position.PRINCIPAL, Position.SAFETY_MANAGER)
"""Who acts for an enterprise in its hazard's handling: its 主要负责人 or 安全管理人员."""

_ROLE_KINDS: dict[Role, tuple[OrgKind, ...]] = {
    Role.ENTERPRISE: (OrgKind.ENTERPRISE,),
    Role.PRINCIPAL: (OrgKind.ENTERPRISE,),
    Role.DEPARTMENT: (OrgKind.DEPARTMENT,),
    Role.GOVERNMENT: (OrgKind.GOVERNMENT, OrgKind.TOWN),
    Role.EXPERT: (OrgKind.EXPERT_POOL,),
}


@attrs.frozen
class Who:
    """An actor as the directory knows them: the person and their organisation."""

    person: Person
    organisation: Organisation

    @property
    def acts_for_authority(self) -> bool:
        """A person who may act for their department, government or town."""
        return self.person.position in ACTING.get(self.organisation.kind, ())


def names(organisations: Iterable[Organisation]) -> str:
    """The organisations' names for a message, or a note that the directory has none."""
    return "、".join(o.name for o in organisations) or "（名录中没有）"


def identify(d: Directory, by: Actor, rule: Rule) -> Who | Reason:
    """The registered person ``by`` is, or the refusal under ``rule``: unregistered, or not in the role claimed."""
    organisation = d.organisation(by.organisation)
    if organisation is None:
        return rule.reason(f"{by.organisation}未在名录中登记，{by.name}不能以{by.role.label}身份办理")
    person = d.resolve(by)
    if person is None:
        return rule.reason(f"{by.name}未在名录中登记为{by.organisation}的人员，不能办理")
    if organisation.kind not in _ROLE_KINDS[by.role] or (by.role is Role.PRINCIPAL
                                                         and person.position is not Position.PRINCIPAL):
        return rule.reason(f"{by.name}在名录中是{organisation.name}（{organisation.kind.label}）的"
                           f"{person.position.label}，不能以{by.role.label}身份办理")
    return Who(person, organisation)


@attrs.frozen
class Scene:
    """The hazard as the directory places it: its enterprise, and who is competent for it."""

    enterprise: Organisation
    departments: tuple[Organisation, ...]
    governments: tuple[Organisation, ...]
    congress: Organisation | None

    @property
    def authorities(self) -> tuple[Organisation, ...]:
        """The competent departments, then the governments and towns of the 属地."""
        return (*self.departments, *self.governments)

    def authority(self, who: Who) -> bool:
        """``who`` acts for a competent department or a government of the 属地."""
        return who.organisation in self.authorities and who.acts_for_authority


def scene(d: Directory, h: Hazard, rule: Rule) -> Scene | Reason:
    """Where ``h`` stands in the directory, or a refusal if its enterprise is not registered."""
    enterprise = d.organisation(h.enterprise)
    if enterprise is None or enterprise.kind is not OrgKind.ENTERPRISE:
        return rule.reason(f"企业{h.enterprise}未在名录中登记，无法确定对其负有安全生产监督管理职责的部门")
    place = enterprise.jurisdiction
    return Scene(enterprise, tuple(d.competent(h.sector, place)), tuple(d.governments(place)),
                 d.congress(h.enterprise))


def _registered(by: Actor, rule: Rule) -> tuple[Directory, Who] | Reason | None:
    """(directory, who ``by`` is) when a directory is in use; the refusal if ``by`` is not registered as
    claimed; None with no directory."""
    d = current()
    if d is None:
        return None
    who = identify(d, by, rule)
    return who if isinstance(who, Reason) else (d, who)


def _resolved(h: Hazard, by: Actor, rule: Rule) -> tuple[Who, Scene] | Reason | None:
    """(who, scene) when a directory is in use; a refusal if either is unknown; None with no directory."""
    got = _registered(by, rule)
    if not isinstance(got, tuple):
        return got
    d, who = got
    where = scene(d, h, rule)
    return where if isinstance(where, Reason) else (who, where)


def _authorities_text(where: Scene, h: Hazard) -> str:
    return (f"对{h.sector}负有安全生产监督管理职责的部门（{names(where.departments)}）"
            f"或属地党委政府（{names(where.governments)}）的执法人员、领导")


# H4 双报告 -------------------------------------------------------------------------------------------

@guard(H4)
def reporter(h: Hazard, by: Actor, kind: ReportKind, to: str) -> Reason | None:
    """H4: with a directory, the enterprise's own people report, to a competent department or (法41) its 职工大会.

    A notice to the workforce (`ReportKind.WORKFORCE`, L1) is no 双报告: its channel is L1's to check."""
    if kind is ReportKind.WORKFORCE:
        return None
    got = _resolved(h, by, H4)
    if not isinstance(got, tuple):
        return got
    who, where = got
    if who.organisation != where.enterprise:
        return H4.reason(f"隐患由{h.enterprise}报告，{by.organisation}{by.name}不能代为报告")
    recipients = [*where.departments, *([where.congress] if where.congress is not None else [])]
    if all(o.name != to for o in recipients):
        return H4.reason(f"{to}不是对{h.sector}负有安全生产监督管理职责的部门或{h.enterprise}的职工大会，"
                         f"应向{names(recipients)}报告")
    return None


def _recipients_missing(h: Hazard, kind: ReportKind, where: Scene) -> list[str]:
    made = h.reports if kind is ReportKind.FOUND else h.reports_since_reopening()
    sent = {r.to for r in made if r.kind is kind}
    missing = []
    if not sent.intersection(o.name for o in where.departments):
        missing.append(f"对{h.sector}负有安全生产监督管理职责的部门（{names(where.departments)}）")
    if where.congress is None:
        missing.append(f"{h.enterprise}的职工大会或职工代表大会（名录中未登记）")
    elif where.congress.name not in sent:
        missing.append(where.congress.name)
    return missing


def _reported(h: Hazard, kind: ReportKind, fallback: Reason | None, when: str) -> Reason | None:
    d = current()
    if d is None or not h.is_major:
        return fallback
    where = scene(d, h, H4)
    if isinstance(where, Reason):
        return where
    missing = _recipients_missing(h, kind, where)
    if missing:
        return H4.reason(f"重大事故隐患{kind.label}尚未报送{'、'.join(missing)}，{when}")
    return None


@guard(H4)
def found_reported(h: Hazard) -> Reason | None:
    """H4: reported when found (with a directory: to a competent department and the 职工大会, 法41)."""
    return _reported(h, ReportKind.FOUND, guards.found_reported(h), "不得交办")


@guard(H4)
def fixed_reported(h: Hazard) -> Reason | None:
    """H4: rectification reported before closing, again after a reopening (with a directory: both recipients)."""
    return _reported(h, ReportKind.FIXED, guards.fixed_reported(h), "不得销号")


# 交办 ------------------------------------------------------------------------------------------------

@guard(H2)
def assigner(h: Hazard, by: Actor) -> Reason | None:
    """交办: with a directory, by the hazard's own enterprise (主要负责人, 安全管理人员) or a competent authority."""
    got = _resolved(h, by, H2)
    if not isinstance(got, tuple):
        return got
    who, where = got
    if (who.organisation == where.enterprise and who.person.position in MANAGING) or where.authority(who):
        return None
    return H2.reason(f"{by.organisation}{by.name}无权交办该隐患；由{h.enterprise}的主要负责人、安全管理人员"
                     f"或{_authorities_text(where, h)}交办")


# H5, H6, H9 验收 -------------------------------------------------------------------------------------

@guard(H5)
def not_responsible(h: Hazard, by: Actor) -> Reason | None:
    """H5: with a directory, the plan's 整改责任人 does not sign the acceptance either."""
    if current() is None or h.plan is None or h.plan.responsible is None:
        return None
    if by.organisation == h.enterprise and by.name == h.plan.responsible.strip():
        return H5.reason(f"{by.name}是整改方案的整改责任人，不得验收自己负责的整改")
    return None


def _accepts(h: Hazard, by: Actor, rule: Rule) -> Reason | None:
    got = _resolved(h, by, rule)
    if not isinstance(got, tuple):
        return got
    who, where = got
    if h.listing is not None and h.listed:
        unit = h.listing.authority.organisation
        if who.organisation.name == unit and who.acts_for_authority:
            return None
        return rule.reason(f"该隐患由{unit}挂牌督办（{h.listing.number}），只能由{unit}的执法人员或领导验收")
    if where.authority(who):
        return None
    if h.is_major or h.key:
        grade = "重大事故隐患" if h.is_major else "需督办的重点隐患"
        if who.organisation == where.enterprise and who.person.position is Position.PRINCIPAL:
            if h.assessment is not None:
                return None
            return rule.reason(f"专家评估意见尚未在案，{h.enterprise}主要负责人不能验收{grade}")
        return rule.reason(f"{grade}由{_authorities_text(where, h)}验收，"
                           f"或在专家评估意见在案后由{h.enterprise}主要负责人验收；{by.organisation}{by.name}无权验收")
    if who.organisation == where.enterprise:
        return None
    return rule.reason(f"一般隐患由{h.enterprise}的人员或{_authorities_text(where, h)}验收，"
                       f"{by.organisation}{by.name}无权验收")


@guard(H6)
def may_close(h: Hazard, by: Actor) -> Reason | None:
    """H6: who accepts and closes — with a directory, competence by sector and 属地; else `guards.may_accept`."""
    return guards.may_accept(h, by) if current() is None else _accepts(h, by, H6)


@guard(H9)
def may_reject(h: Hazard, by: Actor) -> Reason | None:
    """H9: with a directory, a failed acceptance is signed by whoever may accept."""
    return None if current() is None else _accepts(h, by, H9)


@guard(H6)
def assessor(h: Hazard, by: Actor) -> Reason | None:
    """H6: the assessment is an expert's — with a directory, a person of a registered expert pool."""
    d = current()
    if d is None:
        return guards.assessor(by)
    who = identify(d, by, H6)
    if isinstance(who, Reason):
        return who
    if who.organisation.kind is not OrgKind.EXPERT_POOL:
        pools = names(o for o in d.organisations if o.kind is OrgKind.EXPERT_POOL)
        return H6.reason(f"专家评估须由专家库（{pools}）的专家作出，{by.organisation}{by.name}不能出具评估意见")
    return None


# H7, H8 挂牌督办、摘牌、延期 ---------------------------------------------------------------------------

def _authorities_only(h: Hazard, by: Actor, rule: Rule, refusal: str) -> Reason | None:
    """With a directory in use: ``by`` acts for a competent department or the 属地's government, else the
    refusal (``refusal`` formatted with ``who`` and ``allowed``); None with no directory."""
    got = _resolved(h, by, rule)
    if not isinstance(got, tuple):
        return got
    who, where = got
    if where.authority(who):
        return None
    return rule.reason(refusal.format(who=f"{by.organisation}{by.name}", allowed=_authorities_text(where, h)))


def for_unit(by: Actor, unit: str, rule: Rule, refusal: str) -> Reason | None:
    """With a directory in use: ``by`` is a registered 执法人员 or 领导 of ``unit``, else ``refusal``;
    None with no directory."""
    got = _registered(by, rule)
    if not isinstance(got, tuple):
        return got
    _, who = got
    return None if who.organisation.name == unit and who.acts_for_authority else rule.reason(refusal)


@guard(H7)
def lister(h: Hazard, by: Actor) -> Reason | None:
    """H7: a competent department or the 属地's government lists — with a directory; else the role check."""
    if current() is None:
        return guards.listing_authority(by)
    return _authorities_only(h, by, H7, "{who}无权挂牌督办该隐患；由{allowed}挂牌督办")


@guard(H6)
def delister(h: Hazard, by: Actor) -> Reason | None:
    """H6: only the listing organisation delists — with a directory, its 执法人员 or 领导."""
    if current() is None or h.listing is None or not h.listed:
        return guards.delistable(h, by)
    unit = h.listing.authority.organisation
    return for_unit(by, unit, H6, f"只有挂牌单位{unit}的执法人员或领导可以摘牌（{h.listing.number}）")


@guard(H8)
def extender(h: Hazard, by: Actor) -> Reason | None:
    """H8: a major or listed hazard's deadline moves by a competent authority's decision, a general one's also
    by its enterprise's principal — with a directory; else the role check."""
    got = _resolved(h, by, H8)
    if got is None:
        return guards.extension_authority(h, by)
    if isinstance(got, Reason):
        return got
    who, where = got
    if where.authority(who):
        return None
    if h.is_major or h.listed:
        return H8.reason(f"重大事故隐患或挂牌督办隐患的延期由{_authorities_text(where, h)}决定")
    if who.organisation == where.enterprise and who.person.position is Position.PRINCIPAL:
        return None
    return H8.reason(f"一般隐患的延期由{h.enterprise}主要负责人或{_authorities_text(where, h)}决定")


# H10 回头看 ------------------------------------------------------------------------------------------

@guard(H10)
def reviewer(h: Hazard, by: Actor) -> Reason | None:
    """H10: with a directory, a 回头看 is made by a competent department or the 属地's government (沈阳 四(二)3)."""
    return _authorities_only(h, by, H10, "回头看由{allowed}组织，{who}不能重新打开该隐患")
