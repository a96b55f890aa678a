"""The Policy base class: what a policy declares (ID, slug, severity, settings) and yields.

``gate.registry`` lists the policies; subclassing registers nothing.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from gate.findings import DOCS_URL, Finding, Metric, RuleDoc, Severity
from gate.settings import PolicySettings

if TYPE_CHECKING:
    from gate.context import Context

__all__ = ["DOCS_URL", "Policy", "PolicySettings"]


SettingsT = TypeVar("SettingsT", bound=PolicySettings)


class Policy(Generic[SettingsT]):
    """A policy: a stable ID, a slug, a default severity, settings and ``evaluate``.

    The class docstring is the user documentation (``gate explain ID``): first line a
    one-sentence summary, then what it checks, why, how to fix, and its settings.
    """

    id: ClassVar[str]
    slug: ClassVar[str]
    title: ClassVar[str]
    default_severity: ClassVar[Severity] = Severity.ERROR
    Settings: ClassVar[type[PolicySettings]] = PolicySettings

    @classmethod
    def help_url(cls) -> str:
        return f"{DOCS_URL}#{cls.id.lower()}-{cls.slug}"

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or cls.title).strip().splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or cls.title)

    @classmethod
    def rule_doc(cls) -> RuleDoc:
        """What a report shows about this policy (a class may set ``security_severity``)."""
        score = getattr(cls, "security_severity", None)
        return RuleDoc(
            cls.slug,
            cls.title,
            cls.summary(),
            cls.documentation(),
            cls.help_url(),
            None if score is None else str(score),
        )

    def finding(
        self,
        settings: PolicySettings,
        message: str,
        **kwargs: Any,
    ) -> Finding:
        """A Finding of this policy at its configured severity (kwargs: Finding fields)."""
        kwargs.setdefault("help_url", self.help_url())
        kwargs.setdefault("title", self.title)
        severity = kwargs.pop("severity", None) or settings.severity or self.default_severity
        return Finding(policy_id=self.id, severity=severity, message=message, **kwargs)

    @abstractmethod
    def evaluate(self, ctx: Context, settings: SettingsT) -> Iterator[Finding | Metric]:
        """Yield findings (and metrics); ask ``ctx`` for every input, never read files."""
