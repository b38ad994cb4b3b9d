from .initiatives import Category, Initiative, InitiativeQuerySet
from .question_parts import QuestionPart
from .questions import ParliamentaryQuestion

__all__ = ["Category", "Initiative", "InitiativeQuerySet", "ParliamentaryQuestion", "QuestionPart"]
