from .organisations import Organisation
from .plans import (
                    Action,
                    ActionStatus,
                    Adoption,
                    Line,
                    Plan,
                    PlanAuthor,
                    ProgressUpdate,
                    Reference,
                    Responsibility,
                    Target,
                    TimingKind,
)
from .scopes import PlanEditor

__all__ = ["Action", "ActionStatus", "Adoption", "Line", "Organisation", "Plan", "PlanAuthor", "PlanEditor", "ProgressUpdate",
           "Reference", "Responsibility", "Target", "TimingKind"]
