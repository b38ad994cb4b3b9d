from .organisations import Organisation
from .plans import Action, ActionStatus, Adoption, Line, Plan, ProgressUpdate, Target, TimingKind

__all__ = ["Action", "ActionStatus", "Adoption", "Line", "Organisation", "Plan", "ProgressUpdate", "Target",
           "TimingKind"]
