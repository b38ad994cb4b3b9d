from .organisations import Organisation
from .plans import (Action, ActionStatus, Adoption, Line, Plan, PlanAuthor, ProgressUpdate, Reference, Responsibility,
                    Target, TimingKind)

__all__ = ["Action", "ActionStatus", "Adoption", "Line", "Organisation", "Plan", "PlanAuthor", "ProgressUpdate",
           "Reference", "Responsibility", "Target", "TimingKind"]
