from .initiatives import Category, Initiative, InitiativeQuerySet
from .questions import ParliamentaryQuestion

__all__ = ["Category", "Initiative", "InitiativeQuerySet", "ParliamentaryQuestion"]
