from .areas import Country, Municipality, MunicipalityQuerySet, Province
from .care_forms import FosterCareForm
from .figures import KeyFigure
from .scopes import EditorProvince
from .shapes import MapLayer, MapShape
from .status import Status, StatusEvent

__all__ = [
    "Country",
    "EditorProvince",
    "FosterCareForm",
    "KeyFigure",
    "MapLayer",
    "MapShape",
    "Municipality",
    "MunicipalityQuerySet",
    "Province",
    "Status",
    "StatusEvent",
]
